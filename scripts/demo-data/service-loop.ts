/**
 * Demo requests and work orders for the current month and the two before it, so the desk,
 * lists, dispatch board, 待督导 and the KPI page have something to show on first start.
 *
 * Going through the services would take a transaction per step (tens of seconds for a few
 * hundred orders), so each order's life is simulated here step by step with the rules the
 * services follow — the same classifier, SLA rules, working-day calendar and clock timing —
 * and the result is written set-based: rows, history with actors, and every clock started,
 * met, paused, cancelled or breached as the services would have left it. Clocks that fell
 * due in the last two hours are left for the sweeper, so the first start sends real warnings.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../server/src/kernel/db/index.ts';
import type { Deps } from '../../server/src/kernel/deps.ts';
import { rows, uuid7 } from '../../server/src/kernel/db/index.ts';
import { users } from '../../server/src/kernel/auth/auth.tables.ts';
import { calendars, type BusinessCalendar } from '../../server/src/kernel/calendar/index.ts';
import { deadlines } from '../../server/src/kernel/deadlines/index.ts';
import { milestoneAt } from '../../server/src/kernel/deadlines/index.ts';
import { nextFireAt } from '../../server/src/kernel/deadlines/schedule.ts';
import { files, fileStorage } from '../../server/src/kernel/files/index.ts';
import { shanghaiDate } from '../../server/src/kernel/time.ts';
import { matchRule, rulesOf, type SlaRule } from '../../server/src/modules/sla/index.ts';
import { workOrders, workOrderHistory } from '../../server/src/modules/workorders/index.ts';
import { classify, requests } from '../../server/src/modules/requests/index.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Deterministic pseudo-random numbers (mulberry32), so every demo start looks the same. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    weighted: <T>(xs: ReadonlyArray<readonly [T, number]>): T => {
      let r = next() * xs.reduce((s, [, w]) => s + w, 0);
      for (const [x, w] of xs) if ((r -= w) < 0) return x;
      return xs[xs.length - 1][0];
    },
  };
}
type Rnd = ReturnType<typeof prng>;

/** What owners and staff report, by the kind of place: `{room}` / `{b}` (building) are filled in. */
const HOUSEHOLD = [
  '厨房水龙头漏水，关不紧', '卫生间马桶堵了', '阳台地漏返水，有臭味', '客厅灯不亮，换了灯泡也不行', '卧室插座没电',
  '热水器不出热水', '楼上漏水，我家天花板在滴水', '家里跳闸了，总闸推不上去', '卫生间墙面渗水', '客厅墙皮脱落，有裂缝',
  '阳台窗户关不严，漏风', '入户门锁坏了，智能锁打不开', '厨房下水道堵塞', '卫生间吊顶开裂', '可视对讲看不到画面',
];
const HOUSEHOLD_EMERGENCY = ['厨房水管爆裂，水一直往外喷', '家里有燃气味，怀疑燃气泄漏', '卫生间水管爆了，水漫到客厅', '插座冒烟，闻到焦糊味'];
const COMMON: Record<string, string[]> = {
  elevator: ['{b}栋1单元电梯异响，坐着害怕', '{b}栋2单元电梯门关不上', '{b}栋电梯按钮失灵', '{b}栋1单元电梯停运了', '{b}栋电梯运行时抖动'],
  elevator_emergency: ['{b}栋2单元困梯，里面有老人', '有人被困电梯，{b}栋1单元，停在9楼', '{b}栋电梯里出不来了，快来人'],
  water_electric: ['{b}栋楼道灯不亮', '地下车库照明坏了一排', '{b}栋单元门口路灯不亮', '{b}栋楼道水管渗水', '中心花园水泵异响'],
  water_electric_emergency: ['{b}栋整栋停电了，楼道一片黑', '地下车库爆管了，水漫到车位'],
  civil: ['{b}栋大堂地砖开裂', '{b}栋楼梯扶手松动', '北大门台阶破损', '{b}栋外墙空鼓，怕掉下来', '小区路面井盖松动'],
  smart: ['{b}栋单元门禁刷卡没反应', '北大门道闸车牌识别不了', '{b}栋可视对讲没声音', '地下车库监控摄像头黑屏'],
  fire: ['{b}栋楼道灭火器过期了', '{b}栋消防栓门被撞坏了', '{b}栋应急灯不亮', '{b}栋烟感一直在响'],
  fire_emergency: ['{b}栋楼下垃圾桶着火了', '{b}栋12楼走廊冒烟'],
  greening: ['中心花园草坪很久没修剪了，杂草很高', '{b}栋门口树枝挡住路灯', '花坛里的花草枯死了'],
  cleaning: ['{b}栋楼道垃圾两天没清运，有异味', '地下车库有积水和垃圾', '{b}栋电梯厅很脏，需要保洁', '{b}栋楼道有小广告'],
  complaint: ['我要投诉楼上装修声太吵，晚上十点还在施工', '有人长期乱停车占用消防通道，没人管', '楼下邻居每天晚上很吵', '保安态度差，对老人很凶', '{b}栋有人遛狗不牵绳'],
  suggestion: ['建议在儿童游乐区加装遮阳棚', '希望能增加快递柜', '建议地下车库增设充电桩', '希望增加健身器材'],
  enquiry: ['请问物业费怎么交？', '想了解装修申请怎么办理', '请问停车月卡多少钱', '咨询一下门禁卡在哪里办理', '请问小区游泳池什么时候开放'],
};

const OPEN_FOR_ASSIGNEE = new Set(['dispatched', 'on_the_way', 'in_progress', 'waiting_parts', 'waiting_owner']);

interface Staff {
  clerk: string;
  dispatcher: string;
  supervisor: string | null;
  monitor: string | null;
  techs: Array<{ id: string; skills: string[] }>;
}
interface Ctx {
  companyId: string;
  communityId: string;
  formNo: number;
  cal: BusinessCalendar;
  rules: SlaRule[];
  staff: Staff;
  rooms: Array<{ id: string; code: string }>;
  owners: Map<string, string>; // roomId → owner user id
  reportFileId: string;
  openLoad: Map<string, number>;
  recent: number;
}
const RECENT = ['new', 'accepted', 'dispatched', 'in_progress', 'waiting_parts', 'on_the_way', 'completed', 'waiting_owner', 'signed_off', 'callback_done'];

interface Clock {
  companyId: string;
  communityId: string;
  subjectType: string;
  subjectId: string;
  kind: string;
  rule: SlaRule;
  startedAt: Date;
  dueAt: Date;
  pausedAt: Date | null;
  pausedMs: number;
  metAt: Date | null;
  cancelledAt: Date | null;
  payload: Record<string, unknown>;
}

/** The clocks as the sla module would keep them (start / meet / pause / resume / cancel). */
class ClockBook {
  readonly list: Clock[] = [];
  private readonly bySubject = new Map<string, Clock[]>();
  constructor(private readonly c: Ctx) {}
  private open(st: string, id: string) {
    return (this.bySubject.get(`${st}:${id}`) ?? []).filter((k) => !k.metAt && !k.cancelledAt);
  }
  start(st: string, id: string, kind: string, ctx: { category: string; urgency: string }, at: Date) {
    const rule = matchRule(this.c.rules, st, kind, ctx);
    if (!rule) return;
    const dueAt = rule.minutes !== null ? new Date(at.getTime() + rule.minutes * MIN) : this.c.cal.addWorkingDays(at, rule.workingDays ?? 0);
    const clock: Clock = { companyId: this.c.companyId, communityId: this.c.communityId, subjectType: st, subjectId: id, kind, rule, startedAt: at, dueAt, pausedAt: null, pausedMs: 0, metAt: null, cancelledAt: null, payload: { ...ctx } };
    this.list.push(clock);
    const key = `${st}:${id}`;
    this.bySubject.set(key, [...(this.bySubject.get(key) ?? []), clock]);
  }
  meet(subjects: Array<[string, string]>, kinds: string[], at: Date) {
    for (const [st, id] of subjects) for (const k of this.open(st, id)) if (kinds.includes(k.kind)) k.metAt = at;
  }
  pause(subjects: Array<[string, string]>, at: Date) {
    for (const [st, id] of subjects) for (const k of this.open(st, id)) k.pausedAt ??= at;
  }
  resume(subjects: Array<[string, string]>, at: Date) {
    for (const [st, id] of subjects)
      for (const k of this.open(st, id)) {
        if (!k.pausedAt) continue;
        const paused = Math.max(0, at.getTime() - k.pausedAt.getTime());
        k.dueAt = new Date(k.dueAt.getTime() + paused);
        k.pausedMs += paused;
        k.pausedAt = null;
      }
  }
  cancel(subjects: Array<[string, string]>, at: Date) {
    for (const [st, id] of subjects) for (const k of this.open(st, id)) k.cancelledAt = at;
  }
}

/**
 * A clock row as the sweeper would have left it by `cutoff`: milestones whose time came
 * fired, the breach recorded at its due time, repeats counted. Firings after the cutoff
 * stay pending (the sweeper sends them on the first start).
 */
function clockRow(k: Clock, cutoff: Date) {
  const ranUntil = Math.min((k.metAt ?? k.cancelledAt ?? k.pausedAt ?? cutoff).getTime(), cutoff.getTime());
  const milestones = k.rule.milestones ?? [];
  const timing = { startedAt: k.startedAt, dueAt: k.dueAt, pausedMs: k.pausedMs, milestones, firedMilestones: [] as number[], breachedAt: null as Date | null, repeatEveryMinutes: k.rule.repeatEveryMinutes, repeatCount: 0 };
  timing.firedMilestones = milestones.filter((f) => milestoneAt(timing, f).getTime() <= ranUntil);
  if (k.dueAt.getTime() <= ranUntil) {
    timing.breachedAt = k.dueAt;
    if (timing.repeatEveryMinutes) timing.repeatCount = Math.floor((ranUntil - k.dueAt.getTime()) / (timing.repeatEveryMinutes * MIN));
  }
  const done = k.metAt || k.cancelledAt;
  return {
    companyId: k.companyId,
    communityId: k.communityId,
    subjectType: k.subjectType,
    subjectId: k.subjectId,
    kind: k.kind,
    startedAt: k.startedAt,
    dueAt: k.dueAt,
    durationMinutes: k.rule.minutes,
    durationWorkingDays: k.rule.minutes === null ? k.rule.workingDays : null,
    pausedAt: k.pausedAt,
    pausedMs: k.pausedMs,
    metAt: k.metAt,
    breachedAt: timing.breachedAt,
    cancelledAt: k.cancelledAt,
    milestones,
    firedMilestones: timing.firedMilestones,
    repeatEveryMinutes: timing.repeatEveryMinutes,
    repeatCount: timing.repeatCount,
    nextFireAt: done ? null : nextFireAt(timing),
    payload: k.payload,
    createdAt: k.startedAt,
  };
}

type RequestRow = typeof requests.$inferInsert;
type WorkOrderRow = typeof workOrders.$inferInsert;
type HistoryRow = typeof workOrderHistory.$inferInsert;

/** The final state an order reached, by its age: old ones are done, recent ones spread over the loop. */
function finalState(r: Rnd, ageMs: number): string {
  if (ageMs > 4 * DAY) return r.weighted([['closed', 90], ['cancelled', 6], ['callback_done', 4]]);
  if (ageMs > 1 * DAY)
    return r.weighted([['closed', 35], ['callback_done', 12], ['signed_off', 10], ['completed', 8], ['in_progress', 8], ['waiting_parts', 8], ['waiting_owner', 5], ['dispatched', 5], ['cancelled', 4], ['accepted', 5]]);
  return r.weighted([['new', 14], ['accepted', 14], ['dispatched', 16], ['on_the_way', 10], ['in_progress', 18], ['waiting_owner', 6], ['completed', 12], ['signed_off', 6], ['cancelled', 4]]);
}

/** One request (and its work order) through the loop up to the state it is in at `now`. */
function simulate(r: Rnd, c: Ctx, book: ClockBook, createdAt: Date, now: Date, monthStart: Date, out: { requests: RequestRow[]; orders: WorkOrderRow[]; history: HistoryRow[] }) {
  const before = out.orders.length;
  lifecycle(r, c, book, createdAt, now, monthStart, out);
  const wo = out.orders.length > before ? out.orders[out.orders.length - 1] : null;
  if (!wo) return;
  if (wo.assigneeId && OPEN_FOR_ASSIGNEE.has(wo.status!)) c.openLoad.set(wo.assigneeId, (c.openLoad.get(wo.assigneeId) ?? 0) + 1);
  supervise(r, c, wo, now, out.history);
}

/**
 * 督导 (R-WO-7): some time after the appointment the supervisor calls the owner and records
 * whether the technician came on time (the arrival says so), late, or that nobody answered;
 * some of the last days' are not checked yet (they show in 待督导).
 */
function supervise(r: Rnd, c: Ctx, wo: WorkOrderRow, now: Date, history: HistoryRow[]) {
  const appointmentAt = wo.appointmentAt;
  if (!appointmentAt || !wo.arrivedAt || !c.staff.supervisor) return;
  const when = new Date(appointmentAt.getTime() + r.int(10, 90) * MIN);
  // the last three days' checks are partly still to do (they show in 待督导); older ones were all done
  if (when.getTime() > now.getTime() - MIN || (now.getTime() - when.getTime() < 3 * DAY && r.chance(0.4))) return;
  const mine = history.filter((h) => h.workOrderId === wo.id && h.at! <= when);
  const status = mine[mine.length - 1]?.toStatus;
  if (!status || status === 'closed' || status === 'cancelled') return;
  const lateBy = Math.round((wo.arrivedAt.getTime() - appointmentAt.getTime()) / MIN);
  const result = r.chance(0.08) ? 'not_reached' : lateBy > 10 ? 'late' : 'on_time';
  const note = result === 'not_reached' ? '电话无人接听' : result === 'late' ? '业主反映师傅晚到，已提醒' : null;
  Object.assign(wo, { supervisedAt: when, supervisedBy: c.staff.supervisor, supervisionResult: result, supervisionLateMinutes: result === 'late' ? lateBy : null, supervisionNote: note });
  history.push({ id: uuid7(when.getTime()), workOrderId: wo.id!, action: 'supervise', fromStatus: status, toStatus: status, actorId: c.staff.supervisor, at: when, data: { result, lateMinutes: result === 'late' ? lateBy : null, note, promisedAt: appointmentAt.toISOString() } });
}

function lifecycle(r: Rnd, c: Ctx, book: ClockBook, createdAt: Date, now: Date, monthStart: Date, out: { requests: RequestRow[]; orders: WorkOrderRow[]; history: HistoryRow[] }) {
  const ageMs = now.getTime() - createdAt.getTime();
  // What was reported: a repair in a home or a common place, or a complaint / suggestion / enquiry.
  const kind = r.weighted([['household', 38], ['common', 37], ['complaint', 10], ['suggestion', 5], ['enquiry', 10]] as const);
  const b = String(r.int(1, 8));
  let room: { id: string; code: string } | null = null;
  let text: string;
  if (kind === 'household') {
    room = r.pick(c.rooms);
    text = r.chance(0.12) ? r.pick(HOUSEHOLD_EMERGENCY) : r.pick(HOUSEHOLD);
  } else if (kind === 'common') {
    const type = r.weighted([['elevator', 22], ['water_electric', 22], ['civil', 14], ['smart', 12], ['fire', 8], ['greening', 8], ['cleaning', 14]] as const);
    const emergencies = COMMON[`${type}_emergency`];
    text = (emergencies && r.chance(0.2) ? r.pick(emergencies) : r.pick(COMMON[type])).replace('{b}', b);
  } else {
    text = r.pick(COMMON[kind]).replace('{b}', b);
    if (kind === 'complaint' && r.chance(0.5)) room = r.pick(c.rooms);
  }
  const proposed = classify(text);
  const category = proposed.category;
  const urgency = proposed.urgency;
  const repair = !['complaint', 'suggestion', 'enquiry'].includes(category);
  const ownerId = room ? c.owners.get(room.id) : undefined;
  // owners file from the app (never today: the daily cap stays free for the demo's own use)
  const fromApp = !!ownerId && ageMs > 2 * DAY && r.chance(0.35);
  const afterHours = !fromApp && !c.cal.isWorkingTime(createdAt);
  const receiver = afterHours && c.staff.monitor ? c.staff.monitor : c.staff.clerk;
  const channel = fromApp ? 'app' : r.weighted([['phone', 55], ['walk_in', 20], ['wechat', 15], ['staff', 10]] as const);
  const reqId = uuid7(createdAt.getTime());
  const location = room ? '' : text.match(/^(\d+栋(?:\d单元)?|北大门|中心花园|地下车库)/)?.[0] ?? '';
  const req: RequestRow = {
    id: reqId, companyId: c.companyId, communityId: c.communityId, roomId: room?.id ?? null, location, channel, description: text,
    descriptionKey: `demo:${reqId}`, photos: [], category, urgency, proposedCategory: category, proposedUrgency: urgency, matched: proposed.matched,
    reporterUserId: fromApp ? ownerId! : null, firstContactId: fromApp ? c.staff.clerk : receiver, afterHours, createdAt,
    status: 'open', handedOverAt: null, handedOverTo: null,
  };
  // the night log is handed over to customer service the next morning (the last night's is still waiting)
  const handedOver = new Date(createdAt.getTime() + 10 * HOUR);
  if (afterHours && handedOver.getTime() < now.getTime()) Object.assign(req, { handedOverAt: handedOver, handedOverTo: c.staff.clerk });
  out.requests.push(req);
  const ctx = { category, urgency };
  const reqSubject: [string, string] = ['request', reqId];
  for (const k of ['response', 'feedback', 'result']) book.start('request', reqId, k, ctx, createdAt);
  const at = (t: number) => new Date(createdAt.getTime() + t);
  const past = (d: Date) => d.getTime() < now.getTime() - MIN;

  if (!repair) {
    // the clerk classifies (responded) and later answers; recent ones may still be open
    const classifiedAt = at(r.int(2, 40) * MIN);
    if (!past(classifiedAt)) return;
    req.classifiedBy = c.staff.clerk;
    req.classifiedAt = classifiedAt;
    book.meet([reqSubject], ['response'], classifiedAt);
    const answeredAt = at(r.int(1, 40) * HOUR);
    if (past(answeredAt) && (ageMs > 3 * DAY || r.chance(0.5))) {
      book.meet([reqSubject], ['response', 'feedback', 'result'], answeredAt);
      req.status = 'closed';
      req.closedAt = answeredAt;
      req.reply = category === 'enquiry' ? '已电话答复业主' : category === 'suggestion' ? '感谢建议，已转相关部门评估' : '已核实并处理，已向业主反馈结果';
    }
    return;
  }

  // A repair: the work order is created with the request (state new).
  // the last day and a half always holds work at each step of the loop (to accept, to dispatch, under way, to call back)
  let target = ageMs < 36 * HOUR ? RECENT[c.recent++ % RECENT.length] : finalState(r, ageMs);
  if (category === 'elevator' && createdAt >= monthStart && (target === 'completed' || target === 'signed_off')) target = 'callback_done';
  const woId = uuid7(createdAt.getTime() + 1);
  const both: Array<[string, string]> = [['work_order', woId], reqSubject];
  const woCtx = { category, urgency };
  const formNo = ++c.formNo;
  const repairNow = urgency === 'emergency' || r.chance(0.55);
  const techs = c.staff.techs.filter((t) => t.skills.includes(category));
  const pool = techs.length ? techs : c.staff.techs;
  // the lightest-loaded skilled technician, as the dispatcher's suggestions would propose
  const tech = [...pool].sort((x, y) => (c.openLoad.get(x.id) ?? 0) - (c.openLoad.get(y.id) ?? 0) || (r.chance(0.5) ? 1 : -1))[0];
  if (OPEN_FOR_ASSIGNEE.has(target) && (c.openLoad.get(tech.id) ?? 0) >= 6) target = 'callback_done';
  const wo: WorkOrderRow = {
    id: woId, companyId: c.companyId, communityId: c.communityId, formNo, requestId: reqId, roomId: room?.id ?? null, location, type: category, urgency,
    scope: (room && ['water_electric', 'civil', 'smart', 'other'].includes(category) ? 'household' : 'common') as 'household' | 'common', repairNow, description: text, status: 'new',
    reporterUserId: req.reporterUserId, createdBy: fromApp ? ownerId! : receiver, createdAt, updatedAt: createdAt, handlers: [],
  };
  req.workOrderId = woId;
  req.status = 'routed';
  out.orders.push(wo);
  let seq = 0;
  const hist = (action: string, from: string | null, to: string, actorId: string | null, when: Date, data: Record<string, unknown> = {}) => {
    out.history.push({ id: uuid7(when.getTime() + seq++), workOrderId: woId, action, fromStatus: from, toStatus: to, actorId, at: when, data });
    wo.status = to as WorkOrderRow['status'];
    wo.updatedAt = when;
  };
  hist('create', null, 'new', wo.createdBy ?? null, createdAt, { formNo });
  const cancel = (when: Date, reason: string, actor: string) => {
    if (!past(when)) return;
    book.cancel(both, when);
    wo.cancelReason = reason;
    wo.closedAt = when;
    hist('cancel', wo.status!, 'cancelled', actor, when, { reason });
    req.status = 'cancelled';
    req.closedAt = when;
  };
  if (target === 'new') return;
  if (target === 'cancelled' && r.chance(0.5)) return cancel(at(r.int(5, 60) * MIN), r.pick(['业主已自行处理', '重复报修', '业主取消']), c.staff.clerk);

  // 受理: emergencies within minutes; a few answered late
  const late = r.chance(urgency === 'emergency' ? 0.05 : 0.1);
  const acceptedAt = at((urgency === 'emergency' ? (late ? r.int(16, 40) : r.int(2, 12)) : late ? r.int(125, 300) : r.int(5, 100)) * MIN);
  if (!past(acceptedAt)) return;
  book.meet(both, ['response'], acceptedAt);
  book.start('work_order', woId, 'dispatch', woCtx, acceptedAt);
  wo.acceptedAt = acceptedAt;
  req.classifiedBy = c.staff.clerk;
  req.classifiedAt = acceptedAt;
  hist('accept', 'new', 'accepted', c.staff.clerk, acceptedAt, { mode: 'assign' });
  if (target === 'accepted') return;
  if (target === 'cancelled') return cancel(new Date(acceptedAt.getTime() + r.int(10, 120) * MIN), r.pick(['业主已自行处理', '非物业维修范围，已告知业主']), c.staff.dispatcher);

  // 派单 with an ETA; an appointment when it is not "repair now"
  const emergency = urgency === 'emergency';
  const dispatchedAt = new Date(acceptedAt.getTime() + (r.chance(emergency ? 0.03 : 0.1) ? r.int(35, 120) : emergency ? r.int(2, 8) : r.int(3, 25)) * MIN);
  if (!past(dispatchedAt)) return;
  const appointmentAt = repairNow ? null : new Date(Math.ceil((dispatchedAt.getTime() + r.int(2, 20) * HOUR) / (30 * MIN)) * 30 * MIN);
  const etaMinutes = repairNow ? (emergency ? r.int(5, 15) : r.int(10, 30)) : Math.round((appointmentAt!.getTime() - dispatchedAt.getTime()) / MIN);
  book.meet(both, ['dispatch', 'feedback'], dispatchedAt);
  if (repairNow) book.start('work_order', woId, 'on_site', woCtx, dispatchedAt);
  Object.assign(wo, { assigneeId: tech.id, handlers: [tech.id], dispatchedAt, etaAt: new Date(dispatchedAt.getTime() + etaMinutes * MIN), appointmentAt });
  hist('dispatch', 'accepted', 'dispatched', c.staff.dispatcher, dispatchedAt, { assigneeId: tech.id, etaMinutes });
  const promised = wo.etaAt!;
  if (target === 'dispatched') return;

  // 出发, 开始维修 (on site): mostly on time, some late
  const arrivedAt = new Date(Math.max(dispatchedAt.getTime() + 3 * MIN, promised.getTime() + (r.chance(0.12) ? r.int(11, 40) : -r.int(0, 9)) * MIN));
  const departedAt = new Date(Math.max(dispatchedAt.getTime() + MIN, arrivedAt.getTime() - r.int(5, 15) * MIN));
  if (!past(departedAt)) return;
  hist('depart', 'dispatched', 'on_the_way', tech.id, departedAt);
  if (target === 'on_the_way' || !past(arrivedAt)) return;
  book.meet(both, ['on_site'], arrivedAt);
  wo.arrivedAt = arrivedAt;
  hist('start', 'on_the_way', 'in_progress', tech.id, arrivedAt);

  if (target === 'in_progress') return;
  if (target.startsWith('waiting')) {
    const reason = target === 'waiting_parts' ? 'parts' : 'owner';
    const when = new Date(arrivedAt.getTime() + r.int(10, 60) * MIN);
    if (!past(when)) return;
    const note = reason === 'parts' ? r.pick(['需要更换阀芯，配件已订购', '需要更换门机配件，等厂家送货', '灯具型号停产，等替代件']) : '上门未遇，已在门上留言条';
    book.pause(both, when);
    Object.assign(wo, { waitReason: reason, waitNote: note });
    hist('wait', 'in_progress', target, tech.id, when, { reason, note, appointmentAt: null });
    return;
  }

  // 完工 (elevator / fire jobs with their operation record and test report)
  const completedAt = new Date(arrivedAt.getTime() + r.int(20, 180) * MIN);
  const callbackAt = new Date(completedAt.getTime() + (r.chance(0.1) ? r.int(25, 40) : r.int(2, 20)) * HOUR);
  if (!past(completedAt)) return;
  // this month's elevator jobs are all called back once completed (the KPI page's elevator row shows 100%)
  if (category === 'elevator' && createdAt >= monthStart && !past(callbackAt)) return;
  const special = category === 'elevator' || category === 'fire';
  book.meet(both, ['result', 'feedback', 'on_site'], completedAt);
  book.start('work_order', woId, 'callback', woCtx, completedAt);
  book.start('work_order', woId, 'rating', woCtx, completedAt);
  const summary = r.pick(['已更换配件，试用正常', '已疏通，排水正常', '已修复，现场清理完毕', '已调整复位，运行正常', '已更换损坏部件并测试']);
  Object.assign(wo, { completedAt, summary, operationRecord: special ? '断电检查—更换/调整部件—复位—试运行正常' : null, testReportFileId: special ? c.reportFileId : null });
  hist('complete', 'in_progress', 'completed', tech.id, completedAt, { signed: false, chargeFen: 0 });
  // the rating window running out moves the order on without a rating (the sweeper's rating-timeout);
  // windows that closed in the last two hours are left for the sweeper to act on at start
  const ratingRule = matchRule(c.rules, 'work_order', 'rating', woCtx);
  const ratingDue = ratingRule?.minutes ? new Date(completedAt.getTime() + ratingRule.minutes * MIN) : null;
  const timeout = (before: Date | null) => {
    if (!ratingDue || wo.status !== 'completed' || ratingDue.getTime() > now.getTime() - 2 * HOUR || (before && before <= ratingDue)) return;
    hist('rating-timeout', 'completed', 'signed_off', null, ratingDue, { rated: false });
  };
  if (target === 'completed' && !(category === 'elevator' && createdAt >= monthStart)) return timeout(null);

  // the owner rates (in the app, or on the paper form recorded by the clerk)
  const rated = r.chance(0.75);
  const signedAt = new Date(completedAt.getTime() + r.int(10, 600) * MIN);
  const satisfaction = r.weighted([[5, 60], [4, 28], [3, 9], [2, 3]] as const);
  if (rated && past(signedAt) && signedAt < callbackAt) {
    book.meet([['work_order', woId]], ['rating'], signedAt);
    const punctuality = arrivedAt > promised ? r.int(2, 4) : r.weighted([[5, 70], [4, 30]] as const);
    const attitude = Math.min(5, satisfaction + r.int(0, 1));
    Object.assign(wo, { satisfaction, punctuality, attitude, ratingComment: satisfaction >= 4 ? r.pick(['师傅很专业', '响应很快，满意', null]) : '等了比较久' });
    hist('sign-off', 'completed', 'signed_off', req.reporterUserId ?? c.staff.clerk, signedAt, { satisfaction, punctuality, attitude });
  }
  if (target === 'signed_off' && !(category === 'elevator' && createdAt >= monthStart)) return timeout(null);
  timeout(callbackAt);

  // 回访 within 24 h (a few late), then 关闭
  if (!past(callbackAt)) return;
  const callbackSatisfaction = Math.max(3, satisfaction);
  book.meet([['work_order', woId]], ['callback', 'rating'], callbackAt);
  Object.assign(wo, { callbackFixed: true, callbackSatisfaction });
  hist('callback', wo.status!, 'callback_done', r.chance(0.7) ? c.staff.clerk : (c.staff.supervisor ?? c.staff.clerk), callbackAt, { fixed: true, satisfaction: callbackSatisfaction, note: null });
  if (target === 'callback_done') return;
  const closedAt = new Date(callbackAt.getTime() + r.int(10, 180) * MIN);
  if (!past(closedAt)) return;
  book.meet(both, ['result', 'feedback'], closedAt);
  book.cancel(both, closedAt);
  wo.closedAt = closedAt;
  hist('close', 'callback_done', 'closed', c.staff.clerk, closedAt);
  req.status = 'closed';
  req.closedAt = closedAt;
}

/** A blank scanned "test report" for the demo's elevator and fire jobs (1×1 PNG). */
const REPORT_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function insertChunked<T>(rowsToInsert: T[], insert: (chunk: T[]) => Promise<unknown>, size = 400) {
  for (let i = 0; i < rowsToInsert.length; i += size) await insert(rowsToInsert.slice(i, i + size));
}

/**
 * The demo's service history for each community: `perDay` requests a day over the current
 * month and the two before it, up to `now`, with a busier last three days.
 */
export async function seedServiceLoop(tx: Db, deps: Deps, input: { companyId: string; communities: Array<{ id: string; perDay: number; staff: Record<keyof Staff, string | string[] | null> }> }): Promise<{ requests: number; workOrders: number }> {
  const now = deps.clock.now();
  const [y, m] = shanghaiDate(now).split('-').map(Number);
  const monthStart = new Date(`${y}-${String(m).padStart(2, '0')}-01T00:00:00+08:00`);
  const from = new Date(`${m > 2 ? y : y - 1}-${String(((m + 9) % 12) + 1).padStart(2, '0')}-01T00:00:00+08:00`);
  const usernames = input.communities.flatMap((c) => Object.values(c.staff).flat()).filter((x): x is string => !!x);
  const staffRows = await tx.select({ id: users.id, username: users.username, skills: users.skills }).from(users).where(and(eq(users.companyId, input.companyId), inArray(users.username, usernames)));
  const byName = new Map(staffRows.map((u) => [u.username!, u]));
  const id = (u: string | string[] | null) => (typeof u === 'string' ? (byName.get(u)?.id ?? null) : null);
  const storage = fileStorage(deps);
  const sha256 = await storage.put(REPORT_PNG);
  const out = { requests: [] as RequestRow[], orders: [] as WorkOrderRow[], history: [] as HistoryRow[] };
  const clocks: Clock[] = [];
  let n = 0;
  for (const [ci, community] of input.communities.entries()) {
    const r = prng(20261124 + ci);
    const rooms = await rows<{ id: string; code: string; owner: string | null }>(
      tx,
      sql`SELECT r.id, r.code, (SELECT u.id FROM room_occupancies o JOIN users u ON u.person_id = o.person_id AND u.kind = 'owner' WHERE o.room_id = r.id LIMIT 1) AS owner
            FROM rooms r WHERE r.community_id = ${community.id} AND r.status = 'occupied' ORDER BY r.code LIMIT 300`,
    );
    const [report] = await tx.insert(files).values({ companyId: input.companyId, communityId: community.id, sha256, mime: 'image/png', size: REPORT_PNG.length, originalName: '检测报告.png', uploadedBy: id(community.staff.supervisor) ?? id(community.staff.clerk)!, createdAt: from }).returning({ id: files.id });
    const c: Ctx = {
      companyId: input.companyId,
      communityId: community.id,
      formNo: 0,
      cal: await calendars.calendarFor(tx, community.id),
      rules: (await rulesOf(tx, community.id)).rules,
      staff: {
        clerk: id(community.staff.clerk)!,
        dispatcher: id(community.staff.dispatcher) ?? id(community.staff.clerk)!,
        supervisor: id(community.staff.supervisor),
        monitor: id(community.staff.monitor),
        techs: ((community.staff.techs as string[]) ?? []).map((u) => byName.get(u)).filter((u) => !!u).map((u) => ({ id: u!.id, skills: u!.skills ?? [] })),
      },
      rooms: rooms.map((x) => ({ id: x.id, code: x.code })),
      owners: new Map(rooms.filter((x) => x.owner).map((x) => [x.id, x.owner!])),
      reportFileId: report.id,
      openLoad: new Map(),
      recent: 0,
    };
    if (!c.staff.techs.length || !c.rooms.length) continue;
    const book = new ClockBook(c);
    // request times: day by day, more in office hours, a busier last three days
    const times: Date[] = [];
    for (let day = from.getTime(); day < now.getTime(); day += DAY) {
      const busy = now.getTime() - day < 3 * DAY ? 2 : 1;
      const count = Math.round(community.perDay * busy * (0.6 + r.next() * 0.8));
      for (let i = 0; i < count; i++) {
        const hour = r.weighted([[r.int(0, 7), 1], [r.int(8, 11), 4], [r.int(12, 17), 4], [r.int(18, 23), 2]] as const);
        const t = new Date(day + hour * HOUR + r.int(0, 59) * MIN + r.int(0, 59) * 1000);
        // leave the last quarter hour empty: the newest request at the desk is whatever is filed next
        if (t.getTime() < now.getTime() - 15 * MIN) times.push(t);
      }
    }
    times.sort((a, b) => a.getTime() - b.getTime());
    for (const t of times) simulate(r, c, book, t, now, monthStart, out);
    clocks.push(...book.list);
    if (c.formNo) await tx.execute(sql`INSERT INTO work_order_form_counters (community_id, last_no) VALUES (${community.id}, ${c.formNo}) ON CONFLICT (community_id) DO UPDATE SET last_no = ${c.formNo}`);
    n += times.length;
  }
  const cutoff = new Date(now.getTime() - 2 * HOUR);
  await insertChunked(out.requests, (chunk) => tx.insert(requests).values(chunk));
  await insertChunked(out.orders, (chunk) => tx.insert(workOrders).values(chunk));
  await insertChunked(out.history, (chunk) => tx.insert(workOrderHistory).values(chunk));
  await insertChunked(clocks.map((k) => clockRow(k, cutoff)), (chunk) => tx.insert(deadlines).values(chunk));
  return { requests: n, workOrders: out.orders.length };
}

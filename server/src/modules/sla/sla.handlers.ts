import type { Db } from '../../kernel/db/index.ts';
import { shanghaiMinute } from '../../kernel/time.ts';
import { fireEach, type ClockView, type DeadlineHandler, type DueFiring } from '../../kernel/deadlines/index.ts';
import { notifyMany, type Message } from '../notifications/index.ts';
import { staffIn, type StaffIndex } from './escalation.ts';

export const KIND_NAMES: Record<string, string> = {
  response: '响应',
  dispatch: '派单',
  on_site: '到场',
  feedback: '进展反馈',
  result: '结果反馈',
  callback: '回访',
  rating: '业主评价',
};

/** What a handler needs to know about the clock's subject at firing time. */
export interface SubjectInfo {
  companyId: string | null;
  label: string; // "工单 A-000123 电梯困人" …
  link: string;
  /** The person doing the job now (assignee, else the first-contact clerk). */
  assigneeIds: string[];
}

/** What the handlers need to know about clocks' subjects, for many clocks at once: one answer per clock, in order. */
export type SubjectLookup = (tx: Db, clocks: ClockView[]) => Promise<Array<SubjectInfo | null>>;

const SUPERVISOR = ['supervisor'];
const MANAGER = ['community_manager'];

/**
 * The escalation ladder of every SLA clock, each step exactly once (the sweeper fires each
 * milestone, the breach and each repeat once): 50% → assignee; 75% → assignee and
 * supervisor; breach → supervisor; first repeat after the breach → manager.
 * `extra` adds what a kind does besides (delay notices, the rating timeout).
 *
 * Set-based: a sweep's whole batch is one subject lookup, one staff query and one notification
 * statement; a single firing is the same code with one item.
 */
export function escalationHandler(lookup: SubjectLookup, extra: Partial<DeadlineHandler> = {}): DeadlineHandler {
  const name = (clock: ClockView) => KIND_NAMES[clock.kind] ?? clock.kind;
  /** The roles a firing pages besides the assignee; null when it sends nothing. */
  const paged = ({ clock, firing }: DueFiring): string[] | null => {
    if (firing.type === 'milestone') return firing.fraction >= 0.75 ? SUPERVISOR : [];
    if (firing.type === 'breach') return SUPERVISOR;
    // the first repeat firing (after an outage its number may be >1): repeatCount is the state before it
    return clock.repeatCount === 0 ? MANAGER : null;
  };
  /** The message of a firing that sends one: warnings go to the assignee too, the rest to the paged roles only. */
  const message = (f: DueFiring, s: SubjectInfo, staff: StaffIndex): Message => {
    const { clock, firing } = f;
    const recipients = [...(firing.type === 'milestone' ? s.assigneeIds : []), ...staff.of(clock.communityId, paged(f)!)];
    const base = { companyId: s.companyId, communityId: clock.communityId, recipients, body: `${name(clock)}时限 ${shanghaiMinute(clock.dueAt)}`, link: s.link, subjectType: clock.subjectType, subjectId: clock.subjectId };
    if (firing.type === 'milestone') return { ...base, kind: 'sla.warning', title: `【预警】${s.label} ${name(clock)}已用去 ${Math.round(firing.fraction * 100)}% 时限` };
    if (firing.type === 'breach') return { ...base, kind: 'sla.breach', title: `【超时】${s.label} ${name(clock)}已超时` };
    return { ...base, kind: 'sla.escalation', title: `【升级】${s.label} ${name(clock)}超时未处理，已升级至经理` };
  };
  const onFirings = async (tx: Db, firings: DueFiring[], now: Date) => {
    const sending = firings.filter((f) => paged(f) !== null);
    const clocks = [...new Map(sending.map((f) => [f.clock.id, f.clock])).values()];
    const infos = clocks.length ? await lookup(tx, clocks) : [];
    const subjects = new Map(clocks.map((c, i) => [c.id, infos[i]]));
    const known = sending.filter((f) => subjects.get(f.clock.id));
    const staff = await staffIn(tx, known.filter((f) => paged(f)!.length > 0).map((f) => f.clock.communityId), [...new Set(known.flatMap((f) => paged(f)!))]);
    await notifyMany(tx, now, known.map((f) => message(f, subjects.get(f.clock.id)!, staff)));
    await fireEach(extra, tx, firings, now);
  };
  return {
    onMilestone: (tx, clock, fraction, now) => onFirings(tx, [{ clock, firing: { type: 'milestone', fraction } }], now),
    onBreach: (tx, clock, now) => onFirings(tx, [{ clock, firing: { type: 'breach' } }], now),
    onRepeat: (tx, clock, repeatNumber, now) => onFirings(tx, [{ clock, firing: { type: 'repeat', repeatNumber } }], now),
    onFirings,
  };
}

import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { registerDeadlineHandler, type ClockView } from '../../kernel/deadlines/index.ts';
import { notify } from '../notifications/index.ts';
import { escalationHandler, staffIn, type SubjectInfo } from '../sla/index.ts';
import { workOrderInfos } from '../workorders/index.ts';
import { requests } from './requests.tables.ts';

const DESK = ['clerk', 'monitoring_center'];

/**
 * The requests' people (one answer per clock, in order): the first-contact clerk for the
 * response, else the work order's assignee, else the first-contact clerk, else the desk.
 */
async function requestInfos(tx: Db, clocks: ClockView[]): Promise<Array<SubjectInfo | null>> {
  const ids = [...new Set(clocks.map((c) => c.subjectId))];
  const found = ids.length ? await tx.select().from(requests).where(inArray(requests.id, ids)) : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  // the first-contact clerk answers the response clock: no need to ask the work order
  const clerkAnswers = (c: ClockView) => !!byId.get(c.subjectId)?.firstContactId && c.kind === 'response';
  const withOrder = clocks.filter((c) => byId.get(c.subjectId)?.workOrderId && !clerkAnswers(c));
  const orders = await workOrderInfos(tx, withOrder.map((c) => ({ id: byId.get(c.subjectId)!.workOrderId!, kind: c.kind })));
  const orderOf = new Map(withOrder.map((c, i) => [c.id, orders[i]]));
  const nobody = clocks.filter((c) => byId.has(c.subjectId) && !byId.get(c.subjectId)!.firstContactId && !orderOf.get(c.id)?.assigneeIds.length);
  const desk = await staffIn(tx, nobody.map((c) => byId.get(c.subjectId)!.communityId), DESK);
  return clocks.map((c) => {
    const r = byId.get(c.subjectId);
    if (!r) return null;
    const wo = orderOf.get(c.id);
    const assigneeIds = clerkAnswers(c) ? [r.firstContactId!] : wo?.assigneeIds.length ? wo.assigneeIds : r.firstContactId ? [r.firstContactId] : desk.of(r.communityId, DESK);
    return { companyId: r.companyId, label: `报事「${r.description.slice(0, 20)}」`, link: `/console/requests/${r.id}`, assigneeIds };
  });
}

/**
 * The result promise (R-DESK-3): when 2 working days pass without a result, and every
 * day after until it is met, the owner gets a delay notice with the recorded reason and
 * expected date; the handler is reminded to record them when they are missing.
 */
async function delayNotice(tx: Db, clock: ClockView, now: Date): Promise<void> {
  const [r] = await tx
    .update(requests)
    .set({ delayNotices: sql`${requests.delayNotices} + 1` })
    .where(eq(requests.id, clock.subjectId))
    .returning();
  if (!r) return;
  const expected = r.expectedAt ? new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium' }).format(r.expectedAt) : '待定，我们会尽快告知';
  await notify(tx, now, {
    companyId: r.companyId, communityId: r.communityId, recipients: [r.reporterUserId], kind: 'request.delay',
    title: '您的报事仍在处理中（延期说明）', body: `延期原因：${r.delayReason ?? '正在协调处理'}；预计完成：${expected}`,
    link: `/app/requests/${r.id}`, subjectType: 'request', subjectId: r.id, sms: true,
  });
  if (!r.delayReason) {
    const [info] = await requestInfos(tx, [clock]);
    await notify(tx, now, { companyId: r.companyId, communityId: r.communityId, recipients: info?.assigneeIds ?? [], kind: 'request.delay_reason_missing', title: `请填写延期原因与预计完成时间：${info?.label ?? ''}`, link: `/console/requests/${r.id}`, subjectType: 'request', subjectId: r.id });
  }
}

export function registerRequestClocks(): void {
  const ladder = escalationHandler(requestInfos); // one handler: one set-based call per sweep batch
  for (const kind of ['response', 'feedback']) registerDeadlineHandler({ subjectType: 'request', kind }, ladder);
  registerDeadlineHandler(
    { subjectType: 'request', kind: 'result' },
    escalationHandler(requestInfos, {
      onBreach: (tx, clock, now) => delayNotice(tx, clock, now),
      onRepeat: (tx, clock, _n, now) => delayNotice(tx, clock, now),
    }),
  );
}

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { registerDeadlineHandler, type ClockView } from '../../kernel/deadlines/index.ts';
import { notify } from '../notifications/index.ts';
import { escalationHandler, staffWithRole, type SubjectInfo } from '../sla/index.ts';
import { workOrderInfo } from '../workorders/index.ts';
import { requests } from './requests.tables.ts';

/** The request's people: its work order's assignee, else its first-contact owner, else the desk. */
async function requestInfo(tx: Db, clock: ClockView): Promise<SubjectInfo | null> {
  const [r] = await tx.select().from(requests).where(eq(requests.id, clock.subjectId));
  if (!r) return null;
  const wo = r.workOrderId ? await workOrderInfo(tx, r.workOrderId, clock.kind) : null;
  const assigneeIds = r.firstContactId && clock.kind === 'response' ? [r.firstContactId] : wo?.assigneeIds.length ? wo.assigneeIds : r.firstContactId ? [r.firstContactId] : await staffWithRole(tx, r.communityId, ['clerk', 'monitoring_center']);
  return { companyId: r.companyId, label: `报事「${r.description.slice(0, 20)}」`, link: `/console/requests/${r.id}`, assigneeIds };
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
    const info = await requestInfo(tx, clock);
    await notify(tx, now, { companyId: r.companyId, communityId: r.communityId, recipients: info?.assigneeIds ?? [], kind: 'request.delay_reason_missing', title: `请填写延期原因与预计完成时间：${info?.label ?? ''}`, link: `/console/requests/${r.id}`, subjectType: 'request', subjectId: r.id });
  }
}

export function registerRequestClocks(): void {
  for (const kind of ['response', 'feedback']) registerDeadlineHandler({ subjectType: 'request', kind }, escalationHandler(requestInfo));
  registerDeadlineHandler(
    { subjectType: 'request', kind: 'result' },
    escalationHandler(requestInfo, {
      onBreach: (tx, clock, now) => delayNotice(tx, clock, now),
      onRepeat: (tx, clock, _n, now) => delayNotice(tx, clock, now),
    }),
  );
}

import type { Db } from '../../kernel/db/index.ts';
import type { ClockView, DeadlineHandler } from '../../kernel/deadlines/index.ts';
import { notify } from '../notifications/index.ts';
import { managersOf, supervisorsOf } from './escalation.ts';

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

export type SubjectLookup = (tx: Db, clock: ClockView) => Promise<SubjectInfo | null>;

/**
 * The escalation ladder of every SLA clock, each step exactly once (the sweeper fires each
 * milestone, the breach and each repeat once): 50% → assignee; 75% → assignee and
 * supervisor; breach → supervisor; first repeat after the breach → manager.
 * `extra` adds what a kind does besides (delay notices, the rating timeout).
 */
export function escalationHandler(lookup: SubjectLookup, extra: Partial<DeadlineHandler> = {}): DeadlineHandler {
  const name = (clock: ClockView) => KIND_NAMES[clock.kind] ?? clock.kind;
  const send = async (tx: Db, clock: ClockView, now: Date, s: SubjectInfo, kind: string, recipients: string[], title: string) =>
    notify(tx, now, {
      companyId: s.companyId,
      communityId: clock.communityId,
      recipients,
      kind,
      title,
      body: `${name(clock)}时限 ${clock.dueAt.toISOString()}`,
      link: s.link,
      subjectType: clock.subjectType,
      subjectId: clock.subjectId,
    });
  return {
    async onMilestone(tx, clock, fraction, now) {
      const s = await lookup(tx, clock);
      if (s) {
        const recipients = fraction >= 0.75 ? [...s.assigneeIds, ...(await supervisorsOf(tx, clock.communityId))] : s.assigneeIds;
        await send(tx, clock, now, s, 'sla.warning', recipients, `【预警】${s.label} ${name(clock)}已用去 ${Math.round(fraction * 100)}% 时限`);
      }
      await extra.onMilestone?.(tx, clock, fraction, now);
    },
    async onBreach(tx, clock, now) {
      const s = await lookup(tx, clock);
      if (s) await send(tx, clock, now, s, 'sla.breach', await supervisorsOf(tx, clock.communityId), `【超时】${s.label} ${name(clock)}已超时`);
      await extra.onBreach?.(tx, clock, now);
    },
    async onRepeat(tx, clock, n, now) {
      // the first repeat firing (after an outage its number may be >1): repeatCount is the state before it
      if (clock.repeatCount === 0) {
        const s = await lookup(tx, clock);
        if (s) await send(tx, clock, now, s, 'sla.escalation', await managersOf(tx, clock.communityId), `【升级】${s.label} ${name(clock)}超时未处理，已升级至经理`);
      }
      await extra.onRepeat?.(tx, clock, n, now);
    },
  };
}

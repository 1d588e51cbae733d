import type { Db } from '../../kernel/db/index.ts';
import { calendars } from '../../kernel/calendar/index.ts';
import { cancelClock, changeDuration, getClocks, meetClock, pauseClock, resumeClock, startClock, type ClockDuration, type ClockView } from '../../kernel/deadlines/index.ts';
import { matchRule, rulesOf, type MatchContext } from './sla.service.ts';
import type { SlaRule } from './sla.defaults.ts';

/**
 * The one place business code touches the deadlines kernel: start a clock from the
 * community's SLA rules, and pause/resume/meet/cancel every clock of a subject.
 */
export interface Subject {
  companyId?: string | null;
  communityId: string;
  subjectType: 'request' | 'work_order';
  subjectId: string;
}

const durationOf = (r: SlaRule): ClockDuration => (r.workingDays !== null ? { workingDays: r.workingDays } : { minutes: r.minutes ?? 0 });
const isOpen = (c: ClockView) => !c.metAt && !c.cancelledAt;

/** Starts the `kind` clock when a rule covers it; returns null when the community has none. */
export async function startSlaClock(tx: Db, s: Subject, kind: string, ctx: MatchContext, startedAt: Date, payload: Record<string, unknown> = {}): Promise<ClockView | null> {
  const { rules } = await rulesOf(tx, s.communityId);
  const rule = matchRule(rules, s.subjectType, kind, ctx);
  if (!rule) return null;
  return startClock(tx, calendars, {
    companyId: s.companyId ?? null,
    communityId: s.communityId,
    subjectType: s.subjectType,
    subjectId: s.subjectId,
    kind,
    startedAt,
    duration: durationOf(rule),
    milestones: rule.milestones,
    repeatEveryMinutes: rule.repeatEveryMinutes ?? undefined,
    payload: { ...payload, ...ctx },
  });
}

export async function openClocks(db: Db, subjectType: string, subjectId: string): Promise<ClockView[]> {
  return (await getClocks(db, subjectType, subjectId)).filter(isOpen);
}

export async function meetSlaClock(tx: Db, subjectType: string, subjectId: string, kind: string, at: Date) {
  return meetClock(tx, { subjectType, subjectId, kind }, at);
}

/** Stops every running clock of the subject (waiting for the owner or for parts). */
export async function pauseAll(tx: Db, subjectType: string, subjectId: string, at: Date): Promise<void> {
  for (const c of await openClocks(tx, subjectType, subjectId)) await pauseClock(tx, { subjectType, subjectId, kind: c.kind }, at);
}

export async function resumeAll(tx: Db, subjectType: string, subjectId: string, at: Date): Promise<void> {
  for (const c of await openClocks(tx, subjectType, subjectId)) await resumeClock(tx, { subjectType, subjectId, kind: c.kind }, at);
}

export async function cancelAll(tx: Db, subjectType: string, subjectId: string, at: Date): Promise<void> {
  for (const c of await openClocks(tx, subjectType, subjectId)) await cancelClock(tx, { subjectType, subjectId, kind: c.kind }, at);
}

/** Urgency or category changed: each running clock gets the new rule's time, keeping its original start. */
export async function reapplyRules(tx: Db, communityId: string, subjectType: 'request' | 'work_order', subjectId: string, ctx: MatchContext): Promise<void> {
  const { rules } = await rulesOf(tx, communityId);
  for (const c of await openClocks(tx, subjectType, subjectId)) {
    const rule = matchRule(rules, subjectType, c.kind, ctx);
    if (rule) await changeDuration(tx, calendars, { subjectType, subjectId, kind: c.kind }, durationOf(rule));
  }
}

/** API view of a subject's clocks (API.md: kind, dueAt, metAt, breached, pausedMs). */
export async function clockViews(db: Db, subjectType: string, subjectId: string, now: Date) {
  return (await getClocks(db, subjectType, subjectId)).map((c) => ({
    kind: c.kind,
    startedAt: c.startedAt.toISOString(),
    dueAt: c.dueAt.toISOString(),
    metAt: c.metAt?.toISOString() ?? null,
    cancelledAt: c.cancelledAt?.toISOString() ?? null,
    paused: c.pausedAt !== null,
    pausedMs: c.pausedMs + (c.pausedAt ? Math.max(0, now.getTime() - c.pausedAt.getTime()) : 0),
    breached: c.breachedAt !== null || (isOpen(c) && !c.pausedAt && c.dueAt <= now) || (c.metAt !== null && c.metAt > c.dueAt),
    breachedAt: c.breachedAt?.toISOString() ?? null,
  }));
}

/**
 * Pure timing rules of a clock: when each milestone, the breach and each repeat fall due,
 * and what a sweep at `now` must fire. Everything is derived from the stored state, so a
 * pause (which moves dueAt) moves every pending firing with it.
 */
import type { Firing } from './contract.ts';

export interface ClockTiming {
  startedAt: Date;
  dueAt: Date;
  pausedMs: number;
  milestones: number[];
  firedMilestones: number[];
  breachedAt: Date | null;
  repeatEveryMinutes: number | null;
  repeatCount: number;
}

/** A milestone's instant: the fraction of the allowed (unpaused) time, counted back from the due time. */
export function milestoneAt(c: ClockTiming, fraction: number): Date {
  const allowed = c.dueAt.getTime() - c.startedAt.getTime() - c.pausedMs;
  return new Date(c.dueAt.getTime() - (1 - fraction) * allowed);
}

function pendingMilestones(c: ClockTiming): number[] {
  return [...c.milestones].filter((f) => f > 0 && f < 1 && !c.firedMilestones.includes(f)).sort((a, b) => a - b);
}

const repeatAt = (c: ClockTiming, n: number) => new Date(c.dueAt.getTime() + n * c.repeatEveryMinutes! * 60_000);

/** The earliest pending firing, or null when nothing is left (breached without repeats). */
export function nextFireAt(c: ClockTiming): Date | null {
  const [first] = pendingMilestones(c);
  if (first !== undefined) return milestoneAt(c, first);
  if (!c.breachedAt) return c.dueAt;
  if (c.repeatEveryMinutes) return repeatAt(c, c.repeatCount + 1);
  return null;
}

/**
 * What a sweep at `now` fires, in order: each milestone whose time has come, then the
 * breach, then at most one repeat. After a long outage only the latest repeat slot fires
 * (repeatNumber = that slot's number), so people get one delay notice rather than a burst.
 */
export function firingsDue(c: ClockTiming, now: Date): { firings: Firing[]; after: Pick<ClockTiming, 'firedMilestones' | 'breachedAt' | 'repeatCount'> } {
  const firings: Firing[] = [];
  const fired = [...c.firedMilestones];
  for (const f of pendingMilestones(c)) {
    if (milestoneAt(c, f) > now) break;
    firings.push({ type: 'milestone', fraction: f });
    fired.push(f);
  }
  let breachedAt = c.breachedAt;
  let repeatCount = c.repeatCount;
  if (!breachedAt && c.dueAt <= now) {
    firings.push({ type: 'breach' });
    breachedAt = now;
  }
  if (breachedAt && c.repeatEveryMinutes && repeatAt(c, repeatCount + 1) <= now) {
    const slot = Math.floor((now.getTime() - c.dueAt.getTime()) / (c.repeatEveryMinutes * 60_000));
    firings.push({ type: 'repeat', repeatNumber: slot });
    repeatCount = slot;
  }
  return { firings, after: { firedMilestones: fired, breachedAt, repeatCount } };
}

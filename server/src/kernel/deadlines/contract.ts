/**
 * The deadlines kernel's public contract (implemented in this folder; other code imports
 * from './index.ts'). Written first so work orders, complaints and billing can build on it.
 *
 * A clock measures one promise about one subject ("respond within 15 minutes", "result to
 * the owner within 2 working days"). The sweeper fires each milestone and the breach exactly
 * once, even with many nodes (FOR UPDATE SKIP LOCKED), and then — when `repeatEveryMinutes`
 * is set — fires `repeat` again every interval until the clock is met or cancelled.
 */
import type { Db } from '../db/client.ts';

export type ClockDuration = { minutes: number } | { workingDays: number };

export interface StartClock {
  companyId?: string | null;
  communityId: string;
  subjectType: string; // 'work_order', 'request', 'complaint' …
  subjectId: string;
  kind: string; // 'response', 'dispatch', 'on_site', 'feedback', 'result', 'callback' …
  startedAt: Date;
  duration: ClockDuration;
  /** Fractions of the allowed time at which to fire a warning, e.g. [0.5, 0.75]. */
  milestones?: number[];
  /** After the breach, fire `repeat` every N minutes until met (e.g. delay notices). */
  repeatEveryMinutes?: number;
  payload?: Record<string, unknown>;
}

export interface ClockView {
  id: string;
  communityId: string;
  subjectType: string;
  subjectId: string;
  kind: string;
  startedAt: Date;
  dueAt: Date;
  pausedAt: Date | null;
  pausedMs: number;
  metAt: Date | null;
  breachedAt: Date | null;
  cancelledAt: Date | null;
  firedMilestones: number[];
  repeatCount: number;
  payload: Record<string, unknown>;
  // Extensions beyond the first contract (additive):
  duration: ClockDuration;
  milestones: number[];
  repeatEveryMinutes: number | null;
  /** The next pending firing; null when nothing is left to fire. */
  nextFireAt: Date | null;
}

/** How clocks appear in API replies (API.md: work order `deadlines`). */
export interface ClockSummary {
  kind: string;
  startedAt: string;
  dueAt: string;
  metAt: string | null;
  breached: boolean;
  paused: boolean;
  pausedMs: number;
}

/** One thing a sweep fires: a warning milestone, the breach, or a repeat after the breach. */
export type Firing = { type: 'milestone'; fraction: number } | { type: 'breach' } | { type: 'repeat'; repeatNumber: number };

/** A firing with its clock, as the sweeper hands a batch of them to `onFirings`. */
export interface DueFiring {
  clock: ClockView;
  firing: Firing;
}

/** What the sweeper calls, inside the transaction that marks the firing (exactly once). */
export interface DeadlineHandler {
  onMilestone?(tx: Db, clock: ClockView, fraction: number, now: Date): Promise<void>;
  onBreach?(tx: Db, clock: ClockView, now: Date): Promise<void>;
  onRepeat?(tx: Db, clock: ClockView, repeatNumber: number, now: Date): Promise<void>;
  /**
   * Optional set-based form of the three above: every firing of a sweep batch that this handler
   * serves, in one call (each clock's firings in order), so a burst of 1,000 escalations costs a
   * few statements per batch instead of a few per firing. It must have exactly the effect of the
   * per-firing calls. When it throws, the sweeper undoes the batch and fires clock by clock
   * through the per-firing methods, so those stay required.
   */
  onFirings?(tx: Db, firings: DueFiring[], now: Date): Promise<void>;
}

export type SubjectRef = { subjectType: string; subjectId: string; kind: string };

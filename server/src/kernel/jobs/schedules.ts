import { Cron } from 'croner';
import type { Db } from '../db/client.ts';

export const BUSINESS_TZ = 'Asia/Shanghai';

/** The work of one slot; runs inside the transaction that claims the slot. */
export type ScheduledWork = (tx: Db, slot: Date, now: Date) => Promise<void>;

export interface ScheduleOptions {
  /**
   * Slots older than this are skipped rather than caught up (e.g. a reminder that makes no
   * sense hours late). Without it the latest missed slot runs once after downtime.
   */
  catchUpMinutes?: number;
}

export interface Schedule extends ScheduleOptions {
  name: string;
  cron: string;
  fn: ScheduledWork;
  pattern: Cron;
}

/** Named cron schedules (Asia/Shanghai). Modules register theirs at start (AppModule.init). */
export class ScheduleRegistry {
  private readonly byName = new Map<string, Schedule>();

  register(name: string, cron: string, fn: ScheduledWork, opts: ScheduleOptions = {}): void {
    if (this.byName.has(name)) throw new Error(`schedule "${name}" is already registered`);
    // paused: croner only computes times here; the worker tick decides when to run.
    const pattern = new Cron(cron, { timezone: BUSINESS_TZ, paused: true });
    this.byName.set(name, { name, cron, fn, pattern, ...opts });
  }

  list(): Schedule[] {
    return [...this.byName.values()];
  }
}

/**
 * The most recent slot at or before `now`, or null (none yet, or too old to catch up).
 * croner leaves out a run at exactly the reference instant, hence the extra millisecond.
 */
export function latestSlot(schedule: Schedule, now: Date): Date | null {
  const [slot] = schedule.pattern.previousRuns(1, new Date(now.getTime() + 1));
  if (!slot) return null;
  if (schedule.catchUpMinutes !== undefined && now.getTime() - slot.getTime() > schedule.catchUpMinutes * 60_000) return null;
  return slot;
}

/** The process-wide registry the worker runs. */
export const schedules = new ScheduleRegistry();

export function registerSchedule(name: string, cron: string, fn: ScheduledWork, opts?: ScheduleOptions): void {
  schedules.register(name, cron, fn, opts);
}

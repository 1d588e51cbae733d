import { and, eq } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';
import { jobRuns } from './jobs.tables.ts';
import { latestSlot, schedules as defaultRegistry, type Schedule, type ScheduleRegistry } from './schedules.ts';

export interface TickResult {
  ran: string[];
  failed: string[];
}

const isDatabase = (d: Database | Db): d is Database => typeof (d as Database).listen === 'function' && 'db' in d;

/**
 * Claims the slot and runs its work in one transaction: INSERT … ON CONFLICT DO NOTHING
 * either inserts (this node runs it) or finds the row (someone already did, or is doing it:
 * then the insert waits for that transaction and finds the row once it commits).
 * A failure rolls the work back and records the slot as failed, so it is not retried by
 * later ticks (the next slot runs as usual); the error is kept in job_runs.error and
 * reported to onError. (A node that was waiting on the failed claim at that very moment may
 * still take the slot once: each node tries a slot at most once.)
 */
async function runSlot(db: Db, schedule: Schedule, slot: Date, now: Date): Promise<'ran' | 'taken'> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const claimed = await tx.insert(jobRuns).values({ name: schedule.name, slot, startedAt: now }).onConflictDoNothing().returning({ name: jobRuns.name });
    if (claimed.length === 0) return 'taken';
    await schedule.fn(tx, slot, now);
    await tx
      .update(jobRuns)
      .set({ finishedAt: now })
      .where(and(eq(jobRuns.name, schedule.name), eq(jobRuns.slot, slot)));
    return 'ran';
  });
}

export interface RunnerOptions {
  registry?: ScheduleRegistry;
  onError?: (err: unknown, name: string, slot: Date) => void;
}

/**
 * A node's schedule dispatcher. Every node runs one; each tick runs the latest due slot of
 * every schedule unless some node already has. It remembers the last slot it settled per
 * schedule, so ticking every second costs no query until a new slot comes due.
 */
export class ScheduleRunner {
  private readonly settled = new Map<string, number>();
  private readonly db: Db;

  constructor(
    database: Database | Db,
    private readonly opts: RunnerOptions = {},
  ) {
    this.db = isDatabase(database) ? database.db : database;
  }

  async tick(now: Date): Promise<TickResult> {
    const result: TickResult = { ran: [], failed: [] };
    for (const schedule of (this.opts.registry ?? defaultRegistry).list()) {
      const slot = latestSlot(schedule, now);
      if (!slot || this.settled.get(schedule.name) === slot.getTime()) continue;
      try {
        if ((await runSlot(this.db, schedule, slot, now)) === 'ran') result.ran.push(schedule.name);
      } catch (err) {
        result.failed.push(schedule.name);
        this.opts.onError?.(err, schedule.name, slot);
        await this.db
          .insert(jobRuns)
          .values({ name: schedule.name, slot, startedAt: now, finishedAt: now, error: String((err as Error)?.message ?? err).slice(0, 2000) })
          .onConflictDoNothing();
      }
      this.settled.set(schedule.name, slot.getTime());
    }
    return result;
  }
}

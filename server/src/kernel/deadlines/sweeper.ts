import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';
import type { ClockView } from './contract.ts';
import { deadlines } from './deadlines.tables.ts';
import { handlerFor } from './handlers.ts';
import { firingsDue, nextFireAt, type Firing } from './schedule.ts';
import { toView } from './clocks.ts';

export interface SweepResult {
  claimed: number;
  fired: number;
  failed: number;
}

export interface SweepOptions {
  batch?: number;
  /** A failing handler's clock is retried after this long (its firing did not happen). */
  retryAfterMs?: number;
  onError?: (err: unknown, clock: ClockView) => void;
}

const isDatabase = (d: Database | Db): d is Database => typeof (d as Database).listen === 'function' && 'db' in d;

async function fire(tx: Db, clock: ClockView, firing: Firing, now: Date): Promise<void> {
  const handler = handlerFor(clock.subjectType, clock.kind);
  if (!handler) return;
  if (firing.type === 'milestone') await handler.onMilestone?.(tx, clock, firing.fraction, now);
  else if (firing.type === 'breach') await handler.onBreach?.(tx, clock, now);
  else await handler.onRepeat?.(tx, clock, firing.repeatNumber, now);
}

/**
 * One sweep: claims up to `batch` due clocks with FOR UPDATE SKIP LOCKED (other nodes skip
 * them and take the next ones), fires what is due for each and records it, all in one
 * transaction — a firing and its record commit together, so each happens exactly once.
 * Each clock runs in its own savepoint: a failing handler undoes only that clock's firings,
 * which are retried later. On PGlite (one connection) the same code simply runs alone.
 */
export async function sweepDeadlines(database: Database | Db, now: Date, opts: SweepOptions = {}): Promise<SweepResult> {
  const db = isDatabase(database) ? database.db : database;
  const batch = opts.batch ?? 100;
  const result: SweepResult = { claimed: 0, fired: 0, failed: 0 };
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const due = await tx
      .select()
      .from(deadlines)
      .where(and(lte(deadlines.nextFireAt, now), isNull(deadlines.metAt), isNull(deadlines.cancelledAt), isNull(deadlines.pausedAt)))
      .orderBy(asc(deadlines.nextFireAt))
      .limit(batch)
      .for('update', { skipLocked: true });
    result.claimed = due.length;
    for (const row of due) {
      const { firings, after } = firingsDue(row, now);
      const clock = toView(row);
      try {
        await tx.transaction(async (sp) => {
          for (const firing of firings) await fire(sp as unknown as Db, clock, firing, now);
          await sp
            .update(deadlines)
            .set({ ...after, nextFireAt: nextFireAt({ ...row, ...after }) })
            .where(eq(deadlines.id, row.id));
        });
        result.fired += firings.length;
      } catch (err) {
        result.failed++;
        opts.onError?.(err, clock);
        await tx
          .update(deadlines)
          .set({ nextFireAt: new Date(now.getTime() + (opts.retryAfterMs ?? 60_000)) })
          .where(eq(deadlines.id, row.id));
      }
    }
  });
  return result;
}

/** Sweeps batch after batch until nothing due is left (or `maxBatches`), for the worker. */
export async function sweepAllDue(database: Database | Db, now: Date, opts: SweepOptions & { maxBatches?: number } = {}): Promise<SweepResult> {
  const total: SweepResult = { claimed: 0, fired: 0, failed: 0 };
  const batch = opts.batch ?? 100;
  for (let i = 0; i < (opts.maxBatches ?? 20); i++) {
    const r = await sweepDeadlines(database, now, { ...opts, batch });
    total.claimed += r.claimed;
    total.fired += r.fired;
    total.failed += r.failed;
    if (r.claimed < batch) break;
  }
  return total;
}

import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
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
 * A failing handler undoes only its own clock's firings (savepoints), which are retried later. On PGlite (one connection) the same code simply runs alone.
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
    if (due.length === 0) return;
    const plans = due.map((row) => ({ row, clock: toView(row), ...firingsDue(row, now) }));
    const record = (sp: Db, p: (typeof plans)[number]) =>
      sp
        .update(deadlines)
        .set({ ...p.after, nextFireAt: nextFireAt({ ...p.row, ...p.after }) })
        .where(eq(deadlines.id, p.row.id));
    /** The same records as `record`, for the whole batch in one statement. */
    const recordAll = (sp: Db) => {
      const records = plans.map((p) => ({
        id: p.row.id,
        fired_milestones: p.after.firedMilestones,
        breached_at: p.after.breachedAt?.toISOString() ?? null,
        repeat_count: p.after.repeatCount,
        next_fire_at: nextFireAt({ ...p.row, ...p.after })?.toISOString() ?? null,
      }));
      return sp.execute(sql`
        UPDATE deadlines d
           SET fired_milestones = v.fired_milestones, breached_at = v.breached_at, repeat_count = v.repeat_count, next_fire_at = v.next_fire_at
          FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
               AS v(id uuid, fired_milestones double precision[], breached_at timestamptz, repeat_count int, next_fire_at timestamptz)
         WHERE d.id = v.id`);
    };
    // Fast path: the whole batch under ONE savepoint (a savepoint per clock costs two more round
    // trips each). If a handler fails, the batch goes back to that savepoint; the failing clock
    // is put off (retried later, as below) and the others fire again clock by clock.
    let failing: { index: number; err: unknown } | null = null;
    await tx
      .transaction(async (sp) => {
        for (const [index, p] of plans.entries()) {
          try {
            for (const firing of p.firings) await fire(sp as unknown as Db, p.clock, firing, now);
          } catch (err) {
            failing = { index, err };
            throw err;
          }
        }
        // Handlers touch only their own subject's clocks, and never the columns recorded here.
        await recordAll(sp as unknown as Db);
      })
      .catch((err: unknown) => (failing ??= { index: -1, err }));
    const putOff = async (p: (typeof plans)[number], err: unknown) => {
      result.failed++;
      opts.onError?.(err, p.clock);
      await tx
        .update(deadlines)
        .set({ nextFireAt: new Date(now.getTime() + (opts.retryAfterMs ?? 60_000)) })
        .where(eq(deadlines.id, p.row.id));
    };
    if (!failing) {
      result.fired = plans.reduce((n, p) => n + p.firings.length, 0);
      return;
    }
    const { index: failedIndex, err: failedErr } = failing as { index: number; err: unknown };
    for (const [index, p] of plans.entries()) {
      if (index === failedIndex) {
        await putOff(p, failedErr);
        continue;
      }
      try {
        await tx.transaction(async (sp) => {
          for (const firing of p.firings) await fire(sp as unknown as Db, p.clock, firing, now);
          await record(sp as unknown as Db, p);
        });
        result.fired += p.firings.length;
      } catch (err) {
        await putOff(p, err);
      }
    }
  });
  return result;
}

/**
 * Sweeps batch after batch until nothing due is left (or `maxBatches`), for the worker. On
 * PostgreSQL `lanes` sweeps run side by side on their own connections (SKIP LOCKED gives each
 * other rows): a firing is a handful of round trips, so one lane spends most of its time
 * waiting on the network, and a burst of 1,000 escalations drains several times faster.
 */
export async function sweepAllDue(database: Database | Db, now: Date, opts: SweepOptions & { maxBatches?: number; lanes?: number } = {}): Promise<SweepResult> {
  const total: SweepResult = { claimed: 0, fired: 0, failed: 0 };
  const batch = opts.batch ?? 100;
  const lanes = isDatabase(database) && database.kind === 'postgres' ? Math.max(1, opts.lanes ?? 4) : 1;
  let batchesLeft = opts.maxBatches ?? 20;
  const lane = async () => {
    while (batchesLeft > 0) {
      batchesLeft--;
      const r = await sweepDeadlines(database, now, { ...opts, batch });
      total.claimed += r.claimed;
      total.fired += r.fired;
      total.failed += r.failed;
      if (r.claimed < batch) break;
    }
  };
  // the usual tick finds nothing or a few: one sweep; a full batch means a burst, so fan out
  const first = await sweepDeadlines(database, now, { ...opts, batch });
  batchesLeft--;
  total.claimed += first.claimed;
  total.fired += first.fired;
  total.failed += first.failed;
  if (first.claimed === batch) await Promise.all(Array.from({ length: lanes }, lane));
  return total;
}

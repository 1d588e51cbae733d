import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';
import type { ClockView, DeadlineHandler, DueFiring } from './contract.ts';
import { deadlines } from './deadlines.tables.ts';
import { fireEach, handlerFor } from './handlers.ts';
import { firingsDue, nextFireAt } from './schedule.ts';
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

/**
 * One sweep: claims up to `batch` due clocks with FOR UPDATE SKIP LOCKED (other nodes skip
 * them and take the next ones), fires what is due for each and records it, all in one
 * transaction — a firing and its record commit together, so each happens exactly once.
 * A failing handler undoes only its own clock's firings (savepoints); that clock is retried
 * later. On PGlite (one connection) the same code simply runs alone.
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
    type Plan = ReturnType<typeof firingsDue> & { row: (typeof due)[number]; clock: ClockView };
    const plans: Plan[] = due.map((row) => ({ row, clock: toView(row), ...firingsDue(row, now) }));
    /** Fires the plans' firings and records them (one UPDATE for all), in savepoint `sp`. */
    const fireAndRecord = async (sp: Db, list: Plan[], onFailing: (p: Plan) => void = () => undefined) => {
      // set-based handlers get all their firings of the batch at once (one failing there is
      // not known: every clock is then retried alone, through the per-firing methods)
      const sets = new Map<DeadlineHandler, DueFiring[]>();
      for (const p of list) {
        const handler = handlerFor(p.clock.subjectType, p.clock.kind);
        if (!handler) continue;
        const firings = p.firings.map((firing) => ({ clock: p.clock, firing }));
        if (handler.onFirings && list.length > 1) {
          const set = sets.get(handler);
          if (set) set.push(...firings);
          else sets.set(handler, firings);
          continue;
        }
        try {
          await fireEach(handler, sp, firings, now);
        } catch (err) {
          onFailing(p);
          throw err;
        }
      }
      for (const [handler, firings] of sets) await handler.onFirings!(sp, firings, now);
      // Handlers touch only their own subject's clocks, and never the columns recorded here.
      const records = list.map((p) => ({
        id: p.row.id,
        fired_milestones: p.after.firedMilestones,
        breached_at: p.after.breachedAt?.toISOString() ?? null,
        repeat_count: p.after.repeatCount,
        next_fire_at: nextFireAt({ ...p.row, ...p.after })?.toISOString() ?? null,
      }));
      await sp.execute(sql`
        UPDATE deadlines d
           SET fired_milestones = v.fired_milestones, breached_at = v.breached_at, repeat_count = v.repeat_count, next_fire_at = v.next_fire_at
          FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
               AS v(id uuid, fired_milestones double precision[], breached_at timestamptz, repeat_count int, next_fire_at timestamptz)
         WHERE d.id = v.id`);
      result.fired += list.reduce((n, p) => n + p.firings.length, 0);
    };
    const putOff = async (p: Plan, err: unknown) => {
      result.failed++;
      opts.onError?.(err, p.clock);
      await tx
        .update(deadlines)
        .set({ nextFireAt: new Date(now.getTime() + (opts.retryAfterMs ?? 60_000)) })
        .where(eq(deadlines.id, p.row.id));
    };
    // Fast path: the whole batch under ONE savepoint (a savepoint per clock costs two more round
    // trips each). If a handler fails, the batch goes back to that savepoint; the failing clock
    // is put off and the others fire again, each in its own savepoint.
    let failedPlan: Plan | null = null; // the clock whose handler threw (none: the record failed)
    let failedErr: unknown;
    const batchOk = await tx.transaction((sp) => fireAndRecord(sp as unknown as Db, plans, (p) => (failedPlan = p))).then(
      () => true,
      (err: unknown) => ((failedErr = err), false),
    );
    if (batchOk) return;
    for (const p of plans) {
      if (p === failedPlan) await putOff(p, failedErr);
      else await tx.transaction((sp) => fireAndRecord(sp as unknown as Db, [p])).catch((err: unknown) => putOff(p, err));
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
  /** One sweep; true when it claimed a full batch (more may be due). */
  const sweepOnce = async () => {
    batchesLeft--;
    const r = await sweepDeadlines(database, now, { ...opts, batch });
    total.claimed += r.claimed;
    total.fired += r.fired;
    total.failed += r.failed;
    return r.claimed === batch;
  };
  // the usual tick finds nothing or a few: one sweep; a full batch means a burst, so fan out
  if (await sweepOnce()) {
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (batchesLeft > 0 && (await sweepOnce()));
      }),
    );
  }
  return total;
}

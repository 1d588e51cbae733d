import { and, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { billingRuns } from './billing.tables.ts';
import { billSliceSql, fixApportionBaseSql } from './run.sql.ts';
import { parsePeriod } from './period.ts';
import { drawPrepaidForRooms } from './prepaid.ts';
import { communityFor } from './access.ts';

export interface RunOptions {
  /** Rooms per committed slice: a killed run keeps its finished slices, a resumed run adds the rest. */
  chunkRooms?: number;
  /** Test hook, called after each committed slice. */
  afterChunk?: (done: number, total: number) => Promise<void> | void;
}

export interface RunReport {
  roomsTotal: number;
  roomsBilled: number;
  lines: number;
  totalFen: number;
  createdThisAttempt: number;
  createdFenThisAttempt: number;
  /** Lines created this attempt with a discount, and the fen taken off their gross. */
  discountedThisAttempt: number;
  discountFenThisAttempt: number;
  skipped: Array<{ reason: string; count: number; sample: string[] }>;
}

/** Staff entry point: checks billing.run on the community, then runs. */
export async function startBillingRun(db: Db, clock: Clock, actor: Actor, communityId: string, period: string, opts: RunOptions = {}) {
  const community = await communityFor(db, actor, communityId, 'billing.run');
  return runBilling(db, clock, { communityId, companyId: community.companyId, period, actorId: actor.userId }, opts);
}

/**
 * 账单生成 for one community and period, set-based, committed slice by slice. Safe to repeat
 * at any time: existing lines are never touched, missing ones are added (R-FEE-2).
 */
export async function runBilling(
  db: Db,
  clock: Clock,
  job: { communityId: string; companyId: string; period: string; actorId: string | null },
  opts: RunOptions = {},
) {
  const p = parsePeriod(job.period);
  const chunk = opts.chunkRooms ?? 5000;
  const run = await db.transaction(async (tx) => {
    const [r] = await tx
      .insert(billingRuns)
      .values({ communityId: job.communityId, period: p.period, startedBy: job.actorId, startedAt: clock.now() })
      .onConflictDoUpdate({ target: [billingRuns.communityId, billingRuns.period], set: { attempts: sql`${billingRuns.attempts} + 1`, status: 'running' } })
      .returning();
    const [pool] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM apportion_pools WHERE community_id = ${job.communityId}::uuid AND period = ${p.period} AND base_area_m2 IS NULL`);
    if (pool.n) await tx.execute(fixApportionBaseSql(job.communityId, p));
    await audit(tx, { actorId: job.actorId, companyId: job.companyId, communityId: job.communityId, action: 'billing.run.start', subjectType: 'billing_run', subjectId: r.id, data: { period: p.period, attempt: r.attempts } });
    return r;
  });

  const ids = await rows<{ id: string }>(db, sql`SELECT id FROM rooms WHERE community_id = ${job.communityId}::uuid AND status <> 'unsold' ORDER BY id`);
  const [rules] = await rows<{ any: boolean }>(db, sql`SELECT EXISTS (SELECT 1 FROM discount_rules WHERE community_id = ${job.communityId}::uuid AND status = 'approved') AS any`);
  let created = 0;
  let createdFen = 0;
  let discounted = 0;
  let discountFen = 0;
  const skipped = new Map<string, { reason: string; count: number; sample: string[] }>();
  for (let i = 0; i < ids.length; i += chunk) {
    const after = i === 0 ? null : ids[i - 1].id;
    const upTo = i + chunk >= ids.length ? null : ids[i + chunk - 1].id;
    await db.transaction(async (tx) => {
      // Room for the per-line work in memory (the default 4 MB spills to disk).
      await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
      const out = await rows<{ kind: string; reason: string | null; n: number; fen: number; sample: string[] | null }>(tx, billSliceSql(job.communityId, p, run.id, after, upTo, { discounts: rules.any }));
      const draw: string[] = [];
      let sliceCreated = 0;
      for (const o of out) {
        if (o.kind === 'created') {
          sliceCreated = o.n;
          created += o.n;
          createdFen += Number(o.fen);
        } else if (o.kind === 'discount') {
          discounted += o.n;
          discountFen += Number(o.fen);
        } else if (o.kind === 'draw') draw.push(o.reason!);
        else {
          const s = skipped.get(o.reason!) ?? { reason: o.reason!, count: 0, sample: [] };
          s.count += o.n;
          s.sample = [...s.sample, ...(o.sample ?? [])].slice(0, 20);
          skipped.set(o.reason!, s);
        }
      }
      // Prepaid balances draw on new bills in the same transaction as the bills themselves.
      if (draw.length) await drawPrepaidForRooms(tx, clock, job.communityId, draw);
      if (sliceCreated) await audit(tx, { actorId: job.actorId, companyId: job.companyId, communityId: job.communityId, action: 'billing.run.slice', subjectType: 'billing_run', subjectId: run.id, data: { lines: sliceCreated } });
    });
    await opts.afterChunk?.(Math.min(i + chunk, ids.length), ids.length);
  }

  return db.transaction(async (tx) => {
    const [tot] = await rows<{ rooms: number; lines: number; total: number; all_rooms: number }>(
      tx,
      sql`SELECT count(DISTINCT room_id)::int AS rooms, count(*)::int AS lines, coalesce(sum(amount_fen), 0)::bigint AS total,
            (SELECT count(*)::int FROM rooms WHERE community_id = ${job.communityId}::uuid) AS all_rooms
          FROM bills b JOIN fee_items f ON f.id = b.fee_item_id AND f.kind <> 'late_fee'
          WHERE b.community_id = ${job.communityId}::uuid AND b.period = ${p.period}`,
    );
    const [unsold] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM rooms WHERE community_id = ${job.communityId}::uuid AND status = 'unsold'`);
    if (unsold.n) skipped.set('unsold', { reason: 'unsold', count: unsold.n, sample: [] });
    const report: RunReport = {
      roomsTotal: tot.all_rooms,
      roomsBilled: tot.rooms,
      lines: tot.lines,
      totalFen: Number(tot.total),
      createdThisAttempt: created,
      createdFenThisAttempt: createdFen,
      discountedThisAttempt: discounted,
      discountFenThisAttempt: discountFen,
      skipped: [...skipped.values()].sort((a, b) => a.reason.localeCompare(b.reason)),
    };
    const [done] = await tx
      .update(billingRuns)
      .set({ status: 'done', report, finishedAt: clock.now() })
      .where(and(eq(billingRuns.id, run.id)))
      .returning();
    await audit(tx, { actorId: job.actorId, companyId: job.companyId, communityId: job.communityId, action: 'billing.run.done', subjectType: 'billing_run', subjectId: run.id, data: { period: p.period, created, createdFen } });
    await emit(tx, { type: 'billing.run.done', companyId: job.companyId, communityId: job.communityId, subjectType: 'billing_run', subjectId: run.id, payload: { period: p.period, lines: report.lines, created } });
    return { ...done, report };
  });
}

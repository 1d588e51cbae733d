/**
 * Deadline sweeper, on embedded PGlite and on PostgreSQL when reachable (BENCH_DATABASE_URL,
 * else postgres@127.0.0.1:5432, in a throwaway database):
 *  1. throughput: N due clocks (milestone + breach each) fired by the sweeper, each firing
 *     writing one row from its handler, against a same-run baseline that does the same writes
 *     set-based (one INSERT … SELECT + one UPDATE);
 *  2. issue 3: one worker sweep (`sweepAllDue`, as every node runs it each second) over
 *     100,000 open clocks — none due, then 1,000 due — must take < 1 s.
 *   usage: npx tsx bench/deadlines-sweep.bench.ts [N due clocks, default 5000]
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { openPglite, runMigrations, type Database } from '../server/src/kernel/db/index.ts';
import { makeCommunity, makeCompany } from '../server/src/kernel/testing/factories.ts';
import { registerDeadlineHandler, sweepAllDue, sweepDeadlines } from '../server/src/kernel/deadlines/index.ts';
import { onThrowawayPostgres } from './lib.ts';

const N = Number(process.argv[2] ?? 5000);
const OPEN = 100_000;
const BATCH = 200;

registerDeadlineHandler('bench', {
  onMilestone: async (tx, c) => void (await tx.execute(sql`INSERT INTO bench_firings VALUES (${c.id}, 'milestone')`)),
  onBreach: async (tx, c) => void (await tx.execute(sql`INSERT INTO bench_firings VALUES (${c.id}, 'breach')`)),
});
registerDeadlineHandler('bench_open', {
  onMilestone: async (tx, c) => void (await tx.execute(sql`INSERT INTO bench_firings VALUES (${c.id}, 'milestone')`)),
  onBreach: async (tx, c) => void (await tx.execute(sql`INSERT INTO bench_firings VALUES (${c.id}, 'breach')`)),
});

const result = (r: Record<string, unknown>) => console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'deadlines-sweep', ...r })}`);

async function benchOn(db: Database) {
  await runMigrations(db);
  const { company } = await makeCompany(db.db);
  const community = await makeCommunity(db.db, company.id);
  await db.query('CREATE TABLE bench_firings (clock_id uuid, event text)');
  const seedClocks = (kind: string, n: number) =>
    db.query(
      `INSERT INTO deadlines (community_id, subject_type, subject_id, kind, started_at, due_at, duration_minutes, milestones, next_fire_at)
       SELECT $1, '${kind}', '${kind}-' || g, $2, now() - interval '1 hour', now() - interval '30 minutes', 30, '{0.5}', now() - interval '45 minutes'
       FROM generate_series(1, ${n}) g`,
      [community.id, kind],
    );

  // 1. throughput against set-based writes
  await seedClocks('baseline', N);
  let t = performance.now();
  await db.query(`INSERT INTO bench_firings SELECT id, e FROM deadlines, (VALUES ('milestone'), ('breach')) v(e) WHERE kind = 'baseline'`);
  await db.query(`UPDATE deadlines SET fired_milestones = milestones, breached_at = now(), next_fire_at = NULL WHERE kind = 'baseline'`);
  const baselineMs = performance.now() - t;
  await seedClocks('bench', N);
  const batchMs: number[] = [];
  t = performance.now();
  let fired = 0;
  for (;;) {
    const b = performance.now();
    const r = await sweepDeadlines(db, new Date(), { batch: BATCH });
    if (r.claimed === 0) break;
    batchMs.push(performance.now() - b);
    fired += r.fired;
  }
  const sweepMs = performance.now() - t;
  batchMs.sort((a, b) => a - b);
  const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  console.log(`[${db.kind}] ${N} due clocks, ${fired} firings in ${sweepMs.toFixed(0)} ms = ${((fired / sweepMs) * 1000).toFixed(0)} firings/s; set-based baseline ${baselineMs.toFixed(0)} ms (${(sweepMs / baselineMs).toFixed(1)}×)`);
  result({
    db: db.kind,
    case: `sweep batch of ${BATCH} clocks (milestone + breach each)`,
    p50Ms: Number(pct(batchMs, 0.5).toFixed(1)),
    p99Ms: Number(pct(batchMs, 0.99).toFixed(1)),
    baselineP50Ms: Number(((baselineMs * BATCH) / N).toFixed(1)),
    ratio: Number((sweepMs / baselineMs).toFixed(1)),
    note: `${((fired / sweepMs) * 1000).toFixed(0)} firings/s; baseline = same writes set-based, per ${BATCH} clocks`,
  });

  // 2. 100,000 open clocks, due in 30..90 minutes: the worker's sweep finds nothing; then 1,000 have passed both milestones
  await db.query(
    `INSERT INTO deadlines (community_id, subject_type, subject_id, kind, started_at, due_at, duration_minutes, milestones, next_fire_at)
     SELECT $1, 'bench_open', 'open-' || g, 'response', now(), now() + (30 + g % 60) * interval '1 minute', 30 + g % 60, '{0.5,0.75}', now() + (15 + g % 30) * interval '1 minute'
     FROM generate_series(1, ${OPEN}) g`,
    [community.id],
  );
  await db.query('ANALYZE deadlines');
  const idle: number[] = [];
  for (let i = 0; i < 30; i++) {
    const s = performance.now();
    await sweepAllDue(db, new Date());
    idle.push(performance.now() - s);
  }
  idle.sort((a, b) => a - b);
  await db.query(`UPDATE deadlines SET started_at = now() - interval '40 minutes', due_at = now() + interval '10 minutes', duration_minutes = 50, next_fire_at = now() - interval '15 minutes' WHERE id IN (SELECT id FROM deadlines WHERE kind = 'response' AND subject_type = 'bench_open' ORDER BY subject_id LIMIT 1000)`);
  const s = performance.now();
  const r = await sweepAllDue(db, new Date());
  const dueMs = performance.now() - s;
  console.log(`[${db.kind}] one worker sweep over ${OPEN} open clocks: none due p50 ${pct(idle, 0.5).toFixed(2)} ms, max ${idle[idle.length - 1].toFixed(2)} ms; 1,000 due: ${r.fired} firings in ${dueMs.toFixed(0)} ms (target < 1000 ms)`);
  result({ db: db.kind, case: `worker sweep · ${OPEN} open, none due`, p50Ms: Number(pct(idle, 0.5).toFixed(2)), p99Ms: Number(idle[idle.length - 1].toFixed(2)), note: 'target < 1000 ms per sweep' });
  result({ db: db.kind, case: `worker sweep · ${OPEN} open, 1,000 due`, p50Ms: Number(dueMs.toFixed(0)), p99Ms: Number(dueMs.toFixed(0)), note: `${r.fired} firings in one sweepAllDue; target < 1000 ms` });
}

if (process.env.BENCH_DB !== 'postgres') {
  const lite = await openPglite(null);
  await benchOn(lite);
  await lite.close();
}
if (process.env.BENCH_DB !== 'pglite') await onThrowawayPostgres('pms_sweep_bench', benchOn);
process.exit(0);

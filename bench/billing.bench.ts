/**
 * Billing bench (issue 5): a monthly bill run for 100,000 rooms × 3 items (set-based
 * INSERT … SELECT in slices, the production code path) against a raw multi-row INSERT
 * (1,000 rows a statement) of the same 300,000 rows into the same table, in the same run.
 * ratio = baseline ms / run ms (≥ 1 means the run is faster than shipping the rows).
 * Then arrears aging over 1,000,000 bills on PostgreSQL.
 * PGlite in memory, and PostgreSQL in a throwaway database (BENCH_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432) that is dropped afterwards.
 *   usage: npx tsx bench/billing.bench.ts   (or npm run bench -- billing)
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openPglite, openPostgres, runMigrations, type Database } from '../server/src/kernel/db/index.ts';
import { makeCommunity, makeCompany } from '../server/src/kernel/testing/factories.ts';
import { ManualClock } from '../server/src/kernel/clock.ts';
import { runBilling } from '../server/src/modules/billing/run.service.ts';
import { arrearsAging } from '../server/src/modules/billing/aging.ts';

const ROOMS = Number(process.env.BENCH_ROOMS ?? 100_000);
const AGING_BILLS = 1_000_000;
const clock = new ManualClock('2026-12-01T02:00:00Z');

async function seed(db: Database) {
  await runMigrations(db);
  const { company } = await makeCompany(db.db, '基准物业');
  const c = await makeCommunity(db.db, company.id, { code: 'BILL', name: '计费基准小区' });
  await db.query(`INSERT INTO buildings (community_id, code, name) SELECT $1, b::text, b || '栋' FROM generate_series(1, 50) b`, [c.id]);
  await db.query(
    `INSERT INTO rooms (community_id, building_id, floor, number, code, area_m2, indoor_area_m2, use, status)
     SELECT $1, bd.id, 1 + g % 30, g::text, bd.code || '-' || g, 60 + (g * 7919 % 10000) / 100.0, 50 + (g * 7919 % 10000) / 120.0, 'residential', 'occupied'
     FROM generate_series(1, ${ROOMS}) g JOIN buildings bd ON bd.community_id = $1 AND bd.code = (1 + g % 50)::text`,
    [c.id],
  );
  const item = async (code: string, formula: string, prices: Array<[string, number]>) => {
    const [i] = await db.query<{ id: string }>(`INSERT INTO fee_items (community_id, code, name, kind, formula) VALUES ($1, $2, $2, 'property', $3) RETURNING id`, [c.id, code, formula]);
    for (const [from, price] of prices) await db.query(`INSERT INTO fee_rates (community_id, fee_item_id, effective_from, price_fen_x100) VALUES ($1, $2, $3, $4)`, [c.id, i.id, from, price]);
    await db.query(`INSERT INTO fee_assignments (community_id, fee_item_id, scope, room_use, effective_from) VALUES ($1, $2, 'use', 'residential', '2026-01-01')`, [c.id, i.id]);
  };
  await item('WYF', 'gross_area', [['2026-01-01', 25000]]);
  await item('DT', 'indoor_area', [['2026-01-01', 4500]]);
  await item('LJ', 'fixed', [['2026-01-01', 100000], ['2026-12-11', 120000]]); // rate change mid-period: pro-rated
  await db.query('ANALYZE');
  return { companyId: company.id, communityId: c.id };
}

async function billRun(label: string, db: Database) {
  const { companyId, communityId } = await seed(db);
  let t = performance.now();
  const run = await runBilling(db.db, clock, { communityId, companyId, period: '2026-12', actorId: null }, { chunkRooms: 10_000 });
  const runMs = performance.now() - t;
  const lines = run.report.lines;

  // Baseline: the same rows (read back, untimed) shipped as multi-row INSERTs of 1,000 rows into the same table.
  const src = await db.query<Record<string, unknown>>(
    `SELECT community_id, room_id, fee_item_id, run_id, period_start::text, period_end::text, days_billed, quantity, coefficient, amount_fen, due_date::text FROM bills WHERE community_id = $1`,
    [communityId],
  );
  const cols = ['community_id', 'room_id', 'fee_item_id', 'period', 'run_id', 'period_start', 'period_end', 'days_billed', 'quantity', 'coefficient', 'amount_fen', 'due_date'];
  t = performance.now();
  for (let i = 0; i < src.length; i += 1000) {
    const part = src.slice(i, i + 1000);
    const params: unknown[] = [];
    const tuples = part.map((r) => {
      const vals = [r.community_id, r.room_id, r.fee_item_id, '2027-12', r.run_id, r.period_start, r.period_end, r.days_billed, r.quantity, r.coefficient, r.amount_fen, r.due_date];
      const base = params.length;
      params.push(...vals);
      return `(${vals.map((_, k) => `$${base + k + 1}`).join(',')})`;
    });
    await db.query(`INSERT INTO bills (${cols.join(',')}) VALUES ${tuples.join(',')}`, params);
  }
  const baseMs = performance.now() - t;
  const ratio = baseMs / runMs;
  console.log(`[${label}] bill run: ${lines} lines (${ROOMS} rooms × 3 items) in ${runMs.toFixed(0)} ms = ${((lines / runMs) * 1000).toFixed(0)} lines/s`);
  console.log(`[${label}] raw multi-row INSERT (1,000/statement) of the same rows: ${baseMs.toFixed(0)} ms = ${((lines / baseMs) * 1000).toFixed(0)} rows/s; ratio ${ratio.toFixed(2)}`);
  // A re-run adds nothing and is cheap: it only meets the unique index.
  t = performance.now();
  const again = await runBilling(db.db, clock, { communityId, companyId, period: '2026-12', actorId: null }, { chunkRooms: 10_000 });
  console.log(`[${label}] re-run: ${again.report.createdThisAttempt} new lines in ${(performance.now() - t).toFixed(0)} ms`);
  console.log(
    `BENCH_RESULT ${JSON.stringify({ bench: 'billing', db: label, case: `bill run ${ROOMS} rooms × 3 items`, p50Ms: Math.round(runMs), p99Ms: Math.round(runMs), baselineP50Ms: Math.round(baseMs), ratio: Number(ratio.toFixed(2)), note: 'ratio = raw 1,000-row INSERT ms / run ms (floor 0.5, goal ≥ 1)' })}`,
  );
  return { communityId };
}

async function aging(label: string, db: Database, communityId: string) {
  // 1,000,000 bills: 10 months for the 100,000 rooms; about 85 % paid (a usual collection rate),
  // the rest open or partly paid and spread over every aging bucket (set-based, untimed).
  await db.query(`DELETE FROM bills WHERE community_id = $1`, [communityId]);
  const months = Math.ceil(AGING_BILLS / ROOMS);
  await db.query(
    `INSERT INTO bills (community_id, room_id, fee_item_id, period, period_start, period_end, days_billed, quantity, coefficient, amount_fen, paid_fen, due_date)
     SELECT $1, r.id, f.id, to_char(d, 'YYYY-MM'), d, (d + interval '1 month' - interval '1 day')::date, 30, r.area_m2, 1, x.amt,
       CASE WHEN x.h % 100 >= 15 THEN x.amt WHEN x.h % 7 = 0 THEN 5000 ELSE 0 END,
       (d + interval '1 month' + interval '14 days')::date
     FROM rooms r, (SELECT id FROM fee_items WHERE community_id = $1 AND code = 'WYF') f,
       generate_series(0, ${months - 1}) m,
       LATERAL (SELECT (DATE '2026-01-01' + make_interval(months => m))::date AS d) p,
       LATERAL (SELECT 20000 + abs(hashtext(r.id::text)) % 10000 AS amt, abs(hashtext(r.id::text || m::text)) AS h) x
     WHERE r.community_id = $1`,
    [communityId],
  );
  await db.query('VACUUM ANALYZE bills');
  const [{ n, open }] = await db.query<{ n: number; open: number }>(`SELECT count(*)::int AS n, count(*) FILTER (WHERE paid_fen < amount_fen)::int AS open FROM bills WHERE community_id = $1`, [communityId]);
  for (const groupBy of ['community', 'building', 'room'] as const) {
    const times: number[] = [];
    let groups = 0;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      groups = (await arrearsAging(db.db, communityId, '2026-12-31', groupBy)).length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`[${label}] arrears aging over ${n} bills (${open} open) by ${groupBy}${groupBy === 'room' ? ' (top 500)' : ''}: ${groups} groups, p50 ${times[3].toFixed(0)} ms, max ${times[6].toFixed(0)} ms`);
    console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'billing', db: label, case: `arrears aging ${n} bills by ${groupBy}`, p50Ms: Math.round(times[3]), p99Ms: Math.round(times[6]), note: 'goal < 200 ms on PostgreSQL' })}`);
  }
}

const lite = await openPglite(null);
await billRun('pglite', lite);
await lite.close();

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `pms_bench_billing_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
try {
  await admin.connect();
} catch (e) {
  console.log(`PostgreSQL not reachable (${(e as Error).message}); skipped`);
  process.exit(0);
}
await admin.query(`CREATE DATABASE ${name}`);
try {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString(), 4);
  const { communityId } = await billRun('postgres', db);
  await aging('postgres', db, communityId);
  db.pool?.on('error', () => undefined); // the DROP … WITH (FORCE) below ends idle connections
  await db.close();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

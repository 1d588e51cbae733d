/**
 * Work orders under load (issue 3 "must show"), on embedded PGlite and on PostgreSQL when
 * reachable (BENCH_DATABASE_URL, else postgres@127.0.0.1:5432, in a throwaway database):
 *  1. creation over real HTTP at 50 concurrent keep-alive connections, against a bare
 *     Fastify endpoint doing one INSERT on the same database, measured in the same run;
 *  2. one deadline sweep over 100,000 open clocks (nothing due; 1,000 due with the real
 *     escalation handlers writing notifications; 1,000 late, each warning twice and breaching);
 *  3. the list over 100,000 orders (first page, deep cursor page, status filter, status +
 *     assignee filter, urgency, overdue + status: 50 identical requests at a time, which share
 *     queries as the consoles refetching one list do; and 50 different deep pages, which share
 *     nothing) at 50 connections, each against the same newest-first SELECT served bare, with
 *     the PostgreSQL plan of each case printed.
 * The load generator is this same file started as a separate process (`loadgen` argument,
 * an undici pool), so client work never shares the server's event loop.
 *   usage: npx tsx bench/workorders.bench.ts [seconds per case, default 8]
 *   env: BENCH_DB=pglite|postgres (one database only), BENCH_ROUNDS (interleaved baseline/subject
 *        rounds, default 3, median reported), BENCH_CREATE_ONLY=1, BENCH_SKIP_CREATE=1,
 *        BENCH_SWEEP_ONLY=1, BENCH_LIST_ONLY=1, BENCH_LIST=<case name part>, BENCH_KEEP_DB=1 (keep the PostgreSQL database to look at plans),
 *        BENCH_POOL (PostgreSQL pool size, default 10 as the server runs).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';
import { Pool } from 'undici';
import { openPglite, openPostgres, runMigrations, type Database } from '../server/src/kernel/db/index.ts';
import { loadConfig } from '../server/src/kernel/config/index.ts';
import { encodeCursor } from '../server/src/kernel/http/index.ts';
import { makeCommunity, makeCompany, makeUser } from '../server/src/kernel/testing/factories.ts';
import { sweepAllDue } from '../server/src/kernel/deadlines/index.ts';
import { createDeps } from '../server/src/runtime.ts';
import { buildApp } from '../server/src/app.ts';

const SELF = fileURLToPath(import.meta.url);
const CONNECTIONS = 50;

interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  seconds: number;
  /** Other URLs on the same origin, asked in turn with `url` (a case of distinct requests). */
  more?: string[];
}
interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

/**
 * The load generator: CONNECTIONS keep-alive connections (an undici pool), each sending its next
 * request when the last answered. undici, not node:http: the generator shares the machine's
 * cores with the server and PostgreSQL, and node:http's client spent about twice the CPU per
 * request, capping every case (baseline included) below what the server could answer.
 */
async function loadgen(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const pool = new Pool(url.origin, { connections: CONNECTIONS, pipelining: 1 });
  const paths = [url.pathname + url.search, ...(spec.more ?? []).map((u) => { const x = new URL(u); return x.pathname + x.search; })];
  let turn = 0;
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const end = performance.now() + spec.seconds * 1000;
  const one = async () => {
    const t = performance.now();
    try {
      const res = await pool.request({ path: paths[turn++ % paths.length], method: spec.method, headers: spec.headers, body: spec.body });
      await res.body.dump();
      times.push(performance.now() - t);
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode >= 300) errors++;
    } catch {
      errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < end) await one();
  }));
  const elapsed = performance.now() - started;
  await pool.close();
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  return { requests: times.length, errors, rps: (times.length / elapsed) * 1000, p50: pct(0.5), p99: pct(0.99), statuses };
}

if (process.argv[2] === 'loadgen') {
  const result = await loadgen(JSON.parse(process.env.LOADGEN_SPEC!) as LoadSpec);
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

/** Runs the load generator as its own process (a warm-up second, then the measured run). */
function drive(spec: LoadSpec): Promise<LoadResult> {
  const run = (s: LoadSpec) =>
    new Promise<LoadResult>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', SELF, 'loadgen'], { env: { ...process.env, LOADGEN_SPEC: JSON.stringify(s) }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`loadgen exited ${code}`))));
    });
  return run({ ...spec, seconds: 1 }).then(() => run(spec));
}


const SECONDS = Number(process.argv[2] ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DATA_KEY = 'k1:' + Buffer.alloc(32, 5).toString('base64');
const ORDERS = 100_000;
const out = (db: string, c: string, m: { p50: number; p99: number }, extra: Record<string, unknown> = {}) =>
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'workorders', db, case: c, p50Ms: m.p50, p99Ms: m.p99, ...extra })}`);
const fmt = (r: LoadResult) => `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors ${JSON.stringify(r.statuses)}`;
const listen = async (app: { listen(o: { port: number; host: string }): Promise<string> }) => app.listen({ port: 0, host: '127.0.0.1' });

async function benchOn(label: string, database: Database) {
  await runMigrations(database);
  const config = loadConfig({}, { dataKey: DATA_KEY, dataDir: path.join(os.tmpdir(), `pms-wo-bench-${process.pid}`), demo: false, worker: false, databaseUrl: '' });
  const deps = await createDeps(config, { database, migrate: false });
  const app = await buildApp(deps);
  const base = await listen(app);
  const { company, roleIds } = await makeCompany(database.db, '基准物业');
  const community = await makeCommunity(database.db, company.id, { code: 'WB', name: '基准小区' });
  await makeUser(database.db, deps.pii, roleIds, { companyId: company.id, username: 'wb-clerk', roles: [['clerk', community.id]] });
  await makeUser(database.db, deps.pii, roleIds, { companyId: company.id, username: 'wb-sup', roles: [['supervisor', community.id]] });
  await makeUser(database.db, deps.pii, roleIds, { companyId: company.id, username: 'wb-dispatcher', roles: [['dispatcher', community.id]] });
  const techs = [];
  for (let i = 0; i < 20; i++) techs.push(await makeUser(database.db, deps.pii, roleIds, { companyId: company.id, username: `wb-tech-${i}`, skills: ['water_electric'], roles: [['engineer', community.id]] }));
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'wb-clerk', password: 'pass1234' } });
  const headers = { cookie: /pms_sid=[^;]+/.exec(String(login.headers['set-cookie']))![0], 'x-csrf-token': login.json().csrfToken, 'content-type': 'application/json' };

  // 1. creation vs a bare Fastify + one INSERT, same database, same load generator
  await database.query(`CREATE TABLE bench_bare (id uuid PRIMARY KEY DEFAULT uuid7(), community_id uuid NOT NULL, description text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  const bare = Fastify();
  bare.post('/bare', async (req) => {
    const b = req.body as { communityId: string; description: string };
    const [r] = await database.query<{ id: string }>('INSERT INTO bench_bare (community_id, description) VALUES ($1, $2) RETURNING id', [b.communityId, b.description]);
    return r;
  });
  // the same list query, bare (no session, no permission, no serialisation schema): the list cases' baseline
  bare.get('/bare-list', async (req) => {
    const q = req.query as { cursor?: string };
    return { items: await database.query(q.cursor ? 'SELECT * FROM work_orders WHERE community_id = $1 AND id < $2 ORDER BY id DESC LIMIT 51' : 'SELECT * FROM work_orders WHERE community_id = $1 ORDER BY id DESC LIMIT 51', q.cursor ? [community.id, q.cursor] : [community.id]) };
  });
  const bareBase = await listen(bare);
  const close = async () => void (await Promise.all([bare.close(), app.close()]));
  const body = JSON.stringify({ communityId: community.id, type: 'water_electric', urgency: 'general', scope: 'common', location: '3栋大堂', description: '大堂照明灯不亮' });
  // The machine is shared: baseline and subject alternate, ROUNDS times, and each round's ratio
  // is taken within the round; the median ratio is reported.
  const rounds: Array<{ baseline: LoadResult; floor: LoadResult; create: LoadResult }> = [];
  for (let r = 0; r < (process.env.BENCH_SKIP_CREATE ? 0 : ROUNDS); r++) {
    const baseline = await drive({ url: `${bareBase}/bare`, method: 'POST', headers: { 'content-type': 'application/json' }, body, seconds: SECONDS });
    // the kernel's floor for any logged-in request: session + actor, no business work
    const floor = await drive({ url: `${base}/api/v1/auth/me`, method: 'GET', headers: { cookie: headers.cookie }, seconds: SECONDS });
    const create = await drive({ url: `${base}/api/v1/work-orders`, method: 'POST', headers, body, seconds: SECONDS });
    rounds.push({ baseline, floor, create });
    console.log(`[${label}] round ${r + 1}: bare INSERT ${fmt(baseline)}`);
    console.log(`[${label}] round ${r + 1}: GET auth/me  ${fmt(floor)} → ${((floor.rps / baseline.rps) * 100).toFixed(0)}% of baseline`);
    console.log(`[${label}] round ${r + 1}: POST create  ${fmt(create)} → ${((create.rps / baseline.rps) * 100).toFixed(0)}% of baseline`);
  }
  const mid = <T,>(xs: T[], key: (x: T) => number) => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)];
  // BENCH_SKIP_CREATE=1: straight to the sweep and list cases
  if (rounds.length) {
    const { baseline, create } = mid(rounds, (x) => x.create.rps / x.baseline.rps);
    const ratio = create.rps / baseline.rps;
    const floorRatio = mid(rounds, (x) => x.floor.rps / x.baseline.rps);
    console.log(`[${label}] median round: POST /api/v1/work-orders at ${(ratio * 100).toFixed(0)}% of the bare INSERT's throughput, p99 ${create.p99.toFixed(1)} ms (bare p99 ${baseline.p99.toFixed(1)} ms)`);
    out(label, 'create · GET auth/me floor', floorRatio.floor, { rps: floorRatio.floor.rps, ratio: floorRatio.floor.rps / floorRatio.baseline.rps });
    out(label, 'create · bare INSERT baseline', baseline, { rps: baseline.rps });
    out(label, 'create · POST /work-orders', create, { rps: create.rps, ratio, baselineP50Ms: baseline.p50, note: `${(ratio * 100).toFixed(0)}% of baseline req/s (median of ${ROUNDS} interleaved rounds)` });
    const [{ gaps }] = await database.query<{ gaps: number }>(`SELECT (max(form_no) - count(*))::int AS gaps FROM work_orders WHERE community_id = $1`, [community.id]);
    console.log(`[${label}] form numbers: ${gaps} gaps`);
  }
  if (process.env.BENCH_CREATE_ONLY) {
    // creation alone (BENCH_CREATE_ONLY=1): skips the 100k-row sweep and list cases
    return close();
  }

  // 2. 100,000 orders, set-based, with statuses and assignees spread like a busy year; their
  // clocks fall due over the next two days (30 min … 48 h), none yet
  const t0 = performance.now();
  await database.query(`UPDATE work_order_form_counters SET last_no = last_no + ${ORDERS} WHERE community_id = $1`, [community.id]);
  await database.query(
    `INSERT INTO work_orders (id, company_id, community_id, form_no, type, urgency, scope, description, status, assignee_id, created_at, updated_at)
     SELECT uuid7(), $1, $2, 1000000 + g, 'water_electric', CASE WHEN g % 20 = 0 THEN 'emergency' ELSE 'general' END, 'common', '报修 ' || g,
            (ARRAY['closed','closed','closed','dispatched','in_progress','completed','accepted','new'])[1 + g % 8],
            CASE WHEN g % 8 IN (0, 6, 7) THEN NULL ELSE ($3::uuid[])[1 + g % ${techs.length}] END, now(), now()
     FROM generate_series(1, ${ORDERS}) g`,
    [company.id, community.id, techs.map((t) => t.id)],
  );
  await database.query(
    `INSERT INTO deadlines (company_id, community_id, subject_type, subject_id, kind, started_at, due_at, duration_minutes, milestones, next_fire_at)
     SELECT company_id, community_id, 'work_order', id::text, 'dispatch', now(), now() + m * interval '1 minute', m, '{0.5,0.75}', now() + m * interval '30 seconds'
     FROM (SELECT *, 30 + (row_number() OVER (ORDER BY id)) % 2880 AS m FROM work_orders WHERE community_id = $1 ORDER BY id LIMIT ${ORDERS}) w`,
    [community.id],
  );
  // what autovacuum does in the background of a live system: statistics and the visibility map
  await database.query('VACUUM ANALYZE work_orders');
  await database.query('VACUUM ANALYZE deadlines');
  console.log(`[${label}] seeded ${ORDERS} orders + ${ORDERS} open clocks set-based in ${(performance.now() - t0).toFixed(0)} ms`);

  // 3. sweeps: nothing due (the common case, every second on every node), then 1,000 due
  if (!process.env.BENCH_LIST_ONLY) {
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await sweepAllDue(database, new Date());
      idle.push(performance.now() - t);
    }
    idle.sort((a, b) => a - b);
    /** The worker's own sweep (sweepAllDue: batches of 100, several lanes on PostgreSQL), timed 5 times, each after `rearm`; sorted by time. */
    const timedSweeps = async (rearm: string) => {
      const runs: Array<{ ms: number; fired: number }> = [];
      for (let run = 0; run < 5; run++) {
        await database.query(rearm);
        const t1 = performance.now();
        const drained = await sweepAllDue(database, new Date(), { maxBatches: 100 });
        runs.push({ ms: performance.now() - t1, fired: drained.fired });
      }
      return runs.sort((x, y) => x.ms - y.ms);
    };
    // the same 1,000 assigned orders' clocks, re-armed before each run: each fires its 50% warning
    const armed = `SELECT d.id FROM deadlines d JOIN work_orders w ON w.id::text = d.subject_id WHERE d.kind = 'dispatch' AND w.assignee_id IS NOT NULL ORDER BY d.id LIMIT 1000`;
    const drains = await timedSweeps(`UPDATE deadlines SET fired_milestones = '{}', next_fire_at = now() - interval '1 minute', started_at = now() - interval '20 minutes', due_at = now() + interval '10 minutes' WHERE id IN (${armed})`);
    const { ms: drainMs, fired } = drains[2];
    const [{ n: notes }] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'sla.warning'`);
    // a late burst: 1,000 clocks already past due, 3 in 8 of their orders unassigned — each fires
    // its 50% and 75% warnings and its breach (assignee or the dispatchers, then the supervisors)
    const late = `SELECT d.id FROM deadlines d WHERE d.kind = 'dispatch' ORDER BY d.id DESC LIMIT 1000`;
    const bursts = await timedSweeps(`UPDATE deadlines SET fired_milestones = '{}', breached_at = NULL, next_fire_at = now() - interval '1 minute', started_at = now() - interval '40 minutes', due_at = now() - interval '1 minute' WHERE id IN (${late})`);
    console.log(`[${label}] sweep over ${ORDERS} open clocks, none due: p50 ${idle[25].toFixed(2)} ms, max ${idle[49].toFixed(2)} ms`);
    console.log(`[${label}] 1,000 due (50% warnings → the assignee): ${fired} firings per run (${notes} notifications over the runs), one worker sweep in ${drainMs.toFixed(0)} ms (median of 5; ${drains.map((d) => d.ms.toFixed(0)).join(', ')})`);
    out(label, 'sweep · 100k open, none due', { p50: idle[25], p99: idle[49] });
    out(label, 'sweep · 1,000 due (worker sweep)', { p50: drainMs, p99: drains[4].ms }, { note: `${fired} firings per run, median of 5 runs` });
    console.log(`[${label}] 1,000 late (warnings + breach, 3 in 8 unassigned): ${bursts[2].fired} firings per run, one worker sweep in ${bursts[2].ms.toFixed(0)} ms (median of 5; ${bursts.map((d) => d.ms.toFixed(0)).join(', ')})`);
    out(label, 'sweep · 1,000 late, 3 firings each (worker sweep)', { p50: bursts[2].ms, p99: bursts[4].ms }, { note: `${bursts[2].fired} firings per run, median of 5 runs` });
  }

  if (process.env.BENCH_SWEEP_ONLY) {
    return close();
  }

  // 4. the list at 50 connections
  const sup = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'wb-sup', password: 'pass1234' } });
  const supHeaders = { cookie: /pms_sid=[^;]+/.exec(String(sup.headers['set-cookie']))![0] };
  const [{ id: deepId }] = await database.query<{ id: string }>(`SELECT id FROM work_orders WHERE community_id = $1 ORDER BY id DESC OFFSET 90000 LIMIT 1`, [community.id]);
  // 50 different deep pages: no two requests in flight ask the same thing, so none share a query
  const spread = (await database.query<{ id: string }>(`SELECT id FROM work_orders WHERE community_id = $1 ORDER BY id DESC OFFSET 50000 LIMIT 50`, [community.id])).map((r) => r.id);
  const list = `${base}/api/v1/work-orders?communityId=${community.id}&limit=50`;
  // 2% of the orders overdue (an open clock past due), spread over the whole history
  // (breached by the sweeper, as a live system's late clocks are a second after their due time)
  await database.query(
    `UPDATE deadlines SET due_at = now() - m, breached_at = now() - m, next_fire_at = NULL, fired_milestones = milestones
       FROM (SELECT (5 + abs(hashtext(subject_id)) % 600) * interval '1 minute' AS m, id AS did FROM deadlines WHERE community_id = $1 AND hashtext(subject_id) % 50 = 0) x
      WHERE id = x.did`,
    [community.id],
  );
  await database.query('VACUUM ANALYZE deadlines');
  const cases = [
    ['first page', list, null],
    ['deep cursor (row 90,000)', `${list}&cursor=${encodeCursor([deepId])}`, deepId],
    ['50 different deep pages', `${list}&cursor=${encodeCursor([spread[0]])}`, spread],
    ['status=dispatched', `${list}&status=dispatched`, null],
    ['status + assignee', `${list}&status=dispatched,in_progress&assigneeId=${techs[3].id}`, null],
    ['urgency=emergency', `${list}&urgency=emergency`, null],
    ['overdue=true + status', `${list}&overdue=true&status=dispatched,in_progress`, null],
  ] as const;
  // The plan of each case's real query (captured from the driver) on both databases, with 100k rows: index range scans, no count, no sort of the whole set
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  for (const [name, url] of cases) {
    let captured: { text: string; values?: unknown[] } | null = null;
    proto.query = function (this: unknown, ...a: unknown[]) {
      const q = a[0] as { text?: string; values?: unknown[] } | string;
      if (typeof q === 'object' && q?.text?.includes('LEFT JOIN LATERAL')) captured = { text: q.text, values: (a[1] as unknown[] | undefined) ?? q.values };
      return original.apply(this, a);
    };
    // PGlite: its one connection's query() (the plain query of runPrepared)
    const liteQuery = database.query;
    if (label === 'pglite') {
      database.query = (async (text: string, params?: unknown[]) => {
        if (text.includes('LEFT JOIN LATERAL')) captured = { text, values: params };
        return liteQuery.call(database, text, params);
      }) as typeof database.query;
    }
    const probe = await fetch(url, { headers: supHeaders });
    proto.query = original;
    database.query = liteQuery;
    const items = ((await probe.json()) as { items: unknown[] }).items.length;
    if (probe.status !== 200 || (items === 0 && !name.startsWith('overdue'))) throw new Error(`${name}: ${probe.status}`);
    if (captured) {
      const c = captured as { text: string; values?: unknown[] };
      const plan = await database.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${c.text}`, c.values ?? []);
      const lines = plan.map((p) => p['QUERY PLAN']);
      const scans = lines.filter((l) => /Scan|Sort|Aggregate/.test(l)).map((l) => l.trim().replace(/\s+/g, ' ').slice(0, 110));
      console.log(`[${label}] plan · ${name}: ${lines.find((l) => l.startsWith('Planning Time'))}, ${lines.find((l) => l.startsWith('Execution Time'))}\n      ${scans.join('\n      ')}`);
    }
  }
  const listSeconds = Math.max(3, Math.round(SECONDS / 2));
  for (const [name, url, cursor] of cases) {
    if (process.env.BENCH_LIST && !name.includes(process.env.BENCH_LIST)) continue;
    const cursors = cursor === null ? [] : Array.isArray(cursor) ? cursor : [cursor];
    const bareUrls = cursors.length ? cursors.map((c) => `${bareBase}/bare-list?cursor=${c}`) : [`${bareBase}/bare-list`];
    const more = cursors.slice(1).map((c) => `${list}&cursor=${encodeCursor([c])}`);
    const pairs: Array<{ bare: LoadResult; r: LoadResult }> = [];
    for (let i = 0; i < ROUNDS; i++) {
      pairs.push({
        bare: await drive({ url: bareUrls[0], more: bareUrls.slice(1), method: 'GET', headers: {}, seconds: listSeconds }),
        r: await drive({ url, more, method: 'GET', headers: supHeaders, seconds: listSeconds }),
      });
    }
    const { bare: b, r } = mid(pairs, (x) => x.r.rps / x.bare.rps);
    console.log(`[${label}] list ${name.padEnd(26)} ${fmt(r)} → ${((r.rps / b.rps) * 100).toFixed(0)}% of the bare SELECT (${b.rps.toFixed(0)} req/s, p99 ${b.p99.toFixed(1)} ms)`);
    out(label, `list · ${name}`, r, { rps: r.rps, ratio: r.rps / b.rps, baselineP50Ms: b.p50, note: `bare SELECT p99 ${b.p99.toFixed(1)} ms; median of ${ROUNDS} interleaved rounds` });
  }
  await close();
}

console.log(`work-order bench: ${CONNECTIONS} connections, ${SECONDS} s per case (load generator in a separate process), ${os.cpus().length} CPUs`);
const only = process.env.BENCH_DB;
if (only !== 'postgres') {
  const lite = await openPglite(null);
  await benchOn('pglite', lite);
  await lite.close();
}
const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
if (only === 'pglite') {
  // skipped on request
} else if (!(await admin.connect().then(() => true, () => false))) {
  console.log('[postgres] not reachable — skipped');
} else {
  const name = `pms_wo_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // the pool the server runs with (openDatabase: 10 connections) unless BENCH_POOL says otherwise
  const database = await openPostgres(url.toString(), Number(process.env.BENCH_POOL ?? 10));
  database.pool?.on('error', () => undefined); // the forced DROP below ends idle connections
  try {
    await benchOn('postgres', database);
  } finally {
    await database.close();
    // BENCH_KEEP_DB=1 leaves the database for a look at plans afterwards
    if (!process.env.BENCH_KEEP_DB) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    else console.log(`[postgres] kept database ${name}`);
    await admin.end();
  }
}
process.exit(0);

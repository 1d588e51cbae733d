/**
 * Rooms list/search over 100,000 rooms: the real HTTP handler (app.inject: session, actor,
 * permission check, query, serialisation) and the repository function alone, each against a
 * bare indexed SELECT of the same rows measured in the same run. Runs on a fresh in-memory
 * PGlite, and on PostgreSQL too when one is reachable (BENCH_DATABASE_URL, else the local
 * postgres@127.0.0.1:5432), in a throwaway database dropped afterwards.
 *   usage: npx tsx bench/rooms.bench.ts [iterations]
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { openPglite, runMigrations, type Database } from '../server/src/kernel/db/index.ts';
import { loadConfig } from '../server/src/kernel/config/index.ts';
import { encodeCursor } from '../server/src/kernel/http/index.ts';
import { makeCommunity, makeCompany, makeUser } from '../server/src/kernel/testing/factories.ts';
import { createDeps } from '../server/src/runtime.ts';
import { buildApp } from '../server/src/app.ts';
import { listRooms } from '../server/src/modules/property/rooms.repository.ts';
import { onThrowawayPostgres } from './lib.ts';

const ITER = Number(process.argv[2] ?? 300);
const WARMUP = 30;
const BUILDINGS = 50, ENTRANCES = 4, FLOORS = 25, PER_FLOOR = 20; // 100,000 rooms
const DATA_KEY = 'k1:' + Buffer.alloc(32, 3).toString('base64');

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
async function measure(fn: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function seed(database: Database, communityId: string) {
  const t = performance.now();
  await database.query(`insert into buildings (community_id, code, name, floors_above) select $1, b::text, b || '栋', ${FLOORS} from generate_series(1, ${BUILDINGS}) b`, [communityId]);
  await database.query(`insert into entrances (community_id, building_id, code, name) select $1, b.id, e::text, e || '单元' from buildings b, generate_series(1, ${ENTRANCES}) e where b.community_id = $1`, [communityId]);
  await database.query(
    `insert into rooms (community_id, building_id, entrance_id, floor, number, code, area_m2, use, status)
     select $1, en.building_id, en.id, f, (f * 100 + n)::text, b.code || '-' || en.code || '-' || (f * 100 + n), round((60 + random() * 90)::numeric, 2), 'residential', 'occupied'
     from entrances en join buildings b on b.id = en.building_id, generate_series(1, ${FLOORS}) f, generate_series(1, ${PER_FLOOR}) n
     where en.community_id = $1`,
    [communityId],
  );
  await database.query('analyze rooms');
  const [{ n }] = await database.query<{ n: number }>('select count(*)::int as n from rooms');
  return { rooms: n, ms: performance.now() - t };
}

async function benchOn(label: string, database: Database) {
  await runMigrations(database);
  const config = loadConfig({}, { dataKey: DATA_KEY, dataDir: path.join(os.tmpdir(), `pms-bench-${process.pid}`), demo: false, worker: false, databaseUrl: '' });
  const deps = await createDeps(config, { database, migrate: false });
  const app = await buildApp(deps);
  await app.ready();
  const { company, roleIds } = await makeCompany(database.db, '基准物业');
  const community = await makeCommunity(database.db, company.id, { code: 'BENCH', name: '基准小区' });
  await makeUser(database.db, deps.pii, roleIds, { companyId: company.id, username: 'bench-clerk', roles: [['clerk', community.id]] });
  const seeded = await seed(database, community.id);
  console.log(`[${label}] seeded ${seeded.rooms} rooms set-based in ${seeded.ms.toFixed(0)} ms`);

  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bench-clerk', password: 'pass1234' } });
  const cookie = /pms_sid=[^;]+/.exec(String(login.headers['set-cookie']))![0];
  const order = 'order by sort_key collate "C", code collate "C"';
  const [deep] = await database.query<{ sortKey: string; code: string }>(`select sort_key as "sortKey", code from rooms where community_id = $1 ${order} offset 90000 limit 1`, [community.id]);
  const base = `/api/v1/communities/${community.id}/rooms`;
  const bareSql = 'select * from rooms where community_id = $1';
  const cases = [
    { name: 'first page (50)', url: `${base}?limit=50`, filter: {}, after: null, sql: `${bareSql} ${order} limit 51`, params: [community.id] },
    { name: 'prefix "12-3"', url: `${base}?q=12-3&limit=50`, filter: { q: '12-3' }, after: null, sql: `${bareSql} and code like '12-3%' and (code = '12-3' or code like '12-3-%') ${order} limit 51`, params: [community.id] },
    { name: 'deep cursor (row 90,000)', url: `${base}?limit=50&cursor=${encodeCursor([deep.sortKey, deep.code])}`, filter: {}, after: deep, sql: `${bareSql} and (sort_key collate "C", code collate "C") > ($2, $3) ${order} limit 51`, params: [community.id, deep.sortKey, deep.code] },
  ];
  // Reference: the HTTP stack with one trivial query and no session (what inject + Fastify cost).
  const health = await measure(() => app.inject({ method: 'GET', url: '/api/health' }));
  console.log(`[${label}] reference: GET /api/health (no session, SELECT 1) p50 ${health.p50.toFixed(2)} ms p99 ${health.p99.toFixed(2)} ms`);
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'rooms', db: label, case: 'reference · GET /api/health', p50Ms: health.p50, p99Ms: health.p99, note: 'inject + Fastify + SELECT 1, no session' })}`);
  for (const c of cases) {
    const probe = await app.inject({ method: 'GET', url: c.url, headers: { cookie } });
    if (probe.statusCode !== 200 || probe.json().items.length !== 50) throw new Error(`${c.name}: ${probe.statusCode} ${probe.body.slice(0, 200)}`);
    const plan = (await database.query<{ 'QUERY PLAN': string }>(`explain ${c.sql}`, c.params)).map((r) => r['QUERY PLAN']).join(' ');
    const index = /using (\w+)/.exec(plan)?.[1] ?? 'no index';
    const bare = await measure(() => database.query(c.sql, c.params));
    const service = await measure(() => listRooms(database.db, community.id, c.filter, 50, c.after));
    const http = await measure(() => app.inject({ method: 'GET', url: c.url, headers: { cookie } }));
    console.log(
      `[${label}] ${c.name.padEnd(26)} bare SELECT p50 ${bare.p50.toFixed(2)} ms (${index}) | repository p50 ${service.p50.toFixed(2)} ms | HTTP p50 ${http.p50.toFixed(2)} ms p99 ${http.p99.toFixed(2)} ms | HTTP/bare ${(http.p50 / bare.p50).toFixed(1)}×`,
    );
    const out = (level: string, m: { p50: number; p99: number }, note: string) =>
      console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'rooms', db: label, case: `${c.name} · ${level}`, p50Ms: m.p50, p99Ms: m.p99, baselineP50Ms: bare.p50, ratio: m.p50 / bare.p50, note })}`);
    out('bare SELECT', bare, index);
    out('repository', service, 'listRooms()');
    out('HTTP', http, 'app.inject, session + permission');
  }
  await app.close();
}

console.log(`rooms list/search bench: ${BUILDINGS * ENTRANCES * FLOORS * PER_FLOOR} rooms, ${ITER} timed requests per case after ${WARMUP} warm-up`);
const lite = await openPglite(null);
await benchOn('pglite', lite);
await lite.close();

await onThrowawayPostgres('pms_bench', (database) => benchOn('postgres', database));

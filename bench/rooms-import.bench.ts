/**
 * Excel import of rooms with owners: a generated .xlsx of N rows (default 10,000; every other row
 * with an owner and phone) uploaded through the real HTTP route, against a same-run baseline
 * that inserts the same rooms with one bare multi-row INSERT per 2,000 rows. Fresh PGlite.
 *   usage: npx tsx bench/rooms-import.bench.ts [rows]
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { openPglite, runMigrations } from '../server/src/kernel/db/index.ts';
import { loadConfig } from '../server/src/kernel/config/index.ts';
import { writeSheet } from '../server/src/kernel/excel/index.ts';
import { makeCommunity, makeCompany, makeUser } from '../server/src/kernel/testing/factories.ts';
import { createDeps } from '../server/src/runtime.ts';
import { buildApp } from '../server/src/app.ts';

const N = Number(process.argv[2] ?? 10_000);
const database = await openPglite(null);
await runMigrations(database);
const config = loadConfig({}, { dataKey: 'k1:' + Buffer.alloc(32, 5).toString('base64'), dataDir: path.join(os.tmpdir(), `pms-bench-${process.pid}`), demo: false, worker: false, databaseUrl: '', uploadMaxBytes: 50 * 1024 * 1024 });
const deps = await createDeps(config, { database, migrate: false });
const app = await buildApp(deps);
await app.ready();
const { company, roleIds } = await makeCompany(database.db, '导入基准物业');
const target = await makeCommunity(database.db, company.id, { code: 'IMP' });
const baseline = await makeCommunity(database.db, company.id, { code: 'BASE' });
await makeUser(database.db, deps.pii, roleIds, { companyId: company.id, username: 'bench-admin', roles: [['company_admin', null]] });

// 20 buildings × 2 entrances × N/40 rooms each.
const rows = Array.from({ length: N }, (_, i) => ({
  building: String((i % 20) + 1),
  entrance: String((Math.floor(i / 20) % 2) + 1),
  floor: (Math.floor(i / 40) % 30) + 1,
  number: String(1000 + Math.floor(i / 40)),
  areaM2: 60 + (i % 90) + 0.25,
  use: '住宅',
  status: i % 2 ? '空置' : '入住',
  ownerName: i % 2 ? '' : `业主${i}`,
  ownerPhone: i % 2 ? '' : `139${String(i).padStart(8, '0')}`,
}));
let t = performance.now();
const file = await writeSheet('房屋导入', (await import('../server/src/modules/household/import.columns.ts')).IMPORT_COLUMNS, rows);
const writeMs = performance.now() - t;

const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bench-admin', password: 'pass1234' } });
const cookie = /pms_sid=[^;]+/.exec(String(login.headers['set-cookie']))![0];
const csrf = login.json().csrfToken as string;
const boundary = '----pmsBench';
const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rooms.xlsx"\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
t = performance.now();
const res = await app.inject({ method: 'POST', url: `/api/v1/communities/${target.id}/rooms/import`, payload, headers: { cookie, 'x-csrf-token': csrf, 'content-type': `multipart/form-data; boundary=${boundary}` } });
const importMs = performance.now() - t;
if (res.statusCode !== 200) throw new Error(`import: ${res.statusCode} ${res.body.slice(0, 300)}`);

// Baseline: the same rooms as bare multi-row INSERTs (no parsing, validation, owners or encryption).
await database.query(`insert into buildings (community_id, code, name) select $1, b::text, b || '栋' from generate_series(1, 20) b`, [baseline.id]);
const bIds = new Map((await database.query<{ id: string; code: string }>('select id, code from buildings where community_id = $1', [baseline.id])).map((b) => [b.code, b.id]));
t = performance.now();
for (let i = 0; i < N; i += 2000) {
  const part = rows.slice(i, i + 2000);
  const params: unknown[] = [];
  const values = part.map((r) => {
    params.push(baseline.id, bIds.get(r.building), r.floor, r.number, `${r.building}-${r.entrance}-${r.number}`, r.areaM2);
    const k = params.length;
    return `($${k - 5}, $${k - 4}, $${k - 3}, $${k - 2}, $${k - 1}, $${k})`;
  });
  await database.query(`insert into rooms (community_id, building_id, floor, number, code, area_m2) values ${values.join(', ')}`, params);
}
const baseMs = performance.now() - t;

console.log(`rooms import (pglite): ${N} rows (${(file.length / 1024).toFixed(0)} KiB .xlsx written in ${writeMs.toFixed(0)} ms) → ${JSON.stringify(res.json())}`);
console.log(`  HTTP import ${importMs.toFixed(0)} ms = ${((N / importMs) * 1000).toFixed(0)} rows/s; bare multi-row INSERT of the rooms ${baseMs.toFixed(0)} ms; ratio ${(importMs / baseMs).toFixed(1)}×`);
console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'rooms-import', db: 'pglite', case: `${N} rows via HTTP (total)`, p50Ms: importMs, p99Ms: importMs, baselineP50Ms: baseMs, ratio: importMs / baseMs, note: `${((N / importMs) * 1000).toFixed(0)} rows/s incl. parse, validate, owners` })}`);
await app.close();
await database.close();

/**
 * Person search by phone over 200,000 persons (R-ARC-6): the phone is stored only as AES-GCM
 * ciphertext + HMAC blind index, so a search is "HMAC the input, look the index up". Measured
 * against a plain indexed lookup on an unencrypted copy of the same phones in the same run
 * (the cost of not storing plaintext). Cases: bare blind-index SELECT, searchPersons() (HMAC +
 * scoped query), and the real HTTP handler (session, permission, decrypt + mask of the answer).
 * Seeding is set-based: blind indexes and ciphertexts computed in JS, 1,000-row INSERTs.
 * PGlite in memory, then PostgreSQL when reachable (BENCH_DATABASE_URL or postgres@127.0.0.1).
 *   usage: npx tsx bench/persons.bench.ts [iterations]     (or: npm run bench -- persons)
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { openPglite, runMigrations, uuid7, type Database } from '../server/src/kernel/db/index.ts';
import { loadConfig } from '../server/src/kernel/config/index.ts';
import { makeCommunity, makeCompany, makeUser } from '../server/src/kernel/testing/factories.ts';
import type { Actor } from '../server/src/kernel/permissions/index.ts';
import { loadActor } from '../server/src/kernel/permissions/index.ts';
import { createDeps } from '../server/src/runtime.ts';
import { buildApp } from '../server/src/app.ts';
import { searchPersons } from '../server/src/modules/people/persons.service.ts';
import { onThrowawayPostgres } from './lib.ts';

const ITER = Number(process.argv[2] ?? 300);
const WARMUP = 30;
const PERSONS = 200_000;
const BATCH = 1000;
const DATA_KEY = 'k1:' + Buffer.alloc(32, 5).toString('base64');
const phoneOf = (i: number) => `13${String(100_000_000 + i).slice(0, 9)}`;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
async function measure(fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const t = performance.now();
    await fn(i + WARMUP);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function benchOn(label: string, database: Database) {
  await runMigrations(database);
  const config = loadConfig({}, { dataKey: DATA_KEY, dataDir: path.join(os.tmpdir(), `pms-bench-${process.pid}`), demo: false, worker: false, databaseUrl: '' });
  const deps = await createDeps(config, { database, migrate: false });
  const app = await buildApp(deps);
  await app.ready();
  const { company, roleIds } = await makeCompany(database.db, '基准物业');
  const community = await makeCommunity(database.db, company.id, { code: 'BENCH', name: '基准小区' });
  const clerk = await makeUser(database.db, deps.pii, roleIds, { companyId: company.id, username: 'bench-clerk', roles: [['clerk', community.id]] });
  await database.query('create table bench_plain_persons (id uuid primary key, company_id uuid not null, phone text not null)');
  await database.query('create index bench_plain_phone_idx on bench_plain_persons (company_id, phone)');

  const t0 = performance.now();
  for (let start = 0; start < PERSONS; start += BATCH) {
    const enc: unknown[] = [];
    const plain: unknown[] = [];
    const encRows: string[] = [];
    const plainRows: string[] = [];
    for (let i = start; i < Math.min(PERSONS, start + BATCH); i++) {
      const id = uuid7();
      const phone = phoneOf(i);
      const b = enc.length;
      enc.push(id, company.id, community.id, `业主${i}`, deps.pii.encrypt(phone), deps.pii.blindIndex('phone', phone));
      encRows.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`);
      const p = plain.length;
      plain.push(id, company.id, phone);
      plainRows.push(`($${p + 1}, $${p + 2}, $${p + 3})`);
    }
    await database.query(`insert into persons (id, company_id, community_id, name, phone_enc, phone_bidx) values ${encRows.join(', ')}`, enc);
    await database.query(`insert into bench_plain_persons (id, company_id, phone) values ${plainRows.join(', ')}`, plain);
  }
  await database.query('analyze persons');
  await database.query('analyze person_phones');
  await database.query('analyze bench_plain_persons');
  console.log(`[${label}] seeded ${PERSONS} persons (+ plain copy) in ${(performance.now() - t0).toFixed(0)} ms`);

  const actor = (await loadActor(database.db, clerk.id, new Date())) as Actor;
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bench-clerk', password: 'pass1234' } });
  const cookie = /pms_sid=[^;]+/.exec(String(login.headers['set-cookie']))![0];
  const csrf = login.json().csrfToken as string;
  // A different target every iteration, spread over the whole table.
  const target = (i: number) => phoneOf((i * 7919) % PERSONS);

  const probe = await app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: { cookie, 'x-csrf-token': csrf }, payload: { phone: target(3) } });
  if (probe.statusCode !== 200 || probe.json().items.length !== 1) throw new Error(`probe: ${probe.statusCode} ${probe.body.slice(0, 200)}`);
  const planOf = async (sqlText: string, params: unknown[]) => (await database.query<{ 'QUERY PLAN': string }>(`explain ${sqlText}`, params)).map((r) => r['QUERY PLAN']).join(' ');
  const plainSql = 'select * from bench_plain_persons where company_id = $1 and phone = $2';
  const bidxSql = 'select * from persons where company_id = $1 and phone_bidx = $2';
  // Since several phones per person, search goes through person_phones (one blind index per phone; filled from persons by trigger here).
  const phonesSql = 'select p.* from persons p where p.id in (select person_id from person_phones where company_id = $1 and phone_bidx = $2)';
  const idx = (plan: string) => /using (\w+)/.exec(plan)?.[1] ?? 'no index';
  const plainIdx = idx(await planOf(plainSql, [company.id, target(1)]));
  const bidxIdx = idx(await planOf(bidxSql, [company.id, deps.pii.blindIndex('phone', target(1))]));
  const phonesIdx = idx(await planOf(phonesSql, [company.id, deps.pii.blindIndex('phone', target(1))]));

  const plainM = await measure((i) => database.query(plainSql, [company.id, target(i)]));
  const bidxM = await measure((i) => database.query(bidxSql, [company.id, deps.pii.blindIndex('phone', target(i))]));
  const phonesM = await measure((i) => database.query(phonesSql, [company.id, deps.pii.blindIndex('phone', target(i))]));
  const serviceM = await measure((i) => searchPersons(deps, actor, { phone: target(i) }));
  const httpM = await measure((i) => app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: { cookie, 'x-csrf-token': csrf }, payload: { phone: target(i) } }));

  const line = (name: string, m: { p50: number; p99: number }, note: string) => {
    console.log(`[${label}] ${name.padEnd(34)} p50 ${m.p50.toFixed(3)} ms p99 ${m.p99.toFixed(3)} ms  ×${(m.p50 / plainM.p50).toFixed(2)} vs plain  (${note})`);
    console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'persons', db: label, case: name, p50Ms: m.p50, p99Ms: m.p99, baselineP50Ms: plainM.p50, ratio: m.p50 / plainM.p50, note })}`);
  };
  line('plain indexed lookup (baseline)', plainM, plainIdx);
  line('blind-index lookup (HMAC + SELECT)', bidxM, bidxIdx);
  line('any-phone lookup (person_phones)', phonesM, phonesIdx);
  line('searchPersons() (+ tenant scope)', serviceM, 'service function');
  line('HTTP POST /persons/search', httpM, 'session, CSRF, decrypt + mask');
  await app.close();
}

console.log(`person search bench: ${PERSONS} persons, ${ITER} timed look-ups per case after ${WARMUP} warm-up`);
const lite = await openPglite(null);
await benchOn('pglite', lite);
await lite.close();

await onThrowawayPostgres('pms_bench_persons', (database) => benchOn('postgres', database));

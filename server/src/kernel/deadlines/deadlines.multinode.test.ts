import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, makeCommunity, makeCompany } from '../testing/index.ts';
import type { Database } from '../db/index.ts';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/sweep-child.ts');
const CLOCKS = 1000;

let database: Database & { url?: string };
beforeAll(async () => {
  if (!onPostgres) return;
  database = await createTestDatabase();
  const { company } = await makeCompany(database.db);
  const community = await makeCommunity(database.db, company.id);
  // No unique constraint: a clock fired twice would show up as two rows.
  await database.query('CREATE TABLE race_firings (clock_id uuid NOT NULL, event text NOT NULL, node text NOT NULL)');
  // Set-based: 1,000 clocks started an hour ago with a 30-minute limit and a 50% milestone.
  await database.query(
    `INSERT INTO deadlines (community_id, subject_type, subject_id, kind, started_at, due_at, duration_minutes, milestones, next_fire_at)
     SELECT $1, 'work_order', 'wo-' || g, 'race', $2::timestamptz, $2::timestamptz + interval '30 minutes', 30, '{0.5}', $2::timestamptz + interval '15 minutes'
     FROM generate_series(1, ${CLOCKS}) g`,
    [community.id, '2026-11-24T01:00:00Z'],
  );
});
afterAll(() => database?.close());

function startNode(url: string, node: string) {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, url, '2026-11-24T02:00:00Z', node], { stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams;
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', () => out.includes('ready') && resolve());
    proc.once('exit', (code) => reject(new Error(`node ${node} exited early (${code}): ${err}`)));
  });
  const done = new Promise<{ node: string; fired: number }>((resolve, reject) => {
    proc.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`node ${node} failed (${code}): ${err}`))));
  });
  return { proc, ready, done };
}

describe.skipIf(!onPostgres)('sweeper on two app processes sharing one PostgreSQL', () => {
  it(`fires each of ${CLOCKS} due clocks' milestone and breach exactly once`, async () => {
    const nodes = [startNode(database.url!, 'n1'), startNode(database.url!, 'n2')];
    await Promise.all(nodes.map((n) => n.ready));
    for (const n of nodes) n.proc.stdin.write('go\n');
    const results = await Promise.all(nodes.map((n) => n.done));

    const [{ total, distinct, clocks }] = await database.query<{ total: number; distinct: number; clocks: number }>(
      'SELECT count(*)::int AS total, count(DISTINCT (clock_id, event))::int AS distinct, count(DISTINCT clock_id)::int AS clocks FROM race_firings',
    );
    expect(clocks).toBe(CLOCKS);
    expect(total).toBe(2 * CLOCKS); // one milestone + one breach per clock
    expect(distinct).toBe(total); // no duplicates
    expect(results.reduce((s, r) => s + r.fired, 0)).toBe(2 * CLOCKS);
    // both processes really took part (SKIP LOCKED shared the work)
    for (const r of results) expect(r.fired).toBeGreaterThan(0);
    const [{ left }] = await database.query<{ left: number }>("SELECT count(*)::int AS left FROM deadlines WHERE breached_at IS NULL OR next_fire_at IS NOT NULL");
    expect(left).toBe(0);
  }, 120_000);
});

describe.skipIf(onPostgres)('sweeper on two app processes (needs PostgreSQL)', () => {
  it.skip('skipped on PGlite: set TEST_DATABASE_URL to run the two-process exactly-once test', () => undefined);
});

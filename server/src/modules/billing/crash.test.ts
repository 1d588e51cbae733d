import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { createTestApp, makeCommunity, seedStandardCompany, type TestApp } from '../../kernel/testing/index.ts';
import { makeRoom } from './billing.fixtures.ts';
import { makeBuilding, makeRoomsBulk } from './billing.fixtures.ts';
import { runBilling, seedDemoFees } from './index.ts';
import { feeItems, feeRates, feeAssignments } from './billing.tables.ts';

/** R-FEE-2 under a crash: needs a second process on the same database, so PostgreSQL only. */
const onPg = !!process.env.TEST_DATABASE_URL;
const ROOMS = 20_000;
let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let twin: string;
let interrupted: string;

async function setupCommunity(communityId: string) {
  const db = t.deps.database.db;
  const b = await makeBuilding(db, communityId);
  await makeRoomsBulk(db, communityId, b.id, ROOMS);
  await seedDemoFees(db, communityId);
  // A second item whose rate changes mid-period, so lines are pro-rated over two versions.
  const [lj] = await db.insert(feeItems).values({ communityId, code: 'LJ', name: '垃圾清运费', kind: 'service', formula: 'fixed' }).returning();
  await db.insert(feeRates).values([
    { communityId, feeItemId: lj.id, effectiveFrom: '2026-01-01', priceFenX100: 100000 },
    { communityId, feeItemId: lj.id, effectiveFrom: '2026-12-11', priceFenX100: 133300 },
  ]);
  await db.insert(feeAssignments).values({ communityId, feeItemId: lj.id, scope: 'community', effectiveFrom: '2026-01-01' });
}

const linesOf = (communityId: string) =>
  rows<{ code: string; item: string; amount_fen: number; days_billed: number }>(
    t.deps.database.db,
    sql`SELECT r.code, f.code AS item, b.amount_fen, b.days_billed FROM bills b JOIN rooms r ON r.id = b.room_id JOIN fee_items f ON f.id = b.fee_item_id
        WHERE b.community_id = ${communityId}::uuid ORDER BY r.code, f.code`,
  );

beforeAll(async () => {
  if (!onPg) return;
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  interrupted = seed.a.id;
  await setupCommunity(seed.a.id);
  const other = await makeCommunity(t.deps.database.db, seed.company.id, { code: 'T', name: '对照小区' });
  twin = other.id;
  await setupCommunity(other.id);
}, 120_000);
afterAll(() => t?.close());

describe.skipIf(!onPg)('billing run killed with SIGKILL', () => {
  it('resumes to exactly the bills of an uninterrupted run', async () => {
    const url = (t.deps.database as { url?: string }).url!;
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./crash-child.ts', import.meta.url)), url, interrupted, seed.company.id, '2026-12'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Kill once a few slices are committed.
    for (;;) {
      const [c] = await rows<{ n: number }>(t.deps.database.db, sql`SELECT count(*)::int AS n FROM bills WHERE community_id = ${interrupted}::uuid`);
      if (c.n >= 8000) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(out).not.toContain('finished');
    const [mid] = await rows<{ n: number; status: string }>(t.deps.database.db, sql`SELECT (SELECT count(*)::int FROM bills WHERE community_id = ${interrupted}::uuid) AS n, (SELECT status FROM billing_runs WHERE community_id = ${interrupted}::uuid) AS status`);
    expect(mid.n).toBeGreaterThan(0);
    expect(mid.n).toBeLessThan(2 * ROOMS);
    expect(mid.status).toBe('running');

    const resumed = await runBilling(t.deps.database.db, t.clock, { communityId: interrupted, companyId: seed.company.id, period: '2026-12', actorId: null }, { chunkRooms: 1000 });
    expect(resumed.report.createdThisAttempt).toBe(2 * ROOMS - mid.n);
    const clean = await runBilling(t.deps.database.db, t.clock, { communityId: twin, companyId: seed.company.id, period: '2026-12', actorId: null });
    expect(resumed.report.lines).toBe(2 * ROOMS);
    expect(resumed.report.totalFen).toBe(clean.report.totalFen);
    expect(await linesOf(interrupted)).toEqual(await linesOf(twin));
  }, 120_000);
});

describe.skipIf(!onPg)('payment request killed with SIGKILL', () => {
  it('leaves nothing behind; the retry with the same Idempotency-Key pays exactly once', async () => {
    const url = (t.deps.database as { url?: string }).url!;
    const [b] = await rows<{ id: string }>(t.deps.database.db, sql`SELECT id FROM buildings WHERE community_id = ${interrupted}::uuid LIMIT 1`);
    const room = await makeRoom(t.deps.database.db, interrupted, b.id, { code: 'PAY-1', areaM2: '50.00' });
    const body = { roomId: room.id, billIds: [], amountFen: 8888, method: 'cash' };
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./crash-payment-child.ts', import.meta.url)), url, seed.staff.financeA.id, 'crash-key-1', JSON.stringify(body)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
    await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('in-tx') && resolve()));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const count = async () => (await rows<{ p: number; k: number; l: number }>(t.deps.database.db, sql`SELECT (SELECT count(*)::int FROM payments WHERE room_id = ${room.id}::uuid) AS p,
      (SELECT count(*)::int FROM idempotency_keys WHERE key = 'crash-key-1') AS k, (SELECT count(*)::int FROM ledger_entries WHERE room_id = ${room.id}::uuid) AS l`))[0];
    // PostgreSQL may need a moment to notice the dead connection and roll back.
    for (let i = 0; i < 100 && (await rows<{ n: number }>(t.deps.database.db, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()`))[0].n > 0; i++) {
      await t.deps.database.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await count()).toEqual({ p: 0, k: 0, l: 0 });
    const fin = await t.client().login('finance-a');
    const first = await fin.post('/api/v1/payments', body, { 'idempotency-key': 'crash-key-1' });
    expect(first.status).toBe(201);
    const again = await fin.post('/api/v1/payments', body, { 'idempotency-key': 'crash-key-1' });
    expect(again.body).toEqual(first.body);
    expect(await count()).toEqual({ p: 1, k: 1, l: 2 });
    const rec = await fin.get(`/api/v1/billing/reconciliation?communityId=${interrupted}`);
    expect(rec.body.receipts.gapless).toBe(true);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../server/src/kernel/testing/index.ts';
import { reconcile, arrearsAging } from '../../server/src/modules/billing/index.ts';
import { shanghaiDate } from '../../server/src/kernel/time.ts';
import { seedDemo } from './seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps);
}, 120_000);
afterAll(() => t.close());

describe('demo data', () => {
  it('has two communities with at least 2,000 rooms, staff for every role and a few hundred owners', async () => {
    const [c] = await t.deps.database.query<{ communities: number; rooms: number; persons: number; roles: number }>(
      `SELECT (SELECT count(*)::int FROM communities) AS communities, (SELECT count(*)::int FROM rooms) AS rooms,
              (SELECT count(*)::int FROM persons) AS persons,
              (SELECT count(DISTINCT r.code)::int FROM user_roles ur JOIN roles r ON r.id = ur.role_id) AS roles`,
    );
    expect(c.communities).toBe(2);
    expect(c.rooms).toBeGreaterThanOrEqual(2000);
    expect(c.persons).toBeGreaterThanOrEqual(200);
    expect(c.roles).toBe(15);
  });

  it('lets the published demo accounts log in: staff by username, owner by phone', async () => {
    const clerk = await t.client().login('demo-clerk', 'demo1234');
    expect(clerk.user.roles).toEqual(['clerk']);
    expect(clerk.user.communityIds).toHaveLength(1);
    const owner = await t.client().login('13800000001', 'demo1234');
    expect(owner.user.kind).toBe('owner');
    expect(owner.user.rooms).toHaveLength(1);
    // The journeys (and the README) name this room; the seed must give it to him on every run.
    expect((await owner.get(`/api/v1/rooms/${owner.user.rooms[0].roomId}`)).body.code).toBe('1-1-1001');
    const admin = await t.client().login('demo-admin', 'demo1234');
    expect(admin.user.communityIds).toHaveLength(2);
  });

  it('stores no plaintext phone or ID number', async () => {
    const rows = await t.deps.database.query<{ phone_enc: string }>(`SELECT phone_enc FROM persons LIMIT 5`);
    for (const r of rows) expect(r.phone_enc).not.toMatch(/1[3-9]\d{9}/);
  });

  it('is idempotent', async () => {
    await seedDemo(t.deps);
    const [c] = await t.deps.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM companies`);
    expect(c.n).toBe(1);
  });
});

describe('demo money', () => {
  const q = <T>(text: string, params: unknown[] = []) => t.deps.database.query<T>(text, params);
  const communityIds = async () => (await q<{ id: string }>(`SELECT id FROM communities ORDER BY code DESC`)).map((c) => c.id); // YGHY, CHXQ

  it('reconciles: bills, payments, balances, receipts and the ledger agree in both communities', async () => {
    for (const id of await communityIds()) {
      const r = await reconcile(t.deps.database.db, id);
      expect(r.mismatches).toEqual({ bills: [], balances: [], unbalancedTxns: [], payments: [] });
      expect(r.receipts.gapless).toBe(true);
      expect(r.receipts.issued).toBeGreaterThan(100);
      expect(r.ok).toBe(true);
      expect(r.totals.cashFen).toBe(r.totals.settledFen + r.totals.prepaidFen);
    }
  });

  it('阳光花园 has eight months of bills up to this month, collected at a rising rate, with arrears in every aging bucket', async () => {
    const [a] = await communityIds();
    const current = shanghaiDate(t.deps.clock.now()).slice(0, 7);
    const months = await q<{ period: string; billed: number; paid: number; runs: number }>(
      `SELECT b.period, sum(b.amount_fen)::bigint AS billed, sum(b.paid_fen)::bigint AS paid,
              (SELECT count(*)::int FROM billing_runs r WHERE r.community_id = $1 AND r.period = b.period AND r.status = 'done') AS runs
         FROM bills b WHERE b.community_id = $1 GROUP BY b.period ORDER BY b.period`,
      [a],
    );
    expect(months).toHaveLength(8);
    expect(months[7].period).toBe(current);
    expect(months.every((m) => m.runs === 1)).toBe(true);
    const rate = months.map((m) => Number(m.paid) / Number(m.billed));
    expect(rate[0]).toBeGreaterThan(0.8);
    expect(rate[6]).toBeGreaterThan(rate[0]);
    expect(rate[6]).toBeLessThan(1);
    expect(rate[7]).toBeLessThan(rate[6]); // this month is not due yet
    const [aging] = await arrearsAging(t.deps.database.db, a, shanghaiDate(t.deps.clock.now()), 'community');
    for (const bucket of ['d1_30', 'd31_60', 'd61_90', 'd91_180', 'd181_plus'] as const) expect(aging[bucket]).toBeGreaterThan(0);
    const [rooms] = await q<{ owing: number; billed: number; prepaid: number }>(
      `SELECT count(DISTINCT room_id) FILTER (WHERE paid_fen < amount_fen AND due_date < $2::date)::int AS owing, count(DISTINCT room_id)::int AS billed,
              (SELECT count(*)::int FROM room_accounts WHERE community_id = $1 AND balance_fen > 0) AS prepaid
         FROM bills WHERE community_id = $1`,
      [a, shanghaiDate(t.deps.clock.now())],
    );
    expect(rooms.owing / rooms.billed).toBeGreaterThan(0.05);
    expect(rooms.owing / rooms.billed).toBeLessThan(0.2);
    expect(rooms.prepaid).toBeGreaterThanOrEqual(3);
  });

  it('has every kind of payment, a door-to-door collection by two staff, a refund awaiting approval, public income, dunning contacts', async () => {
    const [a] = await communityIds();
    const methods = await q<{ method: string }>(`SELECT DISTINCT method FROM payments WHERE community_id = $1 AND status = 'confirmed' ORDER BY method`, [a]);
    expect(methods.map((m) => m.method)).toEqual(['alipay', 'bank_transfer', 'bank_withholding', 'card', 'cash', 'wechat']);
    const [x] = await q<{ visits: number; refunds: number; income: number; contacts: number; counts: number }>(
      `SELECT (SELECT count(*)::int FROM payments WHERE community_id = $1 AND jsonb_array_length(collector_ids) = 2) AS visits,
              (SELECT count(*)::int FROM payment_adjustments WHERE community_id = $1 AND kind = 'refund' AND status = 'requested') AS refunds,
              (SELECT count(DISTINCT category)::int FROM public_income_entries WHERE community_id = $1 AND category IN ('advertising', 'venue')) AS income,
              (SELECT count(*)::int FROM dunning_contacts WHERE community_id = $1) AS contacts,
              (SELECT count(*)::int FROM cash_counts WHERE community_id = $1) AS counts`,
      [a],
    );
    expect(x).toEqual({ visits: 1, refunds: 1, income: 2, contacts: 3, counts: 1 });
  });

  it('the demo owner 13800000001 sees paid bills with receipts and this month open', async () => {
    const owner = await t.client().login('13800000001', 'demo1234');
    const roomId = owner.user.rooms[0].roomId;
    const bills = (await owner.get(`/api/v1/rooms/${roomId}/bills`)).body.items as Array<{ period: string; status: string }>;
    const current = shanghaiDate(t.deps.clock.now()).slice(0, 7);
    expect(bills.filter((b) => b.status !== 'paid').map((b) => b.period)).toEqual([current, current]);
    expect(bills.filter((b) => b.status === 'paid').length).toBeGreaterThanOrEqual(10);
    const pays = (await owner.get(`/api/v1/rooms/${roomId}/payments`)).body.items as Array<{ receiptNo: string; method: string; status: string }>;
    expect(pays.length).toBeGreaterThanOrEqual(5);
    for (const p of pays) expect([p.status, p.method, p.receiptNo]).toEqual(['confirmed', 'wechat', expect.stringMatching(/^YGHY-\d{8}$/)]);
  });
});

describe('demo fees', () => {
  it('a bill run for the demo community works out of the box and bills every sold residential room once (unsold rooms are billed to the developer, skipped with a reason)', async () => {
    const finance = await t.client().login('demo-finance', 'demo1234');
    const communityId = finance.user.communityIds[0];
    const run = await finance.post('/api/v1/billing/runs', { communityId, period: '2026-12' });
    expect(run.status).toBeLessThan(300);
    const [r] = await t.deps.database.query<{ rooms: number; bills: number }>(
      `SELECT (SELECT count(*)::int FROM rooms WHERE community_id = $1 AND use = 'residential' AND status <> 'unsold') AS rooms,
              (SELECT count(DISTINCT room_id)::int FROM bills WHERE community_id = $1 AND period = '2026-12') AS bills`,
      [communityId],
    );
    expect(r.bills).toBe(r.rooms);
    const again = await finance.post('/api/v1/billing/runs', { communityId, period: '2026-12' });
    expect(again.status).toBeLessThan(300);
    // Two items a room: 物业服务费 and 垃圾清运费.
    const [n] = await t.deps.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM bills WHERE community_id = $1 AND period = '2026-12'`, [communityId]);
    expect(n.n).toBe(2 * r.rooms);
  });
});

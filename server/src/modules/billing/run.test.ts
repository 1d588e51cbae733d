import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeBuilding, makeOwner, makeRoom } from './billing.fixtures.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let fin: TestClient;
const room: Record<string, { id: string }> = {};
const item: Record<string, string> = {};

async function ok(p: Promise<{ status: number; body: any }>, status = 201) {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const db = t.deps.database.db;
  const a = seed.a.id;
  const b = await makeBuilding(db, a);
  room.r1 = await makeRoom(db, a, b.id, { code: '1-1-101', areaM2: '100.00' });
  room.r2 = await makeRoom(db, a, b.id, { code: '1-1-102', areaM2: '88.88', indoorAreaM2: '70.50' });
  room.r3 = await makeRoom(db, a, b.id, { code: '1-1-103', areaM2: '50.00', use: 'commercial' });
  room.r4 = await makeRoom(db, a, b.id, { code: '1-1-104', areaM2: '77.00', status: 'unsold' });
  room.r5 = await makeRoom(db, a, b.id, { code: '1-1-105', areaM2: '90.00' });
  // R5's owner moves in on 17 December: 15 of 31 days.
  await makeOwner(db, t.deps.pii, seed.roleIds, seed.company.id, room.r5.id, a, '13800000005', '2026-12-17');
  fin = await t.client().login('finance-a');

  const mk = (body: object) => ok(fin.post('/api/v1/billing/fee-items', { communityId: a, ...body }));
  item.wyf = (await mk({ code: 'WYF', name: '物业服务费', kind: 'property', formula: 'gross_area' })).id;
  item.lj = (await mk({ code: 'LJ', name: '垃圾清运费', kind: 'service', formula: 'fixed', rounding: 'up', roundingUnitFen: 10 })).id;
  item.water = (await mk({ code: 'WATER', name: '水费', kind: 'metered', formula: 'metered' })).id;
  item.gt = (await mk({ code: 'GTD', name: '公共电费', kind: 'shared_utility', formula: 'apportioned' })).id;
  item.tn = (await mk({ code: 'TN', name: '套内服务费', kind: 'service', formula: 'indoor_area' })).id;

  const rate = (id: string, body: object) => ok(fin.post(`/api/v1/billing/fee-items/${id}/rates`, body));
  const assign = (id: string, body: object) => ok(fin.post(`/api/v1/billing/fee-items/${id}/assignments`, { effectiveFrom: '2026-01-01', ...body }));
  await rate(item.wyf, { effectiveFrom: '2026-01-01', priceFenX100: 25000 });
  await assign(item.wyf, { scope: 'use', roomUse: 'residential' });
  await assign(item.wyf, { scope: 'room', roomId: room.r2.id, coefficient: '0.8' });
  await rate(item.lj, { effectiveFrom: '2026-01-01', priceFenX100: 100000 });
  await rate(item.lj, { effectiveFrom: '2026-12-11', priceFenX100: 120000 });
  await assign(item.lj, { scope: 'room', roomId: room.r1.id });
  await rate(item.water, {
    effectiveFrom: '2026-01-01',
    priceFenX100: 0,
    tiers: [
      { upTo: 10, priceFenX100: 30000 },
      { upTo: 20, priceFenX100: 45000 },
      { upTo: null, priceFenX100: 60000 },
    ],
  });
  await assign(item.water, { scope: 'room', roomId: room.r1.id });
  await assign(item.water, { scope: 'room', roomId: room.r2.id });
  await ok(fin.post('/api/v1/billing/meter-readings', { roomId: room.r1.id, feeItemId: item.water, period: '2026-11', reading: '100.00' }));
  await ok(fin.post('/api/v1/billing/meter-readings', { roomId: room.r1.id, feeItemId: item.water, period: '2026-12', reading: '125.50' }));
  await ok(fin.post('/api/v1/billing/meter-readings', { roomId: room.r2.id, feeItemId: item.water, period: '2026-12', reading: '40.00' }));
  await rate(item.gt, { effectiveFrom: '2026-01-01', priceFenX100: 6000 });
  await assign(item.gt, { scope: 'use', roomUse: 'residential' });
  await ok(fin.post('/api/v1/billing/apportion-pools', { feeItemId: item.gt, period: '2026-12', totalUsage: '1000.00' }));
  await rate(item.tn, { effectiveFrom: '2026-01-01', priceFenX100: 10000 });
  await assign(item.tn, { scope: 'room', roomId: room.r1.id });
  await assign(item.tn, { scope: 'room', roomId: room.r2.id });
});
afterAll(() => t.close());

async function billsOf(roomId: string) {
  const r = await fin.get(`/api/v1/rooms/${roomId}/bills`);
  expect(r.status).toBe(200);
  return Object.fromEntries(r.body.items.map((b: any) => [b.itemCode, b]));
}

describe('billing run', () => {
  it('computes every formula, coefficient, tier, apportionment, rounding rule and pro-rating', async () => {
    const run = await ok(fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2026-12' }), 200);
    expect(run.status).toBe('done');
    const r1 = await billsOf(room.r1.id);
    expect(r1.WYF).toMatchObject({ amountFen: 25000, paidFen: 0, status: 'unpaid', daysBilled: 31, period: '2026-12' });
    // 10 days at 10.00 + 21 days at 12.00 over 31 days = 11.3548… → rounded up to the jiao: 11.40
    expect(r1.LJ.amountFen).toBe(1140);
    // 25.5 m³: 10 × 3.00 + 10 × 4.50 + 5.5 × 6.00
    expect(r1.WATER.amountFen).toBe(10800);
    // 1000 kWh × 100 / (100 + 88.88 + 90) m² × 0.60
    expect(r1.GTD.amountFen).toBe(21515);
    expect(r1.TN).toBeUndefined(); // no indoor area recorded
    const r2 = await billsOf(room.r2.id);
    expect(r2.WYF).toMatchObject({ amountFen: 17776, coefficient: '0.800' }); // 88.88 × 2.50 × 0.8
    expect(r2.TN.amountFen).toBe(7050);
    expect(r2.GTD.amountFen).toBe(19122);
    expect(r2.WATER).toBeUndefined(); // first reading is the baseline
    const r5 = await billsOf(room.r5.id);
    expect(r5.WYF).toMatchObject({ amountFen: 10887, daysBilled: 15, periodStart: '2026-12-17' }); // 225.00 × 15/31
    expect(r5.GTD.amountFen).toBe(19363);
    expect(Object.keys(await billsOf(room.r3.id))).toEqual([]);
    expect(Object.keys(await billsOf(room.r4.id))).toEqual([]);

    const reasons = Object.fromEntries(run.skipped.map((s: any) => [s.reason, s.count]));
    expect(reasons).toMatchObject({ unsold: 1, no_fee_items: 1, no_indoor_area: 1, no_previous_reading: 1 });
    expect(run.lines).toBe(9);
    expect(run.roomsBilled).toBe(3);
    expect(run.totalFen).toBe(25000 + 1140 + 10800 + 21515 + 17776 + 7050 + 19122 + 10887 + 19363);
  });

  it('re-running the period creates nothing new and changes no amount', async () => {
    const before = await rows(t.deps.database.db, sql`SELECT id, amount_fen FROM bills ORDER BY id`);
    const again = await ok(fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2026-12' }), 200);
    expect(again.createdThisAttempt).toBe(0);
    expect(again.attempts).toBe(2);
    expect(await rows(t.deps.database.db, sql`SELECT id, amount_fen FROM bills ORDER BY id`)).toEqual(before);
  });

  it('two runs at the same time still give one line per room, item and period', async () => {
    const [x, y] = await Promise.all([
      fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2027-01' }),
      fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2027-01' }),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect(x.body.createdThisAttempt + y.body.createdThisAttempt).toBe(x.body.lines);
    const [dups] = await rows<{ n: number }>(t.deps.database.db, sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM bills GROUP BY room_id, fee_item_id, period HAVING count(*) > 1) d`);
    expect(dups.n).toBe(0);
  });

  it('the database itself refuses a duplicate line', async () => {
    await expect(
      t.deps.database.query(`INSERT INTO bills (community_id, room_id, fee_item_id, period, period_start, period_end, days_billed, quantity, coefficient, amount_fen, due_date)
        SELECT community_id, room_id, fee_item_id, period, period_start, period_end, days_billed, quantity, coefficient, amount_fen, due_date FROM bills LIMIT 1`),
    ).rejects.toThrow(/bills_room_item_period_uq/);
  });

  it('finance of community B cannot run or read community A', async () => {
    const finB = await t.client().login('finance-b');
    expect((await finB.post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2026-12' })).status).toBe(404);
    expect((await finB.get(`/api/v1/rooms/${room.r1.id}/bills`)).status).toBe(404);
    expect((await finB.post(`/api/v1/billing/fee-items/${item.wyf}/rates`, { effectiveFrom: '2027-01-01', priceFenX100: 1 })).status).toBe(404);
    const clerk = await t.client().login('clerk-a');
    expect((await clerk.post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2026-12' })).status).toBe(403);
    expect((await clerk.get(`/api/v1/rooms/${room.r1.id}/bills`)).status).toBe(200);
  });

  it('refuses fee items that would fine owners or cut utilities (R-LAW-1)', async () => {
    for (const name of ['欠费罚款', '停水处理费', 'utility cut-off fee']) {
      const r = await fin.post('/api/v1/billing/fee-items', { communityId: seed.a.id, code: 'X' + name.length, name, kind: 'service', formula: 'fixed' });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('LAW_SANCTION_FORBIDDEN');
    }
    const [n] = await rows<{ n: number }>(t.deps.database.db, sql`SELECT count(*)::int AS n FROM fee_items WHERE code LIKE 'X%'`);
    expect(n.n).toBe(0);
  });
});

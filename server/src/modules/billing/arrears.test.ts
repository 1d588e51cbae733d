import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeBuilding, makeOwner, makeRoom } from './billing.fixtures.ts';
import { seedDemoFees } from './index.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let fin: TestClient;
let owner: TestClient;
let x: string;
let y: string;

beforeAll(async () => {
  t = await createTestApp(); // clock: 2026-11-24
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const db = t.deps.database.db;
  const b = await makeBuilding(db, seed.a.id);
  x = (await makeRoom(db, seed.a.id, b.id, { code: '5-1-101', areaM2: '100.00' })).id;
  y = (await makeRoom(db, seed.a.id, b.id, { code: '5-1-102', areaM2: '100.00' })).id;
  await makeOwner(db, t.deps.pii, seed.roleIds, seed.company.id, x, seed.a.id, '13800000009');
  await seedDemoFees(db, seed.a.id); // 250.00 a month, due on the 15th of the next month
  fin = await t.client().login('finance-a');
  owner = await t.client().login('13800000009');
  for (const period of ['2026-04', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']) await fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period });
  const r = await fin.post('/api/v1/payments', { roomId: y, billIds: [], amountFen: 7 * 25000, method: 'cash' }, { 'idempotency-key': 'pay-y' });
  expect(r.status).toBe(201);
});
afterAll(() => t.close());

describe('arrears aging', () => {
  it('buckets overdue amounts by days past due, per room, building and community', async () => {
    const byRoom = await fin.get(`/api/v1/arrears/aging?communityId=${seed.a.id}&groupBy=room`);
    expect(byRoom.status).toBe(200);
    expect(byRoom.body.asOf).toBe('2026-11-24');
    expect(byRoom.body.items).toHaveLength(1);
    // Apr (193 days) > 180; Jun, Jul 91–180; Aug 61–90; Sep 31–60; Oct 1–30; Nov not yet due.
    expect(byRoom.body.items[0]).toMatchObject({ key: x, label: '5-1-101', d181_plus: 25000, d91_180: 50000, d61_90: 25000, d31_60: 25000, d1_30: 25000, totalFen: 150000, bills: 6 });
    const byBuilding = await fin.get(`/api/v1/arrears/aging?communityId=${seed.a.id}&groupBy=building`);
    expect(byBuilding.body.items[0]).toMatchObject({ label: '1号楼', totalFen: 150000 });
    const later = await fin.get(`/api/v1/arrears/aging?communityId=${seed.a.id}&asOf=2026-12-20`);
    expect(later.body.items[0]).toMatchObject({ totalFen: 175000, d1_30: 25000 + 0, d31_60: 25000 });
    const finB = await t.client().login('finance-b');
    expect((await finB.get(`/api/v1/arrears/aging?communityId=${seed.a.id}`)).status).toBe(404);
  });
});

describe('dunning', () => {
  it('previews without sending, escalates in order, and rolls back keeping history', async () => {
    const count = async () => (await rows<{ n: number }>(t.deps.database.db, sql`SELECT count(*)::int AS n FROM dunning_letters`))[0].n;
    const early = await fin.post('/api/v1/dunning/runs', { communityId: seed.a.id, stage: 'demand_letter', minDaysOverdue: 30, dryRun: true });
    expect(early.body.rooms).toBe(0); // a friendly reminder comes first
    const preview = await fin.post('/api/v1/dunning/runs', { communityId: seed.a.id, stage: 'reminder', minDaysOverdue: 30, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.targets).toEqual([expect.objectContaining({ roomId: x, overdueFen: 125000, oldestDueDate: '2026-05-15' })]);
    expect(await count()).toBe(0);
    const sent = await fin.post('/api/v1/dunning/runs', { communityId: seed.a.id, stage: 'reminder', minDaysOverdue: 30, dryRun: false });
    expect(sent.status).toBe(201);
    expect(sent.body.rooms).toBe(1);
    expect((await fin.post('/api/v1/dunning/runs', { communityId: seed.a.id, stage: 'reminder', minDaysOverdue: 30, dryRun: false })).body.rooms).toBe(0);
    const demand = await fin.post('/api/v1/dunning/runs', { communityId: seed.a.id, stage: 'demand_letter', minDaysOverdue: 60, dryRun: false });
    expect(demand.body.rooms).toBe(1);
    const back = await fin.post(`/api/v1/dunning/runs/${demand.body.run.id}/rollback`, { reason: '业主已承诺本周缴清' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'rolled_back', withdrawn: 1 });
    expect((await fin.post(`/api/v1/dunning/runs/${demand.body.run.id}/rollback`, { reason: '再次撤回' })).status).toBe(409);
    const contact = await fin.post(`/api/v1/rooms/${x}/dunning-contacts`, { channel: 'phone', outcome: 'promised', note: '业主称月底缴清' });
    expect(contact.status).toBe(201);
    const hist = await fin.get(`/api/v1/rooms/${x}/dunning`);
    expect(hist.body.letters.map((l: any) => [l.stage, l.status])).toEqual([['reminder', 'sent'], ['demand_letter', 'withdrawn']]);
    expect(hist.body.contacts[0]).toMatchObject({ channel: 'phone', outcome: 'promised', staffId: seed.staff.financeA.id, at: '2026-11-24T01:00:00.000Z' });
    await expect(t.deps.database.query('DELETE FROM dunning_contacts')).rejects.toThrow(/append-only/);
  });

  it('there is no way to fine owners or cut utilities (R-LAW-1)', async () => {
    for (const stage of ['cut_water', 'power cut-off', '停电']) {
      const r = await fin.post('/api/v1/dunning/runs', { communityId: seed.a.id, stage, minDaysOverdue: 1, dryRun: false });
      expect([r.status, r.body.error.code]).toEqual([422, 'LAW_SANCTION_FORBIDDEN']);
    }
    const note = await fin.post(`/api/v1/rooms/${x}/dunning-contacts`, { channel: 'visit', outcome: 'refused', note: '通知明日停水' });
    expect(note.status).toBe(422);
    const sanction = await fin.post('/api/v1/arrears/sanctions', { roomId: x, action: 'cut_electricity' });
    expect([sanction.status, sanction.body.error.code]).toEqual([422, 'LAW_SANCTION_FORBIDDEN']);
    const [n] = await rows<{ n: number }>(t.deps.database.db, sql`SELECT count(*)::int AS n FROM dunning_runs WHERE stage NOT IN ('reminder', 'demand_letter', 'legal')`);
    expect(n.n).toBe(0);
  });
});

describe('late fees', () => {
  it('only from a contract term, citing the clause, daily ‱ with a cap, once per period', async () => {
    const none = await fin.post('/api/v1/billing/late-fees', { communityId: seed.a.id, period: '2026-09' });
    expect([none.status, none.body.error.code]).toEqual([409, 'LATE_FEE_NO_CONTRACT']);
    const item = await fin.post('/api/v1/billing/fee-items', { communityId: seed.a.id, code: 'WYJ', name: '违约金', kind: 'late_fee', formula: 'fixed' });
    const term = await fin.post('/api/v1/billing/late-fee-terms', {
      communityId: seed.a.id, lateFeeItemId: item.body.id, clause: '《物业服务合同》第十二条', graceDays: 0, mode: 'daily', basis: 'percent', value: 5, capFen: 1000,
    });
    expect(term.status).toBe(201);
    const sep = await fin.post('/api/v1/billing/late-fees', { communityId: seed.a.id, period: '2026-09' });
    expect(sep.body).toMatchObject({ lines: 1, totalFen: 520 }); // 0.05% of 250.00 = 13 fen a day × 40 days
    const jun = await fin.post('/api/v1/billing/late-fees', { communityId: seed.a.id, period: '2026-06' });
    expect(jun.body.totalFen).toBe(1000); // 13 × 132 = 1716, capped at 10.00
    expect((await fin.post('/api/v1/billing/late-fees', { communityId: seed.a.id, period: '2026-09' })).body.lines).toBe(0);
    const lines = (await fin.get(`/api/v1/rooms/${x}/bills`)).body.items.filter((b: any) => b.itemCode === 'WYJ');
    expect(lines.map((l: any) => l.clause)).toEqual([expect.stringContaining('第十二条'), expect.stringContaining('第十二条')]);
    expect((await fin.get(`/api/v1/rooms/${y}/bills`)).body.items.some((b: any) => b.itemCode === 'WYJ')).toBe(false);
  });
});

describe('public income', () => {
  it('is a separate ledger; owners see what was published', async () => {
    const add = (body: object) => fin.post('/api/v1/public-income', { communityId: seed.a.id, ...body });
    expect((await add({ category: 'advertising', amountFen: 120000, occurredOn: '2026-10-05', description: '电梯广告 10 月' })).status).toBe(201);
    await add({ category: 'expense', amountFen: 5000, occurredOn: '2026-10-20', description: '广告位维护' });
    await add({ category: 'venue', amountFen: 30000, occurredOn: '2026-11-02', description: '会所场地租用' });
    expect((await owner.get(`/api/v1/public-income?communityId=${seed.a.id}`)).body.entries).toEqual([]);
    expect((await owner.post('/api/v1/public-income', { communityId: seed.a.id, category: 'venue', amountFen: 1, occurredOn: '2026-11-01', description: '业主不能记账' })).status).toBe(403);
    const pub = await fin.post('/api/v1/public-income/publications', { communityId: seed.a.id, fromDay: '2026-10-01', toDay: '2026-10-31' });
    expect(pub.body).toMatchObject({ incomeFen: 120000, expenseFen: 5000 });
    const seen = (await owner.get(`/api/v1/public-income?communityId=${seed.a.id}`)).body;
    expect(seen.entries.map((e: any) => e.amountFen).sort()).toEqual([-5000, 120000]);
    expect(seen.publications).toHaveLength(1);
    await expect(t.deps.database.query('UPDATE public_income_entries SET amount_fen = 1')).rejects.toThrow(/append-only/);
  });
});

describe('reports', () => {
  it('collection rate by period and the monthly report in Excel', async () => {
    const rate = await fin.get(`/api/v1/billing/reports/collection?communityId=${seed.a.id}&from=2026-04&to=2026-11`);
    expect(rate.status).toBe(200);
    const oct = rate.body.items.find((i: any) => i.key === '2026-10');
    expect(oct).toMatchObject({ billedFen: 50000, paidFen: 25000, rateBp: 5000 });
    const xlsx = await fin.get(`/api/v1/billing/reports/monthly?communityId=${seed.a.id}&period=2026-10&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/billing/reports/monthly?communityId=${seed.a.id}&period=2026-10&format=xlsx`, headers: { cookie: (fin as any).cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(3).values).toEqual([undefined, 'WYF', '物业服务费', 2, 500, 250, 250, 0.5]);
    const clerk = await t.client().login('clerk-a');
    expect((await clerk.get(`/api/v1/billing/reports/monthly?communityId=${seed.a.id}&period=2026-10`)).status).toBe(403);
  });
});

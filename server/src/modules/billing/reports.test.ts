import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeBuilding, makeRoom } from './billing.fixtures.ts';
import { seedDemoFees } from './index.ts';
import { monthsBetween } from './reports.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let fin: TestClient;
let mgr: TestClient;
let x: string;
let y: string;
let yPayment: string;
const A = () => seed.a.id;

beforeAll(async () => {
  t = await createTestApp(); // clock: 2026-11-24
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const db = t.deps.database.db;
  const b1 = await makeBuilding(db, A(), '1');
  const b2 = await makeBuilding(db, A(), '2');
  const b10 = await makeBuilding(db, A(), '10');
  await makeRoom(db, A(), b10.id, { code: '10-1-101', areaM2: '100.00', status: 'unsold' }); // never billed: no series
  // Community B: buildings 10 and 9, billed for one month (natural building order).
  for (const code of ['10', '9']) await makeRoom(db, seed.b.id, (await makeBuilding(db, seed.b.id, code)).id, { code: `${code}-1-101`, areaM2: '100.00' });
  await seedDemoFees(db, seed.b.id);
  x = (await makeRoom(db, A(), b1.id, { code: '1-1-101', areaM2: '100.00' })).id;
  y = (await makeRoom(db, A(), b2.id, { code: '2-1-101', areaM2: '100.00' })).id;
  await seedDemoFees(db, A()); // 250.00 a room a month
  expect((await (await t.client().login('finance-b')).post('/api/v1/billing/runs', { communityId: seed.b.id, period: '2026-09' })).status).toBe(200);
  fin = await t.client().login('finance-a');
  mgr = await t.client().login('manager-a');
  for (const period of ['2026-08', '2026-09', '2026-10', '2026-11']) {
    const run = await fin.post('/api/v1/billing/runs', { communityId: A(), period });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
  }
  // y pays Aug, Sep in full and 100.00 of Oct (oldest first).
  const r = await fin.post('/api/v1/payments', { roomId: y, billIds: [], amountFen: 60000, method: 'cash' }, { 'idempotency-key': 'rep-y' });
  expect(r.status).toBe(201);
  yPayment = r.body.id;
});
afterAll(() => t.close());

const trend = (c: TestClient, q: string) => c.get(`/api/v1/billing/reports/trend?communityId=${A()}&${q}`);

describe('collection-rate trend', () => {
  it('answers every month of the range, for the community and per building', async () => {
    const r = await trend(fin, 'from=2026-07&to=2026-11');
    expect(r.status).toBe(200);
    expect(r.body.months).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(r.body.items.map((p: any) => [p.period, p.billedFen, p.paidFen, p.rateBp])).toEqual([
      ['2026-07', 0, 0, null], // nothing billed: no rate rather than a made-up 100%
      ['2026-08', 50000, 25000, 5000],
      ['2026-09', 50000, 25000, 5000],
      ['2026-10', 50000, 10000, 2000],
      ['2026-11', 50000, 0, 0],
    ]);
    expect(r.body.items[0]).toMatchObject({ key: A(), label: '阳光花园' });

    const byBuilding = await trend(fin, 'from=2026-08&to=2026-10&groupBy=building');
    const series = (label: string) => byBuilding.body.items.filter((p: any) => p.label === label).map((p: any) => p.rateBp);
    expect(byBuilding.body.items).toHaveLength(6);
    expect([...new Set(byBuilding.body.items.map((p: any) => p.label))]).toEqual(['1号楼', '2号楼']);
    expect(series('1号楼')).toEqual([0, 0, 0]);
    expect(series('2号楼')).toEqual([10000, 10000, 4000]);
  });

  it('refuses reversed or over-long ranges, other tenants and staff without finance.report', async () => {
    expect((await trend(fin, 'from=2026-11&to=2026-01')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await trend(fin, 'from=2020-01&to=2026-01')).status).toBe(400);
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect((await trend(await t.client().login('finance-b'), 'from=2026-08&to=2026-10')).status).toBe(404);
    expect((await trend(await t.client().login('clerk-a'), 'from=2026-08&to=2026-10')).status).toBe(403);
  });

  it('exports the trend to Excel (audited) with rates as percentages', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/billing/reports/trend?communityId=${A()}&from=2026-08&to=2026-09&format=xlsx`, headers: { cookie: (fin as any).cookie } });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(3).values).toEqual([undefined, '2026-08', '阳光花园', 500, 250, 250, 0.5]);
  });

  it('compares the communities the user may report on', async () => {
    const own = await fin.get('/api/v1/billing/reports/communities?from=2026-08&to=2026-11');
    expect(own.body.items).toEqual([expect.objectContaining({ label: '阳光花园', billedFen: 200000, paidFen: 60000, rateBp: 3000 })]);
    const admin = await t.client().login('admin');
    const all = await admin.get('/api/v1/billing/reports/communities?from=2026-08&to=2026-11');
    expect(all.body.items.map((c: any) => [c.label, c.rateBp])).toEqual([['阳光花园', 3000], ['翠湖小区', 0]]);
    // Buildings in natural order (9 before 10), not text order.
    const b = await admin.get(`/api/v1/billing/reports/trend?communityId=${seed.b.id}&from=2026-09&to=2026-09&groupBy=building`);
    expect(b.body.items.map((p: any) => p.label)).toEqual(['9号楼', '10号楼']);
  });
});

describe('income by item, adjustments queue', () => {
  it('income by item comes from the ledger and adds up to the cash taken; a reversal nets it out', async () => {
    const day = (q: string) => fin.get(`/api/v1/billing/reports/income-by-item?communityId=${A()}&${q}`);
    const nov = await day('from=2026-11-01&to=2026-11-30');
    expect(nov.body).toMatchObject({ cashFen: 60000, prepaidFen: 0, items: [expect.objectContaining({ code: 'WYF', amountFen: 60000, bills: 3 })] });
    expect((await day('from=2026-10-01&to=2026-10-31')).body).toMatchObject({ cashFen: 0, items: [] });

    // A reversal: requested by finance, listed in the queue with names, approved by the manager.
    const req = await fin.post(`/api/v1/payments/${yPayment}/reversal`, { reason: '收错房号，应为 1-1-101' });
    expect(req.status).toBe(201);
    const queue = await mgr.get(`/api/v1/billing/adjustments?communityId=${A()}&status=requested`);
    expect(queue.body.items).toEqual([
      expect.objectContaining({ id: req.body.id, kind: 'reversal', amountFen: 60000, roomCode: '2-1-101', method: 'cash', requestedBy: seed.staff.financeA.id, requestedByName: 'finance-a', receiptNo: 'A-00000001' }),
    ]);
    expect((await (await t.client().login('clerk-a')).get(`/api/v1/billing/adjustments?communityId=${A()}`)).status).toBe(403);
    expect((await mgr.post(`/api/v1/payment-adjustments/${req.body.id}/approve`)).status).toBe(200);
    const done = await fin.get(`/api/v1/billing/adjustments?communityId=${A()}`);
    expect(done.body.items[0]).toMatchObject({ status: 'approved', decidedByName: 'manager-a' });

    const after = await day('from=2026-11-01&to=2026-11-30');
    expect(after.body).toMatchObject({ cashFen: 0, prepaidFen: 0, items: [expect.objectContaining({ code: 'WYF', amountFen: 0 })] });
    expect((await trend(fin, 'from=2026-08&to=2026-08')).body.items[0]).toMatchObject({ paidFen: 0, rateBp: 0 });
  });
});

describe('console lists', () => {
  it('dunning runs with their letters, late-fee terms with the current one marked, staff names for door-to-door', async () => {
    await fin.post('/api/v1/dunning/runs', { communityId: A(), stage: 'reminder', minDaysOverdue: 30, dryRun: false });
    const runs = await fin.get(`/api/v1/billing/dunning-runs?communityId=${A()}`);
    expect(runs.body.items).toEqual([expect.objectContaining({ stage: 'reminder', status: 'sent', letters: 2, totalFen: 100000, createdByName: 'finance-a' })]);

    const item = await fin.post('/api/v1/billing/fee-items', { communityId: A(), code: 'WYJ', name: '违约金', kind: 'late_fee', formula: 'fixed' });
    const term = (clause: string, value: number, roomId?: string) =>
      fin.post('/api/v1/billing/late-fee-terms', { communityId: A(), lateFeeItemId: item.body.id, clause, graceDays: 15, mode: 'daily', basis: 'percent', value, ...(roomId ? { roomId } : {}) });
    await term('《物业服务合同》第十二条', 5);
    await term('《物业服务合同》第十二条（补充协议）', 3);
    await term('1-1-101 商铺合同第八条', 10, x);
    const terms = await fin.get(`/api/v1/billing/late-fee-terms?communityId=${A()}`);
    expect(terms.body.items.map((r: any) => [r.roomCode, r.value, r.current])).toEqual([
      [null, 3, true],
      [null, 5, false],
      ['1-1-101', 10, true],
    ]);

    const staff = await fin.get(`/api/v1/billing/staff?communityId=${A()}`);
    const names = staff.body.items.map((s: any) => s.name);
    expect(names).toEqual(expect.arrayContaining(['finance-a', 'manager-a', 'admin']));
    expect(names).not.toContain('finance-b');
    expect(Object.keys(staff.body.items[0]).sort()).toEqual(['id', 'name']);
    expect((await (await t.client().login('finance-b')).get(`/api/v1/billing/staff?communityId=${A()}`)).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeBuilding, makeOwner, makeRoom } from './billing.fixtures.ts';
import { reconcile, seedDemoFees } from './index.ts';
import { fenInWords } from './receipt.pdf.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let fin: TestClient;
let mgr: TestClient;
let owner: TestClient;
let p1: string;
let p2: string;
let key = 0;
let firstPayment: string;
const pay = (c: TestClient, body: object, k = `k-${++key}`) => c.post('/api/v1/payments', body, { 'idempotency-key': k });
const bills = async (roomId: string, c = fin) => (await c.get(`/api/v1/rooms/${roomId}/bills`)).body;

beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const db = t.deps.database.db;
  const b = await makeBuilding(db, seed.a.id);
  p1 = (await makeRoom(db, seed.a.id, b.id, { code: '2-1-101', areaM2: '100.00' })).id; // 250.00 a month
  p2 = (await makeRoom(db, seed.a.id, b.id, { code: '2-1-102', areaM2: '80.00' })).id; // 200.00 a month
  await makeOwner(db, t.deps.pii, seed.roleIds, seed.company.id, p1, seed.a.id, '13800000001');
  await seedDemoFees(db, seed.a.id);
  fin = await t.client().login('finance-a');
  mgr = await t.client().login('manager-a');
  owner = await t.client().login('13800000001');
  for (const period of ['2026-10', '2026-11']) expect((await fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period })).status).toBe(200);
});
afterAll(() => t.close());

describe('payments', () => {
  it('a partial cash payment goes to the oldest bill first and gets receipt no. 1', async () => {
    const r = await pay(fin, { roomId: p1, billIds: [], amountFen: 10000, method: 'cash' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'confirmed', receiptNo: 'A-00000001', amountFen: 10000 });
    firstPayment = r.body.id;
    const list = (await bills(p1)).items;
    expect(list.find((b: any) => b.period === '2026-10')).toMatchObject({ amountFen: 25000, paidFen: 10000, status: 'partial' });
    expect(list.find((b: any) => b.period === '2026-11')).toMatchObject({ paidFen: 0, status: 'unpaid' });
  });

  it('the same Idempotency-Key and body returns the first result; a different body is 422', async () => {
    const body = { roomId: p1, billIds: [], amountFen: 100, method: 'card' };
    const first = await pay(fin, body, 'same-key');
    const again = await pay(fin, body, 'same-key');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await pay(fin, { ...body, amountFen: 101 }, 'same-key');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
    const [n] = await rows<{ n: number }>(t.deps.database.db, sql`SELECT count(*)::int AS n FROM payments WHERE amount_fen IN (100, 101)`);
    expect(n.n).toBe(1);
  });

  it('pays chosen bills; overpayment becomes a prepaid balance that the next run draws on', async () => {
    const nov = (await bills(p1)).items.find((b: any) => b.period === '2026-11');
    const r = await pay(fin, { roomId: p1, billIds: [nov.id], amountFen: 60000, method: 'bank_transfer' });
    expect(r.status, r.raw).toBe(201);
    // Nov paid in full (25000); the other 35000 pays what is left of Oct (14900) and the rest waits as balance.
    let view = await bills(p1);
    expect(view.items.find((b: any) => b.period === '2026-11').status).toBe('paid');
    expect(view.items.find((b: any) => b.period === '2026-10').status).toBe('paid');
    expect(view.balanceFen).toBe(60000 - 25000 - 14900);
    await fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2026-12' });
    view = await bills(p1);
    expect(view.items.find((b: any) => b.period === '2026-12')).toMatchObject({ amountFen: 25000, paidFen: 20100, status: 'partial' });
    expect(view.balanceFen).toBe(0);
  });

  it('refuses to pay a settled bill, and the failed attempt leaves no gap in receipt numbers', async () => {
    const oct = (await bills(p1)).items.find((b: any) => b.period === '2026-10');
    const bad = await pay(fin, { roomId: p1, billIds: [oct.id], amountFen: 100, method: 'cash' });
    expect(bad.status).toBe(409);
    expect(bad.body.error.code).toBe('BILL_NOT_PAYABLE');
    const ok = await pay(fin, { roomId: p2, billIds: [], amountFen: 100, method: 'cash' });
    expect(ok.body.receiptNo).toBe('A-00000004');
    const wrongRoom = await pay(fin, { roomId: p2, billIds: [oct.id], amountFen: 100, method: 'cash' });
    expect(wrongRoom.status).toBe(404);
  });

  it('door-to-door collection records exactly two staff', async () => {
    const one = await pay(fin, { roomId: p2, billIds: [], amountFen: 100, method: 'cash', collectorIds: [seed.staff.financeA.id] });
    expect(one.status).toBe(400);
    expect(one.body.error.code).toBe('PAYMENT_TWO_COLLECTORS');
    const two = await pay(fin, { roomId: p2, billIds: [], amountFen: 100, method: 'cash', collectorIds: [seed.staff.financeA.id, seed.staff.clerkA.id] });
    expect(two.status).toBe(201);
    expect(two.body.collectorIds).toEqual([seed.staff.financeA.id, seed.staff.clerkA.id]);
  });

  it('refunds need a reason and a different approver with payment.approve', async () => {
    await pay(fin, { roomId: p2, billIds: [], amountFen: 90000, method: 'cash' }); // 2 × 200.00 owed → 50000 balance
    expect((await bills(p2)).balanceFen).toBe(90000 + 200 - 60000);
    const req = await fin.post(`/api/v1/rooms/${p2}/refunds`, { amountFen: 30000, reason: '业主多缴退回' });
    expect(req.status).toBe(201);
    expect((await fin.post(`/api/v1/payment-adjustments/${req.body.id}/approve`)).status).toBe(403);
    const tooMuch = await mgr.post(`/api/v1/rooms/${p2}/refunds`, { amountFen: 999999, reason: '超额测试' });
    expect((await mgr.post(`/api/v1/payment-adjustments/${tooMuch.body.id}/approve`)).body.error.code).toBe('APPROVER_MUST_DIFFER');
    const approved = await mgr.post(`/api/v1/payment-adjustments/${req.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect((await bills(p2)).balanceFen).toBe(30200 - 30000);
    expect((await mgr.post(`/api/v1/payment-adjustments/${req.body.id}/approve`)).status).toBe(409);
  });

  it('a reversal negates the payment with new ledger entries; the bills are open again', async () => {
    const made = await pay(fin, { roomId: p2, billIds: [], amountFen: 100, method: 'cash' });
    const before = await bills(p2);
    const req = await fin.post(`/api/v1/payments/${made.body.id}/reversal`, { reason: '收错房号' });
    expect(req.status).toBe(201);
    expect((await fin.post(`/api/v1/payments/${made.body.id}/reversal`, { reason: '重复申请' })).status).toBe(409);
    expect((await mgr.post(`/api/v1/payment-adjustments/${req.body.id}/approve`)).status).toBe(200);
    expect((await fin.get(`/api/v1/payments/${made.body.id}`)).body.status).toBe('reversed');
    const after = await bills(p2);
    expect(after.balanceFen).toBe(before.balanceFen - 100);
    const entries = await rows<{ kind: string; amount_fen: number }>(t.deps.database.db, sql`SELECT kind, amount_fen FROM ledger_entries WHERE payment_id = ${made.body.id}::uuid ORDER BY id`);
    expect(entries.map((e) => e.kind)).toEqual(['payment', 'payment', 'reversal', 'reversal']);
    expect(entries.reduce((s, e) => s + Number(e.amount_fen), 0)).toBe(0);
  });

  it('the ledger is append-only in the database', async () => {
    await expect(t.deps.database.query('UPDATE ledger_entries SET amount_fen = amount_fen + 1')).rejects.toThrow(/append-only/);
    await expect(t.deps.database.query('DELETE FROM ledger_entries')).rejects.toThrow(/append-only/);
  });

  it('reconciliation proves bills, payments, balances, receipts and ledger agree', async () => {
    const rec = await fin.get(`/api/v1/billing/reconciliation?communityId=${seed.a.id}`);
    expect(rec.status).toBe(200);
    expect(rec.body.ok).toBe(true);
    expect(rec.body.receipts.gapless).toBe(true);
    // Break the books behind the API's back: reconciliation must notice.
    const [victim] = await t.deps.database.query<{ id: string }>(`SELECT id FROM bills WHERE room_id = $1 AND paid_fen > 0 LIMIT 1`, [p2]);
    await t.deps.database.query(`UPDATE bills SET paid_fen = paid_fen - 1 WHERE id = $1`, [victim.id]);
    const broken = await reconcile(t.deps.database.db, seed.a.id);
    expect(broken.ok).toBe(false);
    expect(broken.mismatches.bills.length).toBe(1);
    await t.deps.database.query(`UPDATE bills SET paid_fen = paid_fen + 1 WHERE id = $1`, [victim.id]);
    expect((await reconcile(t.deps.database.db, seed.a.id)).ok).toBe(true);
  });
});

describe('owners', () => {
  it('see only their own rooms and pay only online, through the provider', async () => {
    expect((await owner.get(`/api/v1/rooms/${p1}/bills`)).status).toBe(200);
    expect((await owner.get(`/api/v1/rooms/${p2}/bills`)).status).toBe(404);
    expect((await pay(owner, { roomId: p2, billIds: [], amountFen: 100, method: 'wechat' })).status).toBe(404);
    const cash = await pay(owner, { roomId: p1, billIds: [], amountFen: 100, method: 'cash' });
    expect(cash.status).toBe(403);
    const online = await pay(owner, { roomId: p1, billIds: [], amountFen: 4900, method: 'wechat' });
    expect(online.status).toBe(201);
    expect(online.body).toMatchObject({ status: 'pending', receiptNo: null });
    expect(online.body.checkout.payUrl).toContain(online.body.outTradeNo);
    // Not money until a verified notification arrives.
    expect((await bills(p1, owner)).items.find((b: any) => b.period === '2026-12').paidFen).toBe(20100);
  });
});

describe('receipts', () => {
  it('prints a Chinese PDF receipt with an embedded CJK font; others cannot fetch it', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/payments/${firstPayment}/receipt.pdf`, headers: { cookie: (owner as any).cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    const other = await t.client().login('finance-b');
    expect((await other.get(`/api/v1/payments/${firstPayment}/receipt.pdf`)).status).toBe(404);
  });
  it('writes amounts in Chinese capitals (大写)', () => {
    expect(fenInWords(12345)).toBe('壹佰贰拾叁元肆角伍分');
    expect(fenInWords(100500)).toBe('壹仟零伍元整');
    expect(fenInWords(100000100)).toBe('壹佰万零壹元整');
    expect(fenInWords(1)).toBe('壹分');
  });
});

describe('daily cash count', () => {
  it('compares what the cashier counted with the ledger and keeps the variance', async () => {
    const day = '2026-11-24';
    const list = (await fin.get(`/api/v1/billing/cash-counts?communityId=${seed.a.id}&day=${day}`)).body.items;
    const mine = list.find((i: any) => i.cashierId === seed.staff.financeA.id);
    // finance-a took cash 10000, 100, 100, 90000 and 100 (reversed) today.
    expect(mine.expectedFen).toBe(10000 + 100 + 100 + 90000);
    const r = await fin.post('/api/v1/billing/cash-counts', { communityId: seed.a.id, day, countedFen: 100150, note: '少 50 元待查' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ expectedFen: 100200, countedFen: 100150, varianceFen: -50 });
    expect((await fin.post('/api/v1/billing/cash-counts', { communityId: seed.a.id, day, countedFen: 1 })).status).toBe(409);
  });
});

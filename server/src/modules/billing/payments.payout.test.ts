import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeBuilding, makeRoom } from './billing.fixtures.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let fin: TestClient;
let mgr: TestClient;
let x: string;
const day = '2026-11-24';

async function approvedRefund(amountFen: number) {
  const r = await fin.post(`/api/v1/rooms/${x}/refunds`, { amountFen, reason: '业主搬离，退还预存款' });
  expect(r.status).toBe(201);
  expect((await mgr.post(`/api/v1/payment-adjustments/${r.body.id}/approve`)).status).toBe(200);
  return r.body.id as string;
}
const mine = async () => ((await fin.get(`/api/v1/billing/cash-counts?communityId=${seed.a.id}&day=${day}`)).body.items as any[]).find((i) => i.cashierId === seed.staff.financeA.id);

beforeAll(async () => {
  t = await createTestApp(); // 2026-11-24
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const b = await makeBuilding(t.deps.database.db, seed.a.id, '11');
  x = (await makeRoom(t.deps.database.db, seed.a.id, b.id, { code: '11-1-101', areaM2: '90.00' })).id;
  fin = await t.client().login('finance-a');
  mgr = await t.client().login('manager-a');
  // No bills: the whole cash payment becomes a prepaid balance.
  expect((await fin.post('/api/v1/payments', { roomId: x, billIds: [], amountFen: 50000, method: 'cash' }, { 'idempotency-key': 'po-1' })).status).toBe(201);
});
afterAll(() => t.close());

describe('refund payouts (R-FEE-4)', () => {
  it('a cash refund paid out at the desk lowers that cashier’s expected cash, and the variance follows', async () => {
    const id = await approvedRefund(12000);
    expect((await mine()).expectedFen).toBe(50000);
    const p = await fin.post(`/api/v1/payment-adjustments/${id}/payout`, { method: 'cash' });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body).toMatchObject({ payoutMethod: 'cash', paidOutBy: seed.staff.financeA.id });
    expect(await mine()).toMatchObject({ takenFen: 50000, refundedFen: 12000, expectedFen: 38000, refunds: 1 });
    const count = await fin.post('/api/v1/billing/cash-counts', { communityId: seed.a.id, day, countedFen: 37900 });
    expect(count.body).toMatchObject({ expectedFen: 38000, varianceFen: -100 });
    // once only
    const again = await fin.post(`/api/v1/payment-adjustments/${id}/payout`, { method: 'cash' });
    expect(again.status).toBe(409);
  });

  it('a bank transfer keeps the account encrypted and shows it masked only', async () => {
    const id = await approvedRefund(5000);
    const bad = await fin.post(`/api/v1/payment-adjustments/${id}/payout`, { method: 'bank_transfer', bankName: '招商银行', accountName: '张三', accountNo: '6225x88812345678' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'REFUND_PAYOUT_INVALID']);
    const p = await fin.post(`/api/v1/payment-adjustments/${id}/payout`, { method: 'bank_transfer', bankName: '招商银行', accountName: '张三', accountNo: '6225 8888 1234 5678' });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ payoutMethod: 'bank_transfer', payoutAccountMasked: '**** 5678', payoutBank: '招商银行' });
    expect(JSON.stringify(p.body)).not.toContain('62258888');
    const list = await fin.get(`/api/v1/rooms/${x}/payment-adjustments`);
    expect(JSON.stringify(list.body)).not.toContain('62258888');
    expect(list.body.items.every((a: any) => !('payoutAccountEnc' in a))).toBe(true);
    const [row] = await rows<{ enc: string }>(t.deps.database.db, sql`SELECT payout_account_enc AS enc FROM payment_adjustments WHERE id = ${id}::uuid`);
    expect(row.enc).not.toContain('5678');
    expect(t.deps.pii.decrypt(row.enc)).toBe('6225888812345678');
    // a transfer is not desk cash
    expect((await mine()).refundedFen).toBe(12000);
  });

  it('refuses a payout before approval, through a non-online payment, or by another community', async () => {
    const r = await fin.post(`/api/v1/rooms/${x}/refunds`, { amountFen: 1000, reason: '多缴退回' });
    const early = await fin.post(`/api/v1/payment-adjustments/${r.body.id}/payout`, { method: 'cash' });
    expect([early.status, early.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    await mgr.post(`/api/v1/payment-adjustments/${r.body.id}/approve`);
    const [cashPay] = await rows<{ id: string }>(t.deps.database.db, sql`SELECT id FROM payments WHERE room_id = ${x}::uuid`);
    const notOnline = await fin.post(`/api/v1/payment-adjustments/${r.body.id}/payout`, { method: 'original_channel', paymentId: cashPay.id });
    expect([notOnline.status, notOnline.body.error.code]).toEqual([400, 'REFUND_PAYOUT_INVALID']);
    const finB = await t.client().login('finance-b');
    expect((await finB.post(`/api/v1/payment-adjustments/${r.body.id}/payout`, { method: 'cash' })).status).toBe(404);
    expect((await fin.post(`/api/v1/payment-adjustments/${r.body.id}/payout`, { method: 'cheque' })).status).toBe(400);
    const rec = await fin.get(`/api/v1/billing/reconciliation?communityId=${seed.a.id}`);
    expect(rec.body.ok).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeBuilding, makeRoom } from './billing.fixtures.ts';
import { seedDemoFees } from './index.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let fin: TestClient;
let x: string;
let billOct: string;
let billNov: string;
let payOct: string;
let payNov: string;

beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const db = t.deps.database.db;
  const b = await makeBuilding(db, seed.a.id, '8');
  x = (await makeRoom(db, seed.a.id, b.id, { code: '8-1-101', areaM2: '100.00' })).id;
  await seedDemoFees(db, seed.a.id);
  fin = await t.client().login('finance-a');
  for (const period of ['2026-10', '2026-11', '2026-12']) await fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period });
  const bills = (await fin.get(`/api/v1/rooms/${x}/bills`)).body.items as Array<{ id: string; period: string }>;
  billOct = bills.find((b) => b.period === '2026-10')!.id;
  billNov = bills.find((b) => b.period === '2026-11')!.id;
  payOct = (await fin.post('/api/v1/payments', { roomId: x, billIds: [billOct], amountFen: 25000, method: 'cash' }, { 'idempotency-key': 'i-1' })).body.id;
  payNov = (await fin.post('/api/v1/payments', { roomId: x, billIds: [billNov], amountFen: 25000, method: 'card' }, { 'idempotency-key': 'i-2' })).body.id;
});
afterAll(() => t.close());

describe('invoices (R-FEE-5)', () => {
  it('numbers invoices per community apart from receipts, refuses a second invoice for the same money', async () => {
    const first = await fin.post('/api/v1/invoices', { roomId: x, buyerName: '张三', paymentIds: [payOct] });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ invoiceNo: 'A-FP-00000001', amountFen: 25000, status: 'issued' });
    // receipts are A-00000001, A-00000002: a separate sequence
    expect((await fin.get(`/api/v1/payments/${payNov}`)).body.receiptNo).toBe('A-00000002');
    const second = await fin.post('/api/v1/invoices', { roomId: x, buyerName: '深圳某某科技有限公司', buyerTaxId: '91440300MA5XXXXXX1', billIds: [billNov] });
    expect(second.body).toMatchObject({ invoiceNo: 'A-FP-00000002', amountFen: 25000 });
    // the same payment again, the bill a payment paid, or the payment of an invoiced bill: refused
    const again = await fin.post('/api/v1/invoices', { roomId: x, buyerName: '张三', paymentIds: [payOct] });
    expect([again.status, again.body.error.code]).toEqual([409, 'INVOICE_ALREADY_ISSUED']);
    expect((await fin.post('/api/v1/invoices', { roomId: x, buyerName: '张三', billIds: [billOct] })).body.error.code).toBe('INVOICE_ALREADY_ISSUED');
    expect((await fin.post('/api/v1/invoices', { roomId: x, buyerName: '张三', paymentIds: [payNov] })).body.error.code).toBe('INVOICE_ALREADY_ISSUED');
    // an unpaid bill cannot be invoiced; both or neither source is a validation error
    const dec = ((await fin.get(`/api/v1/rooms/${x}/bills`)).body.items as any[]).find((b) => b.period === '2026-12').id;
    const unpaid = await fin.post('/api/v1/invoices', { roomId: x, buyerName: '张三', billIds: [dec] });
    expect([unpaid.status, unpaid.body.error.code]).toEqual([409, 'INVOICE_SOURCE_INVALID']);
    expect((await fin.post('/api/v1/invoices', { roomId: x, buyerName: '张三' })).status).toBe(400);
    // refused attempts took no number
    const rec = await fin.get(`/api/v1/billing/reconciliation?communityId=${seed.a.id}`);
    expect(rec.body.invoices).toEqual({ issued: 2, void: 0, lastNo: 2, gapless: true });
    expect(rec.body.ok).toBe(true);
  });

  it('voids with a reason, keeps the number, and lets the money be invoiced again under a new number', async () => {
    const list = (await fin.get(`/api/v1/rooms/${x}/invoices`)).body.items;
    const first = list.find((i: any) => i.invoiceNo === 'A-FP-00000001');
    expect((await fin.post(`/api/v1/invoices/${first.id}/void`, { reason: '' })).status).toBe(400);
    const v = await fin.post(`/api/v1/invoices/${first.id}/void`, { reason: '抬头开错，重开' });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ status: 'void', voidReason: '抬头开错，重开', invoiceNo: 'A-FP-00000001' });
    expect((await fin.post(`/api/v1/invoices/${first.id}/void`, { reason: '再次作废' })).status).toBe(409);
    const re = await fin.post('/api/v1/invoices', { roomId: x, buyerName: '张三丰', paymentIds: [payOct] });
    expect(re.body.invoiceNo).toBe('A-FP-00000003');
    const rec = await fin.get(`/api/v1/billing/reconciliation?communityId=${seed.a.id}`);
    expect(rec.body.invoices).toEqual({ issued: 3, void: 1, lastNo: 3, gapless: true });
    expect(rec.body.ok).toBe(true);
  });

  it('a gap in the invoice numbers fails reconciliation', async () => {
    const db = t.deps.database.db;
    await db.execute(sql`UPDATE invoice_counters SET last_no = last_no + 1 WHERE community_id = ${seed.a.id}::uuid`);
    const rec = await fin.get(`/api/v1/billing/reconciliation?communityId=${seed.a.id}`);
    expect(rec.body.invoices.gapless).toBe(false);
    expect(rec.body.ok).toBe(false);
    await db.execute(sql`UPDATE invoice_counters SET last_no = last_no - 1 WHERE community_id = ${seed.a.id}::uuid`);
  });

  it('keeps communities apart and the database refuses a double invoice even past the code', async () => {
    const finB = await t.client().login('finance-b');
    expect((await finB.post('/api/v1/invoices', { roomId: x, buyerName: '张三', paymentIds: [payOct] })).status).toBe(404);
    expect((await finB.get(`/api/v1/rooms/${x}/invoices`)).status).toBe(404);
    const [inv] = await rows<{ id: string }>(t.deps.database.db, sql`SELECT invoice_id AS id FROM invoice_items WHERE active AND payment_id = ${payOct}::uuid`);
    await expect(t.deps.database.db.execute(sql`INSERT INTO invoice_items (invoice_id, payment_id, description, amount_fen) VALUES (${inv.id}::uuid, ${payOct}::uuid, 'dup', 1)`)).rejects.toThrow();
  });
});

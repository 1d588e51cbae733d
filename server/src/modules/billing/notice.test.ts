import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeBuilding, makeOwner, makeRoom } from './billing.fixtures.ts';
import { seedDemoFees } from './index.ts';
import { pdfPages } from './pdf-text.testing.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let fin: TestClient;
let clerk: TestClient;
let buildingId: string;
let x: string;
let y: string;
let z: string;

const getPdf = (c: TestClient, q: Record<string, string>) =>
  t.app.inject({ method: 'GET', url: `/api/v1/billing/notices.pdf?${new URLSearchParams(q)}`, headers: { cookie: (c as any).cookie } });

beforeAll(async () => {
  t = await createTestApp(); // clock: 2026-11-24 09:00 Asia/Shanghai
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const db = t.deps.database.db;
  const b = await makeBuilding(db, seed.a.id, '7');
  buildingId = b.id;
  x = (await makeRoom(db, seed.a.id, b.id, { code: '7-1-101', areaM2: '100.00' })).id;
  y = (await makeRoom(db, seed.a.id, b.id, { code: '7-1-102', areaM2: '88.40' })).id;
  z = (await makeRoom(db, seed.a.id, b.id, { code: '7-1-103', areaM2: '90.00' })).id;
  await makeOwner(db, t.deps.pii, seed.roleIds, seed.company.id, x, seed.a.id, '13800000071');
  await seedDemoFees(db, seed.a.id); // 2.50 yuan/m²/month, due 15 days after the period
  fin = await t.client().login('finance-a');
  clerk = await t.client().login('clerk-a');
  for (const period of ['2026-10', '2026-11']) expect((await fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period })).status).toBe(200);
  // y prepays a little, z pays everything: z gets no notice.
  expect((await fin.post('/api/v1/payments', { roomId: y, billIds: [], amountFen: 22100 + 5000, method: 'cash' }, { 'idempotency-key': 'n-y' })).status).toBe(201);
  expect((await fin.post('/api/v1/payments', { roomId: z, billIds: [], amountFen: 45000, method: 'cash' }, { 'idempotency-key': 'n-z' })).status).toBe(201);
});
afterAll(() => t.close());

describe('printable due notices (R-FEE-3)', () => {
  it('prints one page per room due within the next month with composition, balance and ways to pay', async () => {
    const s = await fin.put('/api/v1/billing/notice-settings', { communityId: seed.a.id, bankName: '中国工商银行深圳分行', bankAccountName: '测试物业服务有限公司', bankAccountNo: '4000 0210 0900 1234 567', frontDesk: '7号楼一层物业服务中心，每天 8:30–18:00', contactPhone: '0755-88880000' });
    expect(s.status).toBe(200);
    const res = await getPdf(fin, { communityId: seed.a.id, buildingId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-notice-rooms']).toBe('2');
    const pdf = res.rawPayload;
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    const pages = pdfPages(pdf);
    expect(pages).toHaveLength(2);
    const [px, py] = pages;
    expect(px).toContain('物业费用缴费通知单');
    expect(px).toContain('7-1-101');
    expect(px).toContain('2026-11-24 至 2026-12-24');
    // composition: item, period, area × rate, amount, due date; October is already overdue
    expect(px).toContain('物业服务费');
    expect(px).toContain('100.00 m² × 2.50 元/m²/月');
    expect(px).toContain('2026-12-15');
    expect(px).toMatch(/2026-11-15\s*已逾期/);
    expect(px).toContain('本期应缴：￥250.00');
    expect(px).toContain('往期欠缴：￥250.00');
    expect(px).toContain('应缴合计：￥500.00');
    expect(px).toContain('伍佰元整');
    expect(px).toContain('微信支付、支付宝');
    expect(px).toContain('7号楼一层物业服务中心');
    expect(px).toContain('账号 4000 0210 0900 1234 567');
    expect(px).toContain('注明房号「7-1-101」');
    // y: 88.40 m² → 221.00; October paid, 50.00 prepaid draws on November
    expect(py).toContain('7-1-102');
    expect(py).toContain('88.40 m² × 2.50 元/m²/月');
    expect(py).not.toContain('已逾期');
    expect(py).toContain('应缴合计：￥171.00');
    expect(pages.join('')).not.toContain('7-1-103');
    // no personal data on a door notice
    expect(px).not.toContain('业主0071');
    expect(px).not.toContain('13800000071');
  });

  it('prints a single room, and audits every print', async () => {
    const res = await getPdf(clerk, { communityId: seed.a.id, roomId: x });
    expect(res.statusCode).toBe(200);
    expect(pdfPages(res.rawPayload)).toHaveLength(1);
    const log = await rows<{ action: string; subject_type: string; data: any }>(t.deps.database.db, sql`SELECT action, subject_type, data FROM audit_log WHERE action = 'billing.notice.print' ORDER BY id`);
    expect(log.map((l) => [l.subject_type, l.data.rooms])).toEqual([['building', 2], ['room', 1]]);
  });

  it('refuses other tenants, owners and an empty window with a clear error', async () => {
    const finB = await t.client().login('finance-b');
    expect((await getPdf(finB, { communityId: seed.a.id })).statusCode).toBe(404);
    expect((await getPdf(finB, { communityId: seed.b.id, roomId: x })).statusCode).toBe(404);
    const owner = await t.client().login('13800000071');
    expect([403, 404]).toContain((await getPdf(owner, { communityId: seed.a.id })).statusCode);
    const none = await getPdf(fin, { communityId: seed.a.id, roomId: z });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('NOTICE_NOTHING_DUE');
    expect((await clerk.put('/api/v1/billing/notice-settings', { communityId: seed.a.id, bankName: 'x' })).status).toBe(403);
    expect((await fin.put('/api/v1/billing/notice-settings', { communityId: seed.a.id, bankAccountNo: 'abc' })).status).toBe(400);
  });

  it('shows a discount on its line with the rule behind it', async () => {
    const db = t.deps.database.db;
    await db.execute(sql`UPDATE bills SET amount_fen = amount_fen - 1000, discount_fen = 1000, discounts = ${JSON.stringify([{ ruleId: null, kind: 'fixed', name: '困难户减免', fen: 1000, days: 30 }])}::jsonb
      WHERE room_id = ${x}::uuid AND period = '2026-11'`);
    const text = pdfPages((await getPdf(fin, { communityId: seed.a.id, roomId: x })).rawPayload)[0];
    expect(text).toMatch(/优惠\s*−10\.00（困难户减免）/);
    expect(text).toContain('应缴合计：￥490.00');
  });

  it('keeps the notification-channel notices working', async () => {
    const { dueNotices } = await import('./billing.jobs.ts');
    const n = await t.deps.database.db.transaction((tx) => dueNotices(tx as any, t.clock.now()));
    expect(n).toBeGreaterThanOrEqual(2);
  });
});

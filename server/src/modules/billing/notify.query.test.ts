import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipheriv, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { schedules } from '../../kernel/jobs/index.ts';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeBuilding, makeOwner, makeRoom } from './billing.fixtures.ts';
import { configurePayments, FakeProvider, queryPendingPayments, seedDemoFees, setCheckoutProviders } from './index.ts';
import { alipaySignContent } from './online.ts';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const alipay = pair(); // the provider's key pair: tests play Alipay
const appKey = pair(); // the company's own app key (stored, never returned)
const intruder = pair();
const APP_ID = '2021000000000777';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let owner: TestClient;
let admin: TestClient;
let roomId: string;
let fake: FakeProvider;
let n = 0;

function alipayNotice(outTradeNo: string, totalYuan: string, notifyTime: string, key = alipay.privateKey) {
  const params: Record<string, string> = {
    notify_time: notifyTime, notify_type: 'trade_status_sync', notify_id: `q-${++n}`, app_id: APP_ID, charset: 'utf-8', version: '1.0',
    trade_no: `2026112422009${n}`, out_trade_no: outTradeNo, trade_status: 'TRADE_SUCCESS', total_amount: totalYuan, subject: '物业费', sign_type: 'RSA2',
  };
  params.sign = createSign('RSA-SHA256').update(alipaySignContent(params), 'utf8').sign(key, 'base64');
  return params;
}
const postAlipay = (p: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/alipay', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(p).toString() });
/** "yyyy-MM-dd HH:mm:ss" Beijing time of the test clock, shifted by some seconds. */
const beijing = (shiftS = 0) => new Date(t.clock.now().getTime() + 8 * 3600_000 + shiftS * 1000).toISOString().slice(0, 19).replace('T', ' ');

async function pending(amountFen: number) {
  const r = await owner.post('/api/v1/payments', { roomId, billIds: [], amountFen, method: 'alipay' }, { 'idempotency-key': `q-${++n}-${randomBytes(3).toString('hex')}` });
  expect(r.status).toBe(201);
  return r.body as { id: string; outTradeNo: string };
}
const ledgerTxns = async (paymentId: string) => (await rows<{ n: number }>(t.deps.database.db, sql`SELECT count(DISTINCT txn_id)::int AS n FROM ledger_entries WHERE payment_id = ${paymentId}::uuid`))[0].n;
const run = () => queryPendingPayments(t.deps.database.db, t.clock, t.deps.pii);

beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const db = t.deps.database.db;
  const b = await makeBuilding(db, seed.a.id, '12');
  roomId = (await makeRoom(db, seed.a.id, b.id, { code: '12-1-101', areaM2: '100.00' })).id;
  await makeOwner(db, t.deps.pii, seed.roleIds, seed.company.id, roomId, seed.a.id, '13800000121');
  await seedDemoFees(db, seed.a.id);
  configurePayments({ wechat: undefined, alipay: undefined }); // no env keys: only the company's count
  fake = new FakeProvider('alipay', alipay.privateKey, t.clock);
  setCheckoutProviders({ alipay: fake });
  admin = await t.client().login('admin');
  await (await t.client().login('finance-a')).post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2026-11' });
  owner = await t.client().login('13800000121');
});
afterAll(() => t.close());

describe('provider keys per company', () => {
  it('an administrator sets them; secrets are stored encrypted and never returned', async () => {
    const fin = await t.client().login('finance-a');
    expect((await fin.put('/api/v1/billing/payment-providers/alipay', { merchantId: APP_ID, alipayPublicKeyPem: alipay.publicKey })).status).toBe(403);
    const bad = await admin.put('/api/v1/billing/payment-providers/alipay', { merchantId: APP_ID, alipayPublicKeyPem: `-----BEGIN PUBLIC KEY-----\n${'A'.repeat(120)}\n-----END PUBLIC KEY-----` });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'PROVIDER_KEYS_INVALID']);
    const r = await admin.put('/api/v1/billing/payment-providers/alipay', { merchantId: APP_ID, alipayPublicKeyPem: alipay.publicKey, appPrivateKeyPem: appKey.privateKey });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ provider: 'alipay', merchantId: APP_ID, hasPrivateKey: true });
    const wx = await admin.put('/api/v1/billing/payment-providers/wechat', { merchantId: '1900000109', serial: 'PUB_KEY_ID_0001', platformPublicKeyPem: intruder.publicKey, apiV3Key: randomBytes(16).toString('hex') });
    expect(wx.status).toBe(200);
    const list = await admin.get('/api/v1/billing/payment-providers');
    expect(list.body.items).toHaveLength(2);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain('PRIVATE');
    expect(text).not.toContain(appKey.privateKey.split('\n')[1]);
    const [row] = await rows<{ private_key_enc: string; secret_enc: string }>(t.deps.database.db, sql`SELECT private_key_enc, secret_enc FROM payment_provider_keys WHERE provider = 'alipay'`);
    expect(row.private_key_enc).not.toContain('PRIVATE');
    expect(t.deps.pii.decrypt(row.private_key_enc)).toBe(appKey.privateKey);
  });

  it('a notification verified with the company’s keys confirms; stale notify_time is refused', async () => {
    const p = await pending(2500);
    const stale = await postAlipay(alipayNotice(p.outTradeNo, '25.00', beijing(-301)));
    expect([stale.statusCode, stale.json().error.code]).toEqual([401, 'NOTIFY_STALE']);
    const future = await postAlipay(alipayNotice(p.outTradeNo, '25.00', beijing(400)));
    expect(future.statusCode).toBe(401);
    const wrong = await postAlipay(alipayNotice(p.outTradeNo, '25.00', beijing(), intruder.privateKey));
    expect(wrong.statusCode).toBe(401);
    expect(await ledgerTxns(p.id)).toBe(0);
    const ok = await postAlipay(alipayNotice(p.outTradeNo, '25.00', beijing(-200)));
    expect([ok.statusCode, ok.body]).toEqual([200, 'success']);
    expect((await owner.get(`/api/v1/payments/${p.id}`)).body.status).toBe('confirmed');
  });
});

describe('WeChat Pay keys per company', () => {
  it('a notification naming the company’s key serial is verified with its platform key and APIv3 key', async () => {
    const platform = pair();
    const apiV3Key = randomBytes(16).toString('hex');
    expect((await admin.put('/api/v1/billing/payment-providers/wechat', { merchantId: '1900000109', serial: 'PUB_KEY_ID_0002', platformPublicKeyPem: platform.publicKey, apiV3Key })).status).toBe(200);
    setCheckoutProviders({ wechat: new FakeProvider('wechat', platform.privateKey, t.clock) });
    const r = await owner.post('/api/v1/payments', { roomId, billIds: [], amountFen: 3300, method: 'wechat' }, { 'idempotency-key': `wx-${++n}` });
    const resource = { mchid: '1900000109', out_trade_no: r.body.outTradeNo, transaction_id: `4200${n}`, trade_state: 'SUCCESS', amount: { total: 3300, currency: 'CNY' } };
    const gcmNonce = randomBytes(6).toString('hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(gcmNonce, 'utf8'));
    cipher.setAAD(Buffer.from('transaction', 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    const body = JSON.stringify({ id: `EV-wx-${n}`, event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource', resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'transaction', nonce: gcmNonce } });
    const ts = String(Math.floor(t.clock.now().getTime() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const send = (serial: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/payments/notify/wechat',
        headers: { 'content-type': 'application/json', 'wechatpay-timestamp': ts, 'wechatpay-nonce': nonce, 'wechatpay-serial': serial, 'wechatpay-signature': createSign('RSA-SHA256').update(`${ts}\n${nonce}\n${body}\n`).sign(platform.privateKey, 'base64') },
        payload: body,
      });
    // an unknown serial falls back to the env keys, which are not set here
    expect((await send('UNKNOWN')).statusCode).toBe(401);
    const ok = await send('PUB_KEY_ID_0002');
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await owner.get(`/api/v1/payments/${r.body.id}`)).body.status).toBe('confirmed');
  });
});

describe('active query of pending online payments', () => {
  it('confirms a paid trade once, only after the configured age, and marks a closed one failed', async () => {
    const paid = await pending(1200);
    const closed = await pending(1300);
    const open = await pending(1400);
    fake.settle(paid.outTradeNo, 'paid');
    fake.settle(closed.outTradeNo, 'closed');
    expect(await run()).toMatchObject({ asked: 0 }); // too young: the notification may still come
    t.clock.advanceMinutes(6);
    const r = await run();
    expect(r).toMatchObject({ confirmed: 1, failed: 1, unchanged: 1 });
    expect((await owner.get(`/api/v1/payments/${paid.id}`)).body).toMatchObject({ status: 'confirmed', receiptNo: expect.stringMatching(/^A-\d{8}$/) });
    expect((await owner.get(`/api/v1/payments/${closed.id}`)).body.status).toBe('failed');
    expect((await owner.get(`/api/v1/payments/${open.id}`)).body.status).toBe('pending');
    expect(await ledgerTxns(paid.id)).toBe(1);
    expect(await ledgerTxns(closed.id)).toBe(0);
    // the late notification for the paid trade changes nothing
    const late = await postAlipay(alipayNotice(paid.outTradeNo, '12.00', beijing()));
    expect(late.statusCode).toBe(200);
    expect(await ledgerTxns(paid.id)).toBe(1);
    expect((await run()).confirmed).toBe(0);
  });

  it('a notification racing the query confirms the payment exactly once', async () => {
    const p = await pending(1500);
    fake.settle(p.outTradeNo, 'paid');
    t.clock.advanceMinutes(6);
    const notice = alipayNotice(p.outTradeNo, '15.00', beijing());
    const [, res] = await Promise.all([run(), postAlipay(notice)]);
    expect(res.statusCode).toBe(200);
    expect(await ledgerTxns(p.id)).toBe(1);
    const [c] = await rows<{ n: number }>(t.deps.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'payment.confirm' AND subject_id = ${p.id}`);
    expect(c.n).toBe(1);
  });

  it('an answer that does not verify confirms nothing', async () => {
    const p = await pending(1600);
    const forger = new FakeProvider('alipay', intruder.privateKey, t.clock);
    setCheckoutProviders({ alipay: forger });
    await forger.createOrder({ outTradeNo: p.outTradeNo, amountFen: 1600 });
    forger.settle(p.outTradeNo, 'paid');
    t.clock.advanceMinutes(6);
    const r = await run();
    expect(r.unverified).toBeGreaterThanOrEqual(1);
    expect((await owner.get(`/api/v1/payments/${p.id}`)).body.status).toBe('pending');
    expect(await ledgerTxns(p.id)).toBe(0);
    setCheckoutProviders({ alipay: fake });
    const rec = await (await t.client().login('finance-a')).get(`/api/v1/billing/reconciliation?communityId=${seed.a.id}`);
    expect(rec.body.ok).toBe(true);
  });

  it('runs as a schedule every 5 minutes', () => {
    expect(schedules.list().find((s) => s.name === 'billing.payment-query')?.cron).toBe('*/5 * * * *');
  });
});

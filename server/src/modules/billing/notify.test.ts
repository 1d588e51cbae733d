import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipheriv, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeBuilding, makeOwner, makeRoom } from './billing.fixtures.ts';
import { configurePayments, seedDemoFees } from './index.ts';
import { alipaySignContent } from './online.ts';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const wxPlatform = pair();
const aliKeys = pair();
const intruder = pair();
const apiV3Key = randomBytes(16).toString('hex'); // 32 characters, as WeChat issues them

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let owner: TestClient;
let fin: TestClient;
let roomId: string;
let n = 0;

/** A notification exactly as WeChat Pay API v3 sends it: AES-256-GCM resource, RSA-SHA256 signature. */
function wechatNotice(outTradeNo: string, totalFen: number, opts: { key?: string; ts?: number; id?: string; nonce?: string } = {}) {
  const resource = { mchid: '1900000001', out_trade_no: outTradeNo, transaction_id: `42000${++n}`, trade_state: 'SUCCESS', amount: { total: totalFen, payer_total: totalFen, currency: 'CNY' } };
  const gcmNonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(gcmNonce, 'utf8'));
  cipher.setAAD(Buffer.from('transaction', 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const body = JSON.stringify({
    id: opts.id ?? `EV-${n}-${randomBytes(4).toString('hex')}`,
    create_time: '2026-11-24T09:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'transaction', nonce: gcmNonce },
  });
  const ts = String(opts.ts ?? Math.floor(t.clock.now().getTime() / 1000));
  const nonce = opts.nonce ?? randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256').update(`${ts}\n${nonce}\n${body}\n`).sign(opts.key ?? wxPlatform.privateKey, 'base64');
  return { body, headers: { 'content-type': 'application/json', 'wechatpay-timestamp': ts, 'wechatpay-nonce': nonce, 'wechatpay-signature': signature, 'wechatpay-serial': 'PUB_KEY_ID_TEST' } };
}

function alipayNotice(outTradeNo: string, totalYuan: string, key = aliKeys.privateKey, notifyId = `ali-${++n}`) {
  const params: Record<string, string> = {
    notify_time: '2026-11-24 09:00:00', notify_type: 'trade_status_sync', notify_id: notifyId, app_id: '2021000000000001', charset: 'utf-8',
    version: '1.0', trade_no: `2026112422001${n}`, out_trade_no: outTradeNo, trade_status: 'TRADE_SUCCESS', total_amount: totalYuan, subject: '物业费', sign_type: 'RSA2',
  };
  params.sign = createSign('RSA-SHA256').update(alipaySignContent(params), 'utf8').sign(key, 'base64');
  return params;
}

const postWechat = (m: ReturnType<typeof wechatNotice>, body = m.body) => t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/wechat', headers: m.headers, payload: body });
const postAlipay = (p: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/alipay', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(p).toString() });

async function pending(method: 'wechat' | 'alipay', amountFen: number) {
  const r = await owner.post('/api/v1/payments', { roomId, billIds: [], amountFen, method }, { 'idempotency-key': `o-${++n}` });
  expect(r.status).toBe(201);
  return r.body as { id: string; outTradeNo: string };
}

/** Everything money-related, to prove a refused notification changed nothing. */
const snapshot = () =>
  rows(t.deps.database.db, sql`SELECT (SELECT count(*) FROM ledger_entries)::int AS ledger, (SELECT coalesce(sum(paid_fen), 0) FROM bills)::bigint AS paid,
    (SELECT count(*) FROM payment_notifications)::int AS notices, (SELECT string_agg(status, ',' ORDER BY id) FROM payments) AS statuses`);

beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const db = t.deps.database.db;
  const b = await makeBuilding(db, seed.a.id);
  roomId = (await makeRoom(db, seed.a.id, b.id, { code: '3-1-101', areaM2: '100.00' })).id;
  await makeOwner(db, t.deps.pii, seed.roleIds, seed.company.id, roomId, seed.a.id, '13800000003');
  await seedDemoFees(db, seed.a.id);
  configurePayments({ wechat: { platformPublicKeyPem: wxPlatform.publicKey, apiV3Key }, alipay: { publicKeyPem: aliKeys.publicKey, appId: '2021000000000001' } });
  fin = await t.client().login('finance-a');
  await fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2026-11' });
  owner = await t.client().login('13800000003');
});
afterAll(() => t.close());

describe('WeChat Pay v3 notifications', () => {
  it('a verified notification confirms the payment, numbers the receipt and pays the bill', async () => {
    const p = await pending('wechat', 25000);
    const res = await postWechat(wechatNotice(p.outTradeNo, 25000));
    expect(res.statusCode, res.body).toBe(200);
    const after = (await owner.get(`/api/v1/payments/${p.id}`)).body;
    expect(after).toMatchObject({ status: 'confirmed', receiptNo: 'A-00000001' });
    expect((await owner.get(`/api/v1/rooms/${roomId}/bills`)).body.items[0]).toMatchObject({ paidFen: 25000, status: 'paid' });
  });

  it('tampered body, wrong key, stale timestamp, replay and wrong amount are refused and change nothing', async () => {
    const p = await pending('wechat', 1000);
    const before = await snapshot();
    const good = wechatNotice(p.outTradeNo, 1000);
    const tampered = await postWechat(good, good.body.replace('TRANSACTION.SUCCESS', 'TRANSACTION.SUCCESs'));
    expect([tampered.statusCode, tampered.json().error.code]).toEqual([401, 'NOTIFY_SIGNATURE_INVALID']);
    const wrongKey = await postWechat(wechatNotice(p.outTradeNo, 1000, { key: intruder.privateKey }));
    expect([wrongKey.statusCode, wrongKey.json().error.code]).toEqual([401, 'NOTIFY_SIGNATURE_INVALID']);
    const stale = await postWechat(wechatNotice(p.outTradeNo, 1000, { ts: Math.floor(t.clock.now().getTime() / 1000) - 301 }));
    expect([stale.statusCode, stale.json().error.code]).toEqual([401, 'NOTIFY_STALE']);
    const wrongAmount = await postWechat(wechatNotice(p.outTradeNo, 999));
    expect([wrongAmount.statusCode, wrongAmount.json().error.code]).toEqual([409, 'NOTIFY_MISMATCH']);
    expect(await snapshot()).toEqual(before);

    expect((await postWechat(good)).statusCode).toBe(200);
    const confirmed = await snapshot();
    const replay = await postWechat(good);
    expect([replay.statusCode, replay.json().error.code]).toEqual([409, 'NOTIFY_REPLAY']);
    // Same nonce under a new id is a replay too.
    const sameNonce = await postWechat(wechatNotice(p.outTradeNo, 1000, { nonce: good.headers['wechatpay-nonce'] }));
    expect(sameNonce.statusCode).toBe(409);
    expect(await snapshot()).toEqual(confirmed);
  });
});

describe('Alipay RSA2 notifications', () => {
  it('confirms on a verified notification; refuses tampering, a wrong key and a replay', async () => {
    const p = await pending('alipay', 1234);
    const before = await snapshot();
    const good = alipayNotice(p.outTradeNo, '12.34');
    const tampered = await postAlipay({ ...good, total_amount: '0.01' });
    expect(tampered.statusCode).toBe(401);
    expect((await postAlipay(alipayNotice(p.outTradeNo, '12.34', intruder.privateKey))).statusCode).toBe(401);
    expect((await postAlipay({ ...good, sign_type: 'RSA' })).statusCode).toBe(401);
    expect(await snapshot()).toEqual(before);
    const ok = await postAlipay(good);
    expect([ok.statusCode, ok.body]).toEqual([200, 'success']);
    expect((await owner.get(`/api/v1/payments/${p.id}`)).body.status).toBe('confirmed');
    const confirmed = await snapshot();
    expect((await postAlipay(good)).statusCode).toBe(409);
    expect(await snapshot()).toEqual(confirmed);
  });

  it('the books agree after online payments', async () => {
    const rec = await fin.get(`/api/v1/billing/reconciliation?communityId=${seed.a.id}`);
    expect(rec.body.ok).toBe(true);
    expect(rec.body.totals.cashFen).toBe(25000 + 1000 + 1234);
  });
});

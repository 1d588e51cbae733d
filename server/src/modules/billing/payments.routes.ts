import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { desc, eq } from 'drizzle-orm';
import { Body, Id, IdParams, withIdempotency } from '../../kernel/http/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { payments, paymentAdjustments } from './payments.tables.ts';
import { createPayment, paymentView, OFFLINE_METHODS, ONLINE_METHODS, type PaymentInput } from './payments.service.ts';
import { decideAdjustment, requestAdjustment } from './adjustments.service.ts';
import { verifyAlipayNotice, verifyWechatNotice } from './online.ts';
import { applyNotice } from './notify.service.ts';
import { keysForNotice, listProviderKeys, setProviderKeys, type AlipayKeysInput, type WechatKeysInput } from './online.keys.ts';
import { roomFor } from './access.ts';
import { receiptPdf } from './receipt.service.ts';
import { cashCountDay, recordCashCount } from './cash-count.service.ts';
import { adjustmentView, recordPayout, type PayoutInput } from './payments.payout.ts';

const tags = ['payments'];
const Reason = Type.String({ minLength: 2, maxLength: 500 });

export async function paymentRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  const { database, clock } = opts.deps;
  const db = database.db;

  app.post(
    '/api/v1/payments',
    {
      schema: {
        tags,
        summary: '收款（需 Idempotency-Key）/ take a payment (Idempotency-Key)',
        body: Body({
          roomId: Id,
          billIds: Type.Array(Id, { maxItems: 200 }),
          amountFen: Type.Integer({ minimum: 1, maximum: 100_000_000_00 }),
          method: Type.Union([...OFFLINE_METHODS, ...ONLINE_METHODS].map((m) => Type.Literal(m))),
          payerName: Type.Optional(Type.String({ maxLength: 64 })),
          collectorIds: Type.Optional(Type.Array(Id, { maxItems: 2 })),
        }),
      },
    },
    async (req, reply) => {
      const actor = req.requireActor();
      const key = req.headers['idempotency-key'];
      const result = await withIdempotency(db, { userId: actor.userId, key: typeof key === 'string' ? key : undefined, route: 'POST /api/v1/payments', body: req.body }, async (tx) => {
        const r = await createPayment(tx, clock, actor, req.body as PaymentInput);
        return { status: 201, body: { ...paymentView(r.payment), payment: paymentView(r.payment), receiptNo: r.payment.receiptNo, allocations: r.allocations ?? [], checkout: r.checkout } };
      });
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(result.status).send(result.body);
    },
  );

  app.get('/api/v1/payments/:id', { schema: { tags, summary: '收款详情 / a payment', params: IdParams } }, async (req) => {
    const [p] = await db.select().from(payments).where(eq(payments.id, (req.params as { id: string }).id));
    if (!p) throw new AppError('NOT_FOUND', { what: '收款' });
    await roomFor(db, req.requireActor(), p.roomId, 'billing.read');
    return paymentView(p);
  });

  app.get('/api/v1/payments/:id/receipt.pdf', { schema: { tags, summary: '收据 PDF / receipt PDF (Chinese)', params: IdParams } }, async (req, reply) => {
    const r = await receiptPdf(db, req.requireActor(), (req.params as { id: string }).id);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="receipt-${r.receiptNo}.pdf"`).send(r.pdf);
  });

  app.get('/api/v1/rooms/:id/payments', { schema: { tags, summary: '房屋收款记录 / payments of a room', params: IdParams } }, async (req) => {
    const room = await roomFor(db, req.requireActor(), (req.params as { id: string }).id, 'billing.read');
    const list = await db.select().from(payments).where(eq(payments.roomId, room.id)).orderBy(desc(payments.createdAt)).limit(200);
    return { items: list.map(paymentView), nextCursor: null };
  });

  app.post(
    '/api/v1/payments/:id/reversal',
    { schema: { tags, summary: '申请冲正 / request a reversal (needs approval)', params: IdParams, body: Body({ reason: Reason }) } },
    async (req, reply) => reply.status(201).send(await requestAdjustment(db, req.requireActor(), { kind: 'reversal', paymentId: (req.params as { id: string }).id, reason: (req.body as { reason: string }).reason })),
  );

  app.post(
    '/api/v1/rooms/:id/refunds',
    { schema: { tags, summary: '申请退预存款 / request a refund of the prepaid balance', params: IdParams, body: Body({ amountFen: Type.Integer({ minimum: 1 }), reason: Reason }) } },
    async (req, reply) => {
      const b = req.body as { amountFen: number; reason: string };
      return reply.status(201).send(await requestAdjustment(db, req.requireActor(), { kind: 'refund', roomId: (req.params as { id: string }).id, ...b }));
    },
  );

  for (const action of ['approve', 'reject'] as const) {
    app.post(`/api/v1/payment-adjustments/:id/${action}`, { schema: { tags, summary: `${action === 'approve' ? '批准' : '驳回'}退款/冲正 / ${action}`, params: IdParams } }, async (req) =>
      decideAdjustment(db, clock, req.requireActor(), (req.params as { id: string }).id, action === 'approve'),
    );
  }

  app.get('/api/v1/rooms/:id/payment-adjustments', { schema: { tags, params: IdParams } }, async (req) => {
    const room = await roomFor(db, req.requireActor(), (req.params as { id: string }).id, 'billing.read');
    return { items: (await db.select().from(paymentAdjustments).where(eq(paymentAdjustments.roomId, room.id))).map(adjustmentView), nextCursor: null };
  });

  app.post(
    '/api/v1/payment-adjustments/:id/payout',
    {
      schema: {
        tags,
        summary: '登记退款支付方式与经办人 / record how an approved refund was paid out, and by whom',
        params: IdParams,
        body: Type.Union([
          Body({ method: Type.Literal('cash'), reference: Type.Optional(Type.String({ maxLength: 100 })) }),
          Body({ method: Type.Literal('bank_transfer'), bankName: Type.String({ minLength: 2, maxLength: 64 }), accountName: Type.String({ minLength: 1, maxLength: 64 }), accountNo: Type.String({ minLength: 8, maxLength: 40 }), reference: Type.Optional(Type.String({ maxLength: 100 })) }),
          Body({ method: Type.Literal('original_channel'), paymentId: Id, reference: Type.Optional(Type.String({ maxLength: 100 })) }),
        ]),
      },
    },
    async (req) => recordPayout(db, clock, opts.deps.pii, req.requireActor(), (req.params as { id: string }).id, req.body as PayoutInput),
  );

  app.post(
    '/api/v1/billing/cash-counts',
    { schema: { tags, summary: '资金盘点 / daily cash count of the signed-in cashier', body: Body({ communityId: Id, day: Type.String({ format: 'date' }), countedFen: Type.Integer({ minimum: 0 }), note: Type.Optional(Type.String({ maxLength: 500 })) }) } },
    async (req, reply) => reply.status(201).send(await recordCashCount(db, req.requireActor(), req.body as Parameters<typeof recordCashCount>[2])),
  );
  app.get('/api/v1/billing/cash-counts', { schema: { tags, summary: '当日各收款员应有现金与盘点差异 / cash per cashier and variance', querystring: Type.Object({ communityId: Id, day: Type.String({ format: 'date' }) }) } }, async (req) => {
    const q = req.query as { communityId: string; day: string };
    return { items: await cashCountDay(db, req.requireActor(), q.communityId, q.day), nextCursor: null };
  });

  const Pem = Type.String({ minLength: 100, maxLength: 10_000 });
  app.put(
    '/api/v1/billing/payment-providers/wechat',
    {
      schema: {
        tags,
        summary: '设置本公司微信支付密钥（加密保存，不回显）/ set the company’s WeChat Pay keys (stored encrypted, never returned)',
        body: Body({ merchantId: Type.String({ pattern: '^\\d{6,20}$' }), serial: Type.String({ minLength: 4, maxLength: 128 }), platformPublicKeyPem: Pem, apiV3Key: Type.String({ minLength: 32, maxLength: 32 }), merchantPrivateKeyPem: Type.Optional(Pem) }),
      },
    },
    async (req) => setProviderKeys(db, clock, opts.deps.pii, req.requireActor(), 'wechat', req.body as WechatKeysInput),
  );
  app.put(
    '/api/v1/billing/payment-providers/alipay',
    {
      schema: {
        tags,
        summary: '设置本公司支付宝密钥（私钥加密保存，不回显）/ set the company’s Alipay keys (private key encrypted, never returned)',
        body: Body({ merchantId: Type.String({ pattern: '^\\d{10,20}$' }), alipayPublicKeyPem: Pem, appPrivateKeyPem: Type.Optional(Pem) }),
      },
    },
    async (req) => setProviderKeys(db, clock, opts.deps.pii, req.requireActor(), 'alipay', req.body as AlipayKeysInput),
  );
  app.get('/api/v1/billing/payment-providers', { schema: { tags, summary: '本公司支付密钥概况（仅公开信息）/ the company’s provider keys (public facts only)' } }, async (req) => ({
    items: await listProviderKeys(db, req.requireActor()),
    nextCursor: null,
  }));

  // Provider notifications: no session; trust comes only from the signature.
  await app.register(async (notify) => {
    notify.removeContentTypeParser('application/json');
    notify.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    notify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    notify.post('/api/v1/payments/notify/wechat', { schema: { tags, summary: '微信支付 v3 回调 / WeChat Pay v3 notification', hide: false } }, async (req) => {
      const headers = req.headers as Record<string, unknown>;
      const keys = await keysForNotice(db, opts.deps.pii, 'wechat', typeof headers['wechatpay-serial'] === 'string' ? headers['wechatpay-serial'] : undefined);
      const notice = verifyWechatNotice(headers, String(req.body ?? ''), clock.now(), keys);
      await applyNotice(db, clock, notice, keys.companyId);
      return { code: 'SUCCESS', message: '成功' };
    });
    notify.post('/api/v1/payments/notify/alipay', { schema: { tags, summary: '支付宝异步通知 / Alipay notification' } }, async (req, reply) => {
      const params = typeof req.body === 'object' && req.body ? (req.body as Record<string, string>) : {};
      const keys = await keysForNotice(db, opts.deps.pii, 'alipay', params.app_id);
      const notice = verifyAlipayNotice(params, clock.now(), keys);
      await applyNotice(db, clock, notice, keys.companyId);
      return reply.type('text/plain').send('success');
    });
  });
}

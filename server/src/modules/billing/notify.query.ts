import { eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { PiiCipher } from '../../kernel/crypto/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { isAppError } from '../../kernel/errors/index.ts';
import { payments } from './payments.tables.ts';
import { confirmPayment, type Payment } from './payments.service.ts';
import { checkoutProvider, paymentsConfig, verifyTradeAnswer } from './online.ts';
import { keysForCompany } from './online.keys.ts';
import { registerSchedule, schedules } from '../../kernel/jobs/index.ts';

/**
 * 主动查单 (R-FEE-4): a notification can be lost, so pending online payments older than
 * `queryAfterMinutes` are asked about through the provider interface. Only a verified answer
 * acts: paid → confirmed (once: the row is locked and must still be pending, so a notification
 * arriving at the same time confirms it at most once between them); closed → failed.
 */
export async function queryPendingPayments(db: Db, clock: Clock, pii: PiiCipher, opts: { limit?: number } = {}) {
  const cutoff = new Date(clock.now().getTime() - paymentsConfig().queryAfterMinutes * 60_000);
  const pending = await rows<{ id: string; method: 'wechat' | 'alipay'; out_trade_no: string; company_id: string }>(
    db,
    sql`SELECT p.id, p.method, p.out_trade_no, c.company_id FROM payments p JOIN communities c ON c.id = p.community_id
        WHERE p.status = 'pending' AND p.method IN ('wechat', 'alipay') AND p.out_trade_no IS NOT NULL AND p.created_at < ${cutoff.toISOString()}::timestamptz
        ORDER BY p.created_at LIMIT ${opts.limit ?? 200}`,
  );
  const result = { asked: 0, confirmed: 0, failed: 0, unverified: 0, unchanged: 0 };
  for (const p of pending) {
    const provider = checkoutProvider(p.method);
    if (!provider.queryTrade) continue;
    result.asked++;
    const answer = await provider.queryTrade(p.out_trade_no);
    if (!answer || answer.provider !== p.method) {
      result.unchanged++;
      continue;
    }
    let trade;
    try {
      trade = verifyTradeAnswer(answer, await keysForCompany(db, pii, p.method, p.company_id), clock.now());
    } catch (err) {
      if (!isAppError(err)) throw err;
      result.unverified++;
      await audit(db, { actorId: null, companyId: p.company_id, action: 'payment.query.unverified', subjectType: 'payment', subjectId: p.id, data: { code: err.code } });
      continue;
    }
    const outcome = await settleQueried(db, clock, p.id, trade);
    result[outcome]++;
  }
  return result;
}

async function settleQueried(db: Db, clock: Clock, paymentId: string, trade: ReturnType<typeof verifyTradeAnswer>): Promise<'confirmed' | 'failed' | 'unchanged' | 'unverified'> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT id FROM payments WHERE id = ${paymentId}::uuid FOR UPDATE`);
    const [p] = await tx.select().from(payments).where(eq(payments.id, paymentId));
    if (p.status !== 'pending' || trade.outTradeNo !== p.outTradeNo) return 'unchanged';
    const [c] = await rows<{ company_id: string }>(tx, sql`SELECT company_id FROM communities WHERE id = ${p.communityId}::uuid`);
    if (trade.status === 'paid') {
      if (trade.amountFen !== p.amountFen) {
        await audit(tx, { actorId: null, companyId: c.company_id, communityId: p.communityId, action: 'payment.query.mismatch', subjectType: 'payment', subjectId: p.id, data: { amountFen: trade.amountFen } });
        return 'unverified';
      }
      await confirmPayment(tx, clock, p as Payment, null, trade.providerTradeNo);
      await audit(tx, { actorId: null, companyId: c.company_id, communityId: p.communityId, action: 'payment.query.confirmed', subjectType: 'payment', subjectId: p.id, data: { providerTradeNo: trade.providerTradeNo } });
      return 'confirmed';
    }
    if (trade.status === 'closed') {
      await tx.update(payments).set({ status: 'failed' }).where(eq(payments.id, p.id));
      await audit(tx, { actorId: null, companyId: c.company_id, communityId: p.communityId, action: 'payment.query.failed', subjectType: 'payment', subjectId: p.id, data: {} });
      await emit(tx, { type: 'payment.failed', companyId: c.company_id, communityId: p.communityId, subjectType: 'payment', subjectId: p.id, roomIds: [p.roomId] });
      return 'failed';
    }
    return 'unchanged';
  });
}

let queryPii: PiiCipher | null = null;

/** Every 5 minutes (Asia/Shanghai); registered once per process, with the latest app's cipher. */
export function registerPaymentQuery(deps: { pii: PiiCipher }): void {
  queryPii = deps.pii;
  if (schedules.list().some((s) => s.name === 'billing.payment-query')) return;
  registerSchedule(
    'billing.payment-query',
    '*/5 * * * *',
    async (tx, _slot, now) => {
      if (queryPii) await queryPendingPayments(tx, { now: () => now }, queryPii);
    },
    { catchUpMinutes: 10 },
  );
}

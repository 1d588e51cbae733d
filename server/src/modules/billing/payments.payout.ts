import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import type { PiiCipher } from '../../kernel/crypto/index.ts';
import { paymentAdjustments, payments } from './payments.tables.ts';
import { roomFor } from './access.ts';

/**
 * 退款支付 (R-FEE-4): how an approved refund's money went back to the owner, and who paid it
 * out — cash at the desk (counts in that cashier's daily cash count), a bank transfer (account
 * stored encrypted, shown masked), or back through the original online payment.
 */
export type PayoutInput =
  | { method: 'cash'; reference?: string }
  | { method: 'bank_transfer'; bankName: string; accountName: string; accountNo: string; reference?: string }
  | { method: 'original_channel'; paymentId: string; reference?: string };

const invalid = (reason: string, reasonEn: string) => new AppError('REFUND_PAYOUT_INVALID', { reason, reasonEn });

/** 6222 0210 0900 1234 → **** 1234 */
export function maskAccount(no: string): string {
  const digits = no.replace(/\s/g, '');
  return `**** ${digits.slice(-4)}`;
}

export async function recordPayout(db: Db, clock: Clock, pii: PiiCipher, actor: Actor, adjustmentId: string, input: PayoutInput) {
  const [adj] = await db.select().from(paymentAdjustments).where(eq(paymentAdjustments.id, adjustmentId));
  if (!adj) throw new AppError('NOT_FOUND', { what: '退款申请' });
  await roomFor(db, actor, adj.roomId, 'payment.collect');
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN', { permission: 'payment.collect' });
  if (adj.kind !== 'refund') throw invalid('冲正不涉及退款支付', 'a reversal has no payout');
  if (adj.status !== 'approved') throw new AppError('ILLEGAL_TRANSITION', { from: adj.status === 'requested' ? '待审批' : '已驳回', fromEn: adj.status, action: '退款支付', actionEn: 'pay out' });
  const set: Partial<typeof paymentAdjustments.$inferInsert> = { payoutMethod: input.method, payoutReference: input.reference ?? null, paidOutBy: actor.userId, paidOutAt: clock.now() };
  if (input.method === 'bank_transfer') {
    const digits = input.accountNo.replace(/\s/g, '');
    if (!/^\d{8,30}$/.test(digits)) throw invalid('银行账号应为 8–30 位数字', 'the bank account number must be 8–30 digits');
    Object.assign(set, { payoutAccountEnc: pii.encrypt(digits), payoutAccountMasked: maskAccount(digits), payoutBank: input.bankName, payoutAccountName: input.accountName });
  }
  if (input.method === 'original_channel') {
    const [p] = await db.select().from(payments).where(eq(payments.id, input.paymentId));
    if (!p || p.roomId !== adj.roomId) throw new AppError('NOT_FOUND', { what: '原收款' });
    if (p.status !== 'confirmed' || (p.method !== 'wechat' && p.method !== 'alipay')) throw invalid('原路退回须选择本房屋已确认的线上收款', 'original channel needs a confirmed online payment of this room');
    if (p.amountFen < adj.amountFen) throw invalid('退款金额超过原收款金额', 'the refund exceeds the original payment');
    set.payoutPaymentId = p.id;
  }
  return db.transaction(async (tx) => {
    // Once: the row changes only while no payout is recorded.
    const [done] = await tx
      .update(paymentAdjustments)
      .set(set)
      .where(and(eq(paymentAdjustments.id, adj.id), eq(paymentAdjustments.status, 'approved'), isNull(paymentAdjustments.paidOutAt)))
      .returning();
    if (!done) throw new AppError('ILLEGAL_TRANSITION', { from: '已退款', fromEn: 'paid out', action: '退款支付', actionEn: 'pay out' });
    await audit(tx, {
      actorId: actor.userId,
      companyId: actor.companyId,
      communityId: adj.communityId,
      action: 'payment.refund.payout',
      subjectType: 'payment_adjustment',
      subjectId: adj.id,
      data: { method: input.method, amountFen: adj.amountFen, account: done.payoutAccountMasked, paymentId: done.payoutPaymentId, reference: input.reference ?? null },
    });
    await emit(tx, { type: 'payment.refund.paidOut', companyId: actor.companyId, communityId: adj.communityId, subjectType: 'payment_adjustment', subjectId: adj.id, roomIds: [adj.roomId], payload: { method: input.method, amountFen: adj.amountFen } });
    return adjustmentView(done);
  });
}

/** Never the encrypted account: only its masked form. */
export function adjustmentView(a: typeof paymentAdjustments.$inferSelect) {
  const { payoutAccountEnc: _secret, ...rest } = a;
  return rest;
}

/** Cash refunds a cashier paid out on a business day (Asia/Shanghai), for the cash count. */
export const cashRefundsSql = (communityId: string, day: string) =>
  sql`SELECT paid_out_by AS cashier_id, sum(amount_fen)::bigint AS refunded, count(*)::int AS refunds FROM payment_adjustments
      WHERE community_id = ${communityId}::uuid AND kind = 'refund' AND payout_method = 'cash' AND (paid_out_at AT TIME ZONE 'Asia/Shanghai')::date = ${day}::date
      GROUP BY paid_out_by`;

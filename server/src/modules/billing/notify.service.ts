import { eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { paymentNotifications, payments } from './payments.tables.ts';
import { confirmPayment, type Payment } from './payments.service.ts';
import type { VerifiedNotice } from './online.ts';

/**
 * A verified notification confirms its pending payment — the only way an online payment
 * becomes money (R-FEE-4), besides a verified query answer (notify.query.ts). A replayed id or
 * nonce is refused and changes nothing. `companyId`: whose keys verified it (null: env keys);
 * a company's keys confirm only that company's payments.
 */
export async function applyNotice(db: Db, clock: Clock, n: VerifiedNotice, companyId: string | null = null) {
  return db.transaction(async (tx) => {
    const stored = await tx
      .insert(paymentNotifications)
      .values({ provider: n.provider, notifyId: n.notifyId, nonce: n.nonce, outTradeNo: n.outTradeNo, receivedAt: clock.now(), payload: n.payload })
      .onConflictDoNothing()
      .returning({ id: paymentNotifications.notifyId });
    if (!stored.length) throw new AppError('NOTIFY_REPLAY');
    const [payment] = await rows<{ id: string }>(tx, sql`SELECT id FROM payments WHERE out_trade_no = ${n.outTradeNo} FOR UPDATE`);
    if (!payment) throw new AppError('NOTIFY_MISMATCH', { reason: 'out_trade_no' });
    const [p] = await tx.select().from(payments).where(eq(payments.id, payment.id));
    if (companyId) {
      const [c] = await tx.select({ companyId: communities.companyId }).from(communities).where(eq(communities.id, p.communityId));
      if (c.companyId !== companyId) throw new AppError('NOTIFY_MISMATCH', { reason: 'merchant' });
    }
    if (p.method !== n.provider) throw new AppError('NOTIFY_MISMATCH', { reason: 'provider' });
    if (p.amountFen !== n.amountFen) throw new AppError('NOTIFY_MISMATCH', { reason: 'amount' });
    if (!n.success || p.status !== 'pending') {
      await audit(tx, { actorId: null, communityId: p.communityId, action: 'payment.notice.ignored', subjectType: 'payment', subjectId: p.id, data: { provider: n.provider, notifyId: n.notifyId, success: n.success, status: p.status } });
      return { payment: p as Payment, changed: false };
    }
    const done = await confirmPayment(tx, clock, p as Payment, null, n.providerTradeNo);
    return { payment: done.payment, changed: true };
  });
}

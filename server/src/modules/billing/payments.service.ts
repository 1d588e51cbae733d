import { and, eq, inArray, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { users } from '../../kernel/auth/auth.tables.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { bills } from './billing.tables.ts';
import { payments } from './payments.tables.ts';
import { allocate, applyToBills, changeBalance, lockOpenBills, post } from './ledger.ts';
import { drawPrepaidForRooms } from './prepaid.ts';
import { roomFor } from './access.ts';
import { ownerBillFilter } from './payer.ts';
import { checkoutProvider } from './online.ts';

export const OFFLINE_METHODS = ['cash', 'card', 'bank_transfer', 'bank_withholding'] as const;
export const ONLINE_METHODS = ['wechat', 'alipay'] as const;
export type PaymentMethod = (typeof OFFLINE_METHODS)[number] | (typeof ONLINE_METHODS)[number];

export interface PaymentInput {
  roomId: string;
  billIds: string[];
  amountFen: number;
  method: PaymentMethod;
  payerName?: string;
  /** Door-to-door collection: the two staff present. */
  collectorIds?: string[];
}

export type Payment = typeof payments.$inferSelect;

/** Next receipt number of the community: the counter row is locked until this transaction ends. */
async function nextReceipt(tx: Db, communityId: string): Promise<{ seq: number; no: string }> {
  const [r] = await rows<{ last_no: number; code: string }>(
    tx,
    sql`INSERT INTO receipt_counters (community_id, last_no) VALUES (${communityId}::uuid, 1)
        ON CONFLICT (community_id) DO UPDATE SET last_no = receipt_counters.last_no + 1
        RETURNING last_no, (SELECT code FROM communities WHERE id = ${communityId}::uuid) AS code`,
  );
  const seq = Number(r.last_no);
  return { seq, no: `${r.code}-${String(seq).padStart(8, '0')}` };
}

/**
 * 收款 (R-FEE-4) inside the caller's transaction (withIdempotency's). Offline methods settle
 * at once; online methods create a pending payment that only a verified notification confirms.
 */
export async function createPayment(tx: Db, clock: Clock, actor: Actor, input: PaymentInput) {
  const room = await roomFor(tx, actor, input.roomId, 'payment.collect');
  const online = (ONLINE_METHODS as readonly string[]).includes(input.method);
  if (actor.kind === 'owner' && !online) throw new AppError('PAYMENT_METHOD_NOT_ALLOWED', { method: input.method });
  let billIds = [...new Set(input.billIds)];
  if (actor.kind === 'owner') {
    // After a transfer an owner pays only their own part of the room's bills (payer.ts).
    const mine = await tx.select({ id: bills.id, open: sql<boolean>`${bills.paidFen} < ${bills.amountFen}` }).from(bills).where(and(eq(bills.roomId, room.id), ownerBillFilter(actor)));
    if (billIds.some((id) => !mine.some((m) => m.id === id))) throw new AppError('NOT_FOUND', { what: '账单' });
    if (!billIds.length) billIds = mine.filter((m) => m.open).map((m) => m.id);
    if (!billIds.length) {
      const [other] = await tx.select({ id: bills.id }).from(bills).where(and(eq(bills.roomId, room.id), sql`${bills.paidFen} < ${bills.amountFen}`)).limit(1);
      if (other) throw new AppError('BILL_NOT_PAYABLE', { reason: '没有您名下的待缴账单 / none of the open bills are yours' });
    }
  }
  if (billIds.length) {
    const chosen = await tx.select({ id: bills.id, roomId: bills.roomId, amountFen: bills.amountFen, paidFen: bills.paidFen }).from(bills).where(inArray(bills.id, billIds));
    if (chosen.length !== billIds.length || chosen.some((b) => b.roomId !== room.id)) throw new AppError('NOT_FOUND', { what: '账单' });
    if (chosen.some((b) => b.paidFen >= b.amountFen)) throw new AppError('BILL_NOT_PAYABLE', { reason: '已结清 / already paid' });
  }
  const collectors = [...new Set(input.collectorIds ?? [])];
  if (input.collectorIds?.length) {
    if (collectors.length !== 2) throw new AppError('PAYMENT_TWO_COLLECTORS');
    const staff = await tx.select({ id: users.id }).from(users).where(and(inArray(users.id, collectors), eq(users.companyId, actor.companyId), eq(users.kind, 'staff')));
    if (staff.length !== 2) throw new AppError('PAYMENT_TWO_COLLECTORS');
  }
  const [payment] = await tx
    .insert(payments)
    .values({
      communityId: room.communityId,
      roomId: room.id,
      amountFen: input.amountFen,
      method: input.method,
      status: 'pending',
      billIds,
      payerName: input.payerName ?? null,
      collectorIds: collectors,
      createdBy: actor.userId,
      // Business time: the active query (notify.query.ts) ages pending payments by it.
      createdAt: clock.now(),
    })
    .returning();
  await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: room.communityId, action: 'payment.create', subjectType: 'payment', subjectId: payment.id, data: { ...input } });
  if (online) {
    const [p] = await tx.update(payments).set({ outTradeNo: payment.id.replace(/-/g, '') }).where(eq(payments.id, payment.id)).returning();
    const checkout = await checkoutProvider(input.method as 'wechat' | 'alipay').createOrder({ outTradeNo: p.outTradeNo!, amountFen: p.amountFen, description: '物业费' });
    await emit(tx, { type: 'payment.pending', companyId: actor.companyId, communityId: room.communityId, subjectType: 'payment', subjectId: p.id, roomIds: [room.id] });
    return { payment: p, checkout };
  }
  const confirmed = await confirmPayment(tx, clock, payment, actor.userId);
  return { payment: confirmed.payment, allocations: confirmed.allocations, checkout: null };
}

/** Settle a payment: receipt number, allocation (chosen bills or oldest first), rest to prepaid, ledger. */
export async function confirmPayment(tx: Db, clock: Clock, payment: Payment, actorId: string | null, providerTradeNo?: string) {
  const receipt = await nextReceipt(tx, payment.communityId);
  const open = await lockOpenBills(tx, payment.roomId, payment.billIds.length ? payment.billIds : null);
  const { parts, rest } = allocate(open, payment.amountFen);
  await applyToBills(tx, parts);
  await changeBalance(tx, payment.communityId, payment.roomId, rest);
  await post(tx, { communityId: payment.communityId, roomId: payment.roomId, kind: 'payment', paymentId: payment.id, method: payment.method, actorId, at: clock.now() }, [
    { account: 'cash', amountFen: payment.amountFen },
    ...parts.map((p) => ({ account: 'bill' as const, amountFen: -p.amountFen, billId: p.billId })),
    { account: 'prepaid', amountFen: -rest },
  ]);
  // Chosen bills paid and money left: the balance pays other open bills automatically.
  if (rest > 0 && payment.billIds.length) await drawPrepaidForRooms(tx, clock, payment.communityId, [payment.roomId]);
  const [p] = await tx
    .update(payments)
    .set({ status: 'confirmed', receiptSeq: receipt.seq, receiptNo: receipt.no, confirmedAt: clock.now(), providerTradeNo: providerTradeNo ?? null })
    .where(eq(payments.id, payment.id))
    .returning();
  const [c] = await tx.select({ companyId: communities.companyId }).from(communities).where(eq(communities.id, payment.communityId));
  await audit(tx, { actorId, companyId: c.companyId, communityId: payment.communityId, action: 'payment.confirm', subjectType: 'payment', subjectId: payment.id, data: { receiptNo: receipt.no, allocations: parts, prepaidFen: rest } });
  await emit(tx, { type: 'payment.confirmed', companyId: c.companyId, communityId: payment.communityId, subjectType: 'payment', subjectId: payment.id, roomIds: [payment.roomId], payload: { amountFen: payment.amountFen, receiptNo: receipt.no } });
  return { payment: p, allocations: parts, prepaidFen: rest };
}

export function paymentView(p: Payment) {
  return {
    id: p.id,
    communityId: p.communityId,
    roomId: p.roomId,
    amountFen: p.amountFen,
    method: p.method,
    status: p.status,
    receiptNo: p.receiptNo,
    billIds: p.billIds,
    payerName: p.payerName,
    collectorIds: p.collectorIds,
    outTradeNo: p.outTradeNo,
    confirmedAt: p.confirmedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
  };
}

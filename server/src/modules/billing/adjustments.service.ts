import { and, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { requirePermission } from '../../kernel/permissions/index.ts';
import { ledgerEntries, paymentAdjustments, payments, roomAccounts } from './payments.tables.ts';
import { applyToBills, changeBalance, post } from './ledger.ts';
import { roomFor } from './access.ts';
import { drawPrepaidForRooms } from './prepaid.ts';

/**
 * 退款 / 冲正 (R-FEE-4): requested with a reason (payment.refund), carried out only when a
 * second person approves (payment.approve). Both write new ledger entries; nothing is edited.
 */
export async function requestAdjustment(
  db: Db,
  actor: Actor,
  input: { kind: 'refund'; roomId: string; amountFen: number; reason: string } | { kind: 'reversal'; paymentId: string; reason: string },
) {
  let roomId: string;
  let amountFen: number;
  let paymentId: string | null = null;
  if (input.kind === 'reversal') {
    const [p] = await db.select().from(payments).where(eq(payments.id, input.paymentId));
    if (!p) throw new AppError('NOT_FOUND', { what: '收款' });
    await roomFor(db, actor, p.roomId, 'payment.refund');
    if (p.status !== 'confirmed') throw new AppError('PAYMENT_NOT_REVERSIBLE', { reason: p.status });
    ({ roomId, amountFen } = p);
    paymentId = p.id;
  } else {
    await roomFor(db, actor, input.roomId, 'payment.refund');
    ({ roomId, amountFen } = input);
  }
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN', { permission: 'payment.refund' });
  const room = await roomFor(db, actor, roomId, 'payment.refund');
  return db.transaction(async (tx) => {
    const [a] = await tx
      .insert(paymentAdjustments)
      .values({ communityId: room.communityId, roomId, kind: input.kind, paymentId, amountFen, reason: input.reason, requestedBy: actor.userId })
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: room.communityId, action: `payment.${input.kind}.request`, subjectType: 'payment_adjustment', subjectId: a.id, data: { ...input } });
    await emit(tx, { type: 'payment.adjustment.requested', companyId: actor.companyId, communityId: room.communityId, subjectType: 'payment_adjustment', subjectId: a.id });
    return a;
  });
}

export async function decideAdjustment(db: Db, clock: Clock, actor: Actor, id: string, approve: boolean) {
  return db.transaction(async (tx) => {
    const [a] = await rows<{ id: string }>(tx, sql`SELECT id FROM payment_adjustments WHERE id = ${id}::uuid FOR UPDATE`);
    if (!a) throw new AppError('NOT_FOUND', { what: '退款/冲正申请' });
    const [adj] = await tx.select().from(paymentAdjustments).where(eq(paymentAdjustments.id, id));
    await roomFor(tx, actor, adj.roomId, 'payment.approve');
    requirePermission(actor, 'payment.approve', adj.communityId);
    if (adj.status !== 'requested') throw new AppError('ILLEGAL_TRANSITION', { from: adj.status, action: approve ? 'approve' : 'reject' });
    if (adj.requestedBy === actor.userId) throw new AppError('APPROVER_MUST_DIFFER');
    const now = clock.now();
    if (approve) {
      if (adj.kind === 'refund') await refund(tx, adj, actor.userId, now);
      else await reverse(tx, adj, actor.userId, now);
    }
    const [done] = await tx
      .update(paymentAdjustments)
      .set({ status: approve ? 'approved' : 'rejected', decidedBy: actor.userId, decidedAt: now })
      .where(eq(paymentAdjustments.id, id))
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: adj.communityId, action: `payment.${adj.kind}.${approve ? 'approve' : 'reject'}`, subjectType: 'payment_adjustment', subjectId: id, data: { amountFen: adj.amountFen, reason: adj.reason } });
    await emit(tx, { type: `payment.adjustment.${approve ? 'approved' : 'rejected'}`, companyId: actor.companyId, communityId: adj.communityId, subjectType: 'payment_adjustment', subjectId: id, roomIds: [adj.roomId] });
    return done;
  });
}

type Adj = typeof paymentAdjustments.$inferSelect;

/** Money back out of the prepaid balance. */
async function refund(tx: Db, adj: Adj, actorId: string, at: Date) {
  const [acc] = await rows<{ balance_fen: number }>(tx, sql`SELECT balance_fen FROM room_accounts WHERE room_id = ${adj.roomId}::uuid FOR UPDATE`);
  const balance = Number(acc?.balance_fen ?? 0);
  if (balance < adj.amountFen) throw new AppError('REFUND_EXCEEDS_BALANCE', { balanceFen: balance });
  await changeBalance(tx, adj.communityId, adj.roomId, -adj.amountFen);
  await post(tx, { communityId: adj.communityId, roomId: adj.roomId, kind: 'refund', reason: adj.reason, actorId, at }, [
    { account: 'prepaid', amountFen: adj.amountFen },
    { account: 'cash', amountFen: -adj.amountFen },
  ]);
}

/** The exact negation of a payment's entries; refused if its prepaid part was already spent. */
async function reverse(tx: Db, adj: Adj, actorId: string, at: Date) {
  const [p] = await rows<{ status: string }>(tx, sql`SELECT status FROM payments WHERE id = ${adj.paymentId}::uuid FOR UPDATE`);
  if (p?.status !== 'confirmed') throw new AppError('PAYMENT_NOT_REVERSIBLE', { reason: p?.status ?? 'missing' });
  const entries = await tx.select().from(ledgerEntries).where(and(eq(ledgerEntries.paymentId, adj.paymentId!), eq(ledgerEntries.kind, 'payment')));
  const prepaidPart = -entries.filter((e) => e.account === 'prepaid').reduce((s, e) => s + e.amountFen, 0);
  const [acc] = await tx.select().from(roomAccounts).where(eq(roomAccounts.roomId, adj.roomId));
  if (prepaidPart > (acc?.balanceFen ?? 0)) throw new AppError('PAYMENT_NOT_REVERSIBLE', { reason: '预存余额已被使用 / the prepaid part was already used' });
  await tx.execute(sql`SELECT id FROM bills WHERE id IN (SELECT bill_id FROM ledger_entries WHERE payment_id = ${adj.paymentId}::uuid AND bill_id IS NOT NULL) ORDER BY id FOR UPDATE`);
  await applyToBills(tx, entries.filter((e) => e.account === 'bill').map((e) => ({ billId: e.billId!, amountFen: e.amountFen })));
  await changeBalance(tx, adj.communityId, adj.roomId, -prepaidPart);
  await post(
    tx,
    { communityId: adj.communityId, roomId: adj.roomId, kind: 'reversal', paymentId: adj.paymentId, reason: adj.reason, actorId, at },
    entries.map((e) => ({ account: e.account, amountFen: -e.amountFen, billId: e.billId })),
  );
  await tx.update(payments).set({ status: 'reversed' }).where(eq(payments.id, adj.paymentId!));
  // The reversal reopens bills; a prepaid balance the room still has pays them at once, as for new bills.
  await drawPrepaidForRooms(tx, { now: () => at }, adj.communityId, [adj.roomId]);
}

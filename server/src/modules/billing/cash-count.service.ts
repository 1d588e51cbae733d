import { and, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { cashCounts } from './payments.tables.ts';
import { communityFor } from './access.ts';
import { cashRefundsSql } from './payments.payout.ts';

/**
 * 资金盘点 (R-FEE-5): what a cashier should hold for a business day — the ledger's cash
 * movements of the cash payments they took (less reversals of them), less the cash refunds they
 * paid out at the desk — against what was counted.
 */
async function expectedCash(db: Db, communityId: string, day: string, cashierId: string | null) {
  const taken = await takenCash(db, communityId, day, cashierId);
  const refunds = await rows<{ cashier_id: string; refunded: number; refunds: number }>(db, cashRefundsSql(communityId, day));
  const ids = [...new Set([...taken.map((t) => t.cashier_id), ...refunds.map((r) => r.cashier_id)])].filter((id) => !cashierId || id === cashierId);
  return ids.map((id) => {
    const t = taken.find((x) => x.cashier_id === id);
    const r = refunds.find((x) => x.cashier_id === id);
    const takenFen = Number(t?.expected ?? 0);
    const refundedFen = Number(r?.refunded ?? 0);
    return { cashier_id: id, takenFen, refundedFen, expected: takenFen - refundedFen, payments: t?.payments ?? 0, refunds: r?.refunds ?? 0 };
  });
}

async function takenCash(db: Db, communityId: string, day: string, cashierId: string | null) {
  return rows<{ cashier_id: string; expected: number; payments: number }>(
    db,
    sql`SELECT p.created_by AS cashier_id, coalesce(sum(l.amount_fen), 0)::bigint AS expected, count(DISTINCT p.id)::int AS payments
        FROM ledger_entries l JOIN payments p ON p.id = l.payment_id
        WHERE l.community_id = ${communityId}::uuid AND l.account = 'cash' AND p.method = 'cash'
          AND (l.at AT TIME ZONE 'Asia/Shanghai')::date = ${day}::date
          ${cashierId ? sql`AND p.created_by = ${cashierId}::uuid` : sql``}
        GROUP BY p.created_by`,
  );
}

export async function recordCashCount(db: Db, actor: Actor, input: { communityId: string; day: string; countedFen: number; note?: string }) {
  await communityFor(db, actor, input.communityId, 'payment.collect');
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN', { permission: 'payment.collect' });
  const [e] = await expectedCash(db, input.communityId, input.day, actor.userId);
  const expectedFen = Number(e?.expected ?? 0);
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(cashCounts)
      .values({ communityId: input.communityId, cashierId: actor.userId, day: input.day, expectedFen, countedFen: input.countedFen, varianceFen: input.countedFen - expectedFen, note: input.note ?? null })
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: input.communityId, action: 'billing.cashCount', subjectType: 'cash_count', subjectId: c.id, data: { ...input, expectedFen } });
    await emit(tx, { type: 'billing.cashCount.recorded', companyId: actor.companyId, communityId: input.communityId, subjectType: 'cash_count', subjectId: c.id, payload: { varianceFen: c.varianceFen } });
    return c;
  });
}

/** Every cashier of the day: expected from the ledger and, when counted, the count and variance. */
export async function cashCountDay(db: Db, actor: Actor, communityId: string, day: string) {
  await communityFor(db, actor, communityId, 'finance.report');
  const expected = await expectedCash(db, communityId, day, null);
  const counted = await db.select().from(cashCounts).where(and(eq(cashCounts.communityId, communityId), eq(cashCounts.day, day)));
  const ids = [...new Set([...expected.map((e) => e.cashier_id), ...counted.map((c) => c.cashierId)])];
  return ids.map((id) => {
    const e = expected.find((x) => x.cashier_id === id);
    const c = counted.find((x) => x.cashierId === id);
    return { cashierId: id, expectedFen: Number(e?.expected ?? 0), takenFen: e?.takenFen ?? 0, refundedFen: e?.refundedFen ?? 0, payments: e?.payments ?? 0, refunds: e?.refunds ?? 0, countedFen: c?.countedFen ?? null, varianceFen: c?.varianceFen ?? null, note: c?.note ?? null };
  });
}

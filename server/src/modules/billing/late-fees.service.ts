import { eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { feeItems } from './billing.tables.ts';
import { lateFeeTerms } from './arrears.tables.ts';
import { communityFor } from './access.ts';
import { parsePeriod } from './period.ts';

/**
 * 违约金 (R-FEE-6, R-LAW-1): charged only where a contract term defines it, and the line
 * cites the clause. A term is per community or per room (the room's own term wins).
 */
export type TermInput = Omit<typeof lateFeeTerms.$inferInsert, 'id' | 'createdAt'>;

export async function addLateFeeTerm(db: Db, actor: Actor, input: TermInput) {
  await communityFor(db, actor, input.communityId, 'billing.manage');
  const [item] = await db.select().from(feeItems).where(eq(feeItems.id, input.lateFeeItemId));
  if (!item || item.communityId !== input.communityId || item.kind !== 'late_fee') throw new AppError('VALIDATION_FAILED', { reason: 'lateFeeItemId must be a late_fee item of the community' });
  if (input.basis === 'percent' && input.value > 10000) throw new AppError('VALIDATION_FAILED', { reason: 'percent value is in ten-thousandths (≤ 10000)' });
  return db.transaction(async (tx) => {
    const [term] = await tx.insert(lateFeeTerms).values(input).returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: input.communityId, action: 'billing.lateFeeTerm.add', subjectType: 'late_fee_term', subjectId: term.id, data: { ...input } });
    await emit(tx, { type: 'billing.lateFeeTerm.added', companyId: actor.companyId, communityId: input.communityId, subjectType: 'late_fee_term', subjectId: term.id });
    return term;
  });
}

/**
 * Late-fee lines for the overdue bills of `period`, as of today: one line per room (unique
 * room × late-fee item × period, so repeating changes nothing). Daily fees run from the end
 * of the grace days; fixed or ‱ of the overdue amount; capped.
 */
export async function assessLateFees(db: Db, clock: Clock, actor: Actor, input: { communityId: string; period: string }) {
  await communityFor(db, actor, input.communityId, 'billing.run');
  const p = parsePeriod(input.period);
  const asOf = shanghaiDate(clock.now());
  const [has] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM late_fee_terms WHERE community_id = ${input.communityId}::uuid`);
  if (!has.n) throw new AppError('LATE_FEE_NO_CONTRACT');
  return db.transaction(async (tx) => {
    const created = await rows<{ room_id: string; amount_fen: number }>(
      tx,
      sql`
WITH overdue AS (
  SELECT b.room_id, sum(b.amount_fen - b.paid_fen) AS owed, min(b.due_date) AS due
  FROM bills b JOIN fee_items f ON f.id = b.fee_item_id AND f.kind <> 'late_fee'
  WHERE b.community_id = ${input.communityId}::uuid AND b.period = ${p.period} AND b.paid_fen < b.amount_fen AND b.due_date < ${asOf}::date
  GROUP BY b.room_id
),
term AS (
  SELECT DISTINCT ON (o.room_id) o.room_id, o.owed, (${asOf}::date - o.due - t.grace_days) AS late_days,
    t.late_fee_item_id, t.clause, t.mode, t.basis, t.value, t.cap_fen
  FROM overdue o JOIN late_fee_terms t ON t.community_id = ${input.communityId}::uuid AND (t.room_id = o.room_id OR t.room_id IS NULL)
  ORDER BY o.room_id, (t.room_id IS NULL), t.created_at DESC
),
fee AS (
  SELECT room_id, late_fee_item_id, clause, late_days, owed,
    least(coalesce(cap_fen, 9223372036854775807),
      CASE WHEN basis = 'fixed' THEN value::numeric ELSE round(owed * value / 10000.0) END * CASE WHEN mode = 'daily' THEN late_days ELSE 1 END)::bigint AS amount
  FROM term WHERE late_days > 0
)
INSERT INTO bills (community_id, room_id, fee_item_id, period, period_start, period_end, days_billed, quantity, coefficient, amount_fen, due_date, clause)
SELECT ${input.communityId}::uuid, room_id, late_fee_item_id, ${p.period}, ${p.start}::date, ${p.end}::date, late_days, owed, 1, amount, ${asOf}::date,
  clause || '（逾期 ' || late_days || ' 天，欠费 ' || to_char(owed / 100.0, 'FM999999990.00') || ' 元）'
FROM fee WHERE amount > 0
ON CONFLICT (room_id, fee_item_id, period, segment) DO NOTHING
RETURNING room_id, amount_fen`,
    );
    const total = created.reduce((s, c) => s + Number(c.amount_fen), 0);
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: input.communityId, action: 'billing.lateFees.assess', subjectType: 'community', subjectId: input.communityId, data: { period: p.period, asOf, lines: created.length, totalFen: total } });
    await emit(tx, { type: 'billing.lateFees.assessed', companyId: actor.companyId, communityId: input.communityId, subjectType: 'community', subjectId: input.communityId, roomIds: created.map((c) => c.room_id) });
    return { period: p.period, asOf, lines: created.length, totalFen: total };
  });
}

import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { can, type Actor } from '../../kernel/permissions/index.ts';
import { publicIncomeEntries, publicIncomePublications } from './arrears.tables.ts';
import { communityFor } from './access.ts';

/**
 * 公共收益 (R-FEE-7): a ledger of its own (advertising, venue rental …), append-only, kept
 * apart from fees. Publishing a range makes it visible to the community's owners (R-LAW-2).
 */
export async function addPublicIncome(
  db: Db,
  actor: Actor,
  input: { communityId: string; category: 'advertising' | 'venue' | 'parking' | 'other_income' | 'expense'; amountFen: number; occurredOn: string; description: string },
) {
  await communityFor(db, actor, input.communityId, 'publicincome.manage');
  // Expenses are negative, income positive: the sign follows the category.
  const amountFen = input.category === 'expense' ? -Math.abs(input.amountFen) : Math.abs(input.amountFen);
  return db.transaction(async (tx) => {
    const [e] = await tx.insert(publicIncomeEntries).values({ ...input, amountFen, createdBy: actor.userId }).returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: input.communityId, action: 'publicIncome.add', subjectType: 'public_income', subjectId: e.id, data: { ...input } });
    await emit(tx, { type: 'publicIncome.added', companyId: actor.companyId, communityId: input.communityId, subjectType: 'public_income', subjectId: e.id });
    return e;
  });
}

export async function publishPublicIncome(db: Db, clock: Clock, actor: Actor, input: { communityId: string; fromDay: string; toDay: string }) {
  await communityFor(db, actor, input.communityId, 'publicincome.manage');
  if (input.fromDay > input.toDay) throw new AppError('VALIDATION_FAILED', { reason: 'fromDay after toDay' });
  return db.transaction(async (tx) => {
    const [t] = await rows<{ income: number; expense: number }>(
      tx,
      sql`SELECT coalesce(sum(amount_fen) FILTER (WHERE amount_fen > 0), 0)::bigint AS income, coalesce(-sum(amount_fen) FILTER (WHERE amount_fen < 0), 0)::bigint AS expense
          FROM public_income_entries WHERE community_id = ${input.communityId}::uuid AND occurred_on BETWEEN ${input.fromDay}::date AND ${input.toDay}::date`,
    );
    const [pub] = await tx
      .insert(publicIncomePublications)
      .values({ ...input, incomeFen: Number(t.income), expenseFen: Number(t.expense), publishedBy: actor.userId, publishedAt: clock.now() })
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: input.communityId, action: 'publicIncome.publish', subjectType: 'public_income_publication', subjectId: pub.id, data: { ...input } });
    await emit(tx, { type: 'publicIncome.published', companyId: actor.companyId, communityId: input.communityId, subjectType: 'public_income_publication', subjectId: pub.id, payload: { fromDay: input.fromDay, toDay: input.toDay } });
    return pub;
  });
}

/** Staff with publicincome.manage or finance.report see everything; owners see published ranges only. */
export async function listPublicIncome(db: Db, actor: Actor, communityId: string) {
  const staff = actor.kind === 'staff' && (can(actor, 'publicincome.manage', communityId) || can(actor, 'finance.report', communityId));
  if (!staff) await communityFor(db, actor, communityId, 'owner.self');
  else await communityFor(db, actor, communityId, can(actor, 'publicincome.manage', communityId) ? 'publicincome.manage' : 'finance.report');
  const publications = await db.select().from(publicIncomePublications).where(eq(publicIncomePublications.communityId, communityId)).orderBy(desc(publicIncomePublications.publishedAt));
  let entries;
  if (staff) entries = await db.select().from(publicIncomeEntries).where(eq(publicIncomeEntries.communityId, communityId)).orderBy(desc(publicIncomeEntries.occurredOn)).limit(500);
  else {
    entries = [];
    for (const p of publications) {
      entries.push(
        ...(await db
          .select()
          .from(publicIncomeEntries)
          .where(and(eq(publicIncomeEntries.communityId, communityId), gte(publicIncomeEntries.occurredOn, p.fromDay), lte(publicIncomeEntries.occurredOn, p.toDay)))),
      );
    }
    entries = [...new Map(entries.map((e) => [e.id, e])).values()].map(({ createdBy: _c, ...e }) => e);
  }
  return { publications, entries };
}

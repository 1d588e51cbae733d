import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import { buildings, rooms } from '../property/index.ts';
import { discountRules, feeItems } from './billing.tables.ts';
import { communityFor } from './access.ts';

/**
 * 优惠规则 (R-FEE-1/2): data that the billing run applies. A rule is written by finance
 * (billing.manage) and applies only after someone else approves it (payment.approve).
 * Approved rules are never edited; they are withdrawn (and a new one written) instead.
 */
export type RuleKind = 'prepay' | 'fixed' | 'free' | 'vacancy';
export interface RuleInput {
  communityId: string;
  kind: RuleKind;
  name: string;
  feeItemId?: string | null;
  scope?: 'community' | 'building' | 'room';
  buildingId?: string | null;
  roomId?: string | null;
  ratePct?: string | null;
  amountFen?: number | null;
  months?: number | null;
  backdateDays?: number | null;
  validFrom: string;
  validTo?: string | null;
  reason: string;
}

const bad = (reason: string, reasonEn: string) => new AppError('DISCOUNT_RULE_INVALID', { reason, reasonEn });

/** What each kind needs; anything else is refused rather than silently ignored. */
function checkShape(r: RuleInput) {
  const scope = r.scope ?? 'community';
  if (r.validTo && r.validTo < r.validFrom) throw bad('结束日期早于开始日期', 'the end date is before the start date');
  if (scope === 'building' && !r.buildingId) throw bad('按楼栋设置须选择楼栋', 'a building rule needs a building');
  if (scope === 'room' && !r.roomId) throw bad('按房屋设置须选择房屋', 'a room rule needs a room');
  const rate = r.ratePct == null ? null : Number(r.ratePct);
  if (r.kind === 'prepay') {
    if (rate === null || !r.months) throw bad('预存优惠须填写预存月数和折扣比例', 'a prepay rule needs months and a rate');
    if (!r.feeItemId) throw bad('预存优惠须指定收费项目', 'a prepay rule needs a fee item');
  }
  if ((r.kind === 'prepay' || r.kind === 'vacancy') && (rate === null || rate < 0 || rate >= 100)) throw bad('收费比例须在 0–99.99% 之间', 'the rate must be 0–99.99 %');
  if (r.kind === 'fixed' && !(r.amountFen && r.amountFen > 0)) throw bad('固定减免须填写每期减免金额', 'a fixed reduction needs an amount per period');
  if (r.kind === 'free' && !r.months && !r.validTo) throw bad('免费月份须填写结束日期或入住后免费月数', 'free months need an end date or a number of months');
  if (r.kind === 'vacancy' && scope !== 'community') throw bad('空置优惠比例按小区设置', 'the vacancy rate is set per community');
  if (r.kind !== 'fixed' && r.amountFen != null) throw bad('只有固定减免填写金额', 'only a fixed reduction has an amount');
  if (r.kind !== 'prepay' && r.kind !== 'vacancy' && r.ratePct != null) throw bad('只有预存优惠和空置优惠填写比例', 'only prepay and vacancy rules have a rate');
  if (r.kind !== 'vacancy' && r.backdateDays != null) throw bad('只有空置优惠填写可追溯天数', 'only the vacancy rule has a backdate limit');
}

export async function createDiscountRule(db: Db, actor: Actor, input: RuleInput) {
  await communityFor(db, actor, input.communityId, 'billing.manage');
  checkShape(input);
  const scope = input.scope ?? 'community';
  // Targets must belong to the same community (a foreign id answers 404).
  if (input.feeItemId) {
    const [f] = await db.select().from(feeItems).where(and(eq(feeItems.id, input.feeItemId), eq(feeItems.communityId, input.communityId)));
    if (!f) throw new AppError('NOT_FOUND', { what: '收费项目' });
  }
  if (scope === 'building') {
    const [b] = await db.select().from(buildings).where(and(eq(buildings.id, input.buildingId!), eq(buildings.communityId, input.communityId)));
    if (!b) throw new AppError('NOT_FOUND', { what: '楼栋' });
  }
  if (scope === 'room') {
    const [r] = await db.select().from(rooms).where(and(eq(rooms.id, input.roomId!), eq(rooms.communityId, input.communityId)));
    if (!r) throw new AppError('NOT_FOUND', { what: '房屋' });
  }
  return db.transaction(async (tx) => {
    if (input.kind === 'vacancy') {
      // One vacancy rate at a time: the run would otherwise apply two rates to the same days.
      const [other] = await rows<{ valid_from: string }>(
        tx,
        sql`SELECT valid_from::text FROM discount_rules WHERE community_id = ${input.communityId}::uuid AND kind = 'vacancy' AND status IN ('pending', 'approved')
            AND valid_from <= ${input.validTo ?? '9999-12-31'}::date AND coalesce(valid_to, DATE '9999-12-31') >= ${input.validFrom}::date LIMIT 1`,
      );
      if (other) throw new AppError('VACANCY_RULE_OVERLAP', { from: other.valid_from });
    }
    const [rule] = await tx
      .insert(discountRules)
      .values({
        communityId: input.communityId,
        kind: input.kind,
        name: input.name,
        feeItemId: input.feeItemId ?? null,
        scope,
        buildingId: scope === 'building' ? input.buildingId! : null,
        roomId: scope === 'room' ? input.roomId! : null,
        ratePct: input.ratePct ?? null,
        amountFen: input.amountFen ?? null,
        months: input.months ?? null,
        backdateDays: input.kind === 'vacancy' ? (input.backdateDays ?? 30) : null,
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
        reason: input.reason,
        createdBy: actor.userId,
      })
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: rule.communityId, action: 'billing.discount.create', subjectType: 'discount_rule', subjectId: rule.id, data: { ...input } });
    await emit(tx, { type: 'billing.discount.created', companyId: actor.companyId, communityId: rule.communityId, subjectType: 'discount_rule', subjectId: rule.id });
    return rule;
  });
}

const TRANSITIONS: Record<string, { from: string[]; to: 'approved' | 'rejected' | 'withdrawn'; zh: string }> = {
  approve: { from: ['pending'], to: 'approved', zh: '批准' },
  reject: { from: ['pending'], to: 'rejected', zh: '驳回' },
  withdraw: { from: ['pending', 'approved'], to: 'withdrawn', zh: '撤销' },
};
const STATUS_ZH: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '已驳回', withdrawn: '已撤销' };

/**
 * approve / reject (payment.approve, not the author) or withdraw (billing.manage). Lines already
 * billed keep the discount they were billed with; a withdrawn rule stops applying to new lines.
 */
export async function decideDiscountRule(db: Db, clock: Clock, actor: Actor, id: string, action: 'approve' | 'reject' | 'withdraw') {
  return db.transaction(async (tx) => {
    const [locked] = await rows<{ id: string }>(tx, sql`SELECT id FROM discount_rules WHERE id = ${id}::uuid FOR UPDATE`);
    const [rule] = locked ? await tx.select().from(discountRules).where(eq(discountRules.id, id)) : [];
    if (!rule) throw new AppError('NOT_FOUND', { what: '优惠规则' });
    await communityFor(tx, actor, rule.communityId, action === 'withdraw' ? 'billing.manage' : 'payment.approve');
    const t = TRANSITIONS[action];
    if (!t.from.includes(rule.status)) throw new AppError('ILLEGAL_TRANSITION', { from: STATUS_ZH[rule.status], fromEn: rule.status, action: t.zh, actionEn: action });
    if (action !== 'withdraw' && rule.createdBy === actor.userId) throw new AppError('APPROVER_MUST_DIFFER');
    const now = clock.now();
    const [done] = await tx
      .update(discountRules)
      .set({ status: t.to, ...(action === 'withdraw' ? {} : { decidedBy: actor.userId, decidedAt: now }) })
      .where(eq(discountRules.id, id))
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: rule.communityId, action: `billing.discount.${action}`, subjectType: 'discount_rule', subjectId: id, data: { kind: rule.kind, name: rule.name } });
    await emit(tx, { type: `billing.discount.${t.to}`, companyId: actor.companyId, communityId: rule.communityId, subjectType: 'discount_rule', subjectId: id });
    return done;
  });
}

export async function listDiscountRules(db: Db, actor: Actor, communityId: string) {
  await communityFor(db, actor, communityId, 'billing.read');
  requirePermission(actor, 'billing.read', communityId);
  return db
    .select({ rule: discountRules, itemName: feeItems.name })
    .from(discountRules)
    .leftJoin(feeItems, eq(feeItems.id, discountRules.feeItemId))
    .where(and(eq(discountRules.communityId, communityId), ne(discountRules.status, 'rejected')))
    .orderBy(desc(discountRules.createdAt))
    .limit(500)
    .then((list) => list.map(({ rule, itemName }) => ({ ...rule, itemName })));
}

/** Mark a fee item as reduced by approved vacancy days (空置优惠适用). */
export async function setVacancyDiscountable(db: Db, actor: Actor, feeItemId: string, discountable: boolean) {
  const [item] = await db.select().from(feeItems).where(eq(feeItems.id, feeItemId));
  if (!item) throw new AppError('NOT_FOUND', { what: '收费项目' });
  await communityFor(db, actor, item.communityId, 'billing.manage');
  return db.transaction(async (tx) => {
    const [done] = await tx.update(feeItems).set({ vacancyDiscountable: discountable }).where(eq(feeItems.id, feeItemId)).returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: item.communityId, action: 'billing.feeItem.vacancy', subjectType: 'fee_item', subjectId: feeItemId, data: { discountable } });
    return done;
  });
}

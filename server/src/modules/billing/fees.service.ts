import { and, eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { rooms } from '../property/index.ts';
import { apportionPools, feeAssignments, feeItems, feeRates, meterReadings } from './billing.tables.ts';
import { communityFor, roomFor } from './access.ts';
import { refuseSanction } from './law.ts';
import { parsePeriod } from './period.ts';

type NewItem = Omit<typeof feeItems.$inferInsert, 'id' | 'createdAt'>;

async function itemFor(db: Db, actor: Actor, id: string) {
  const [item] = await db.select().from(feeItems).where(eq(feeItems.id, id));
  if (!item) throw new AppError('NOT_FOUND', { what: '收费项目' });
  await communityFor(db, actor, item.communityId, 'billing.manage');
  return item;
}

/** 收费项目: refuses anything that would be a fine or a utility cut-off (R-LAW-1). */
export async function createFeeItem(db: Db, actor: Actor, input: NewItem) {
  await communityFor(db, actor, input.communityId, 'billing.manage');
  refuseSanction(input.name, input.code);
  if ((input.formula === 'metered' || input.formula === 'apportioned') && (input.cycleMonths ?? 1) !== 1) {
    throw new AppError('VALIDATION_FAILED', { reason: 'metered and apportioned items bill monthly' });
  }
  return db.transaction(async (tx) => {
    const [item] = await tx.insert(feeItems).values(input).returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: item.communityId, action: 'billing.feeItem.create', subjectType: 'fee_item', subjectId: item.id, data: { ...input } });
    await emit(tx, { type: 'billing.feeItem.created', companyId: actor.companyId, communityId: item.communityId, subjectType: 'fee_item', subjectId: item.id });
    return item;
  });
}

export interface RateInput {
  effectiveFrom: string;
  priceFenX100: number;
  tiers?: Array<{ upTo: number | null; priceFenX100: number }>;
}

/** A new rate version; the previous one ends the day before (versions never overlap). */
export async function addRate(db: Db, actor: Actor, feeItemId: string, input: RateInput) {
  const item = await itemFor(db, actor, feeItemId);
  const tiers = input.tiers ?? [];
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i];
    const prev = i > 0 ? tiers[i - 1].upTo : 0;
    if ((t.upTo === null && i !== tiers.length - 1) || (t.upTo !== null && prev !== null && t.upTo <= prev)) {
      throw new AppError('VALIDATION_FAILED', { reason: 'tiers must ascend and only the last may be open' });
    }
  }
  if (tiers.length && item.formula !== 'metered') throw new AppError('VALIDATION_FAILED', { reason: 'tiers apply to metered items only' });
  return db.transaction(async (tx) => {
    const [rate] = await tx
      .insert(feeRates)
      .values({ communityId: item.communityId, feeItemId, effectiveFrom: input.effectiveFrom, priceFenX100: input.priceFenX100, tiers })
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: item.communityId, action: 'billing.rate.add', subjectType: 'fee_item', subjectId: feeItemId, data: { ...input } });
    await emit(tx, { type: 'billing.rate.added', companyId: actor.companyId, communityId: item.communityId, subjectType: 'fee_item', subjectId: feeItemId });
    return rate;
  });
}

export interface AssignInput {
  scope: 'community' | 'building' | 'use' | 'room';
  buildingId?: string;
  roomUse?: 'residential' | 'commercial' | 'parking';
  roomId?: string;
  coefficient?: string;
  effectiveFrom: string;
  effectiveTo?: string;
}

export async function assignFeeItem(db: Db, actor: Actor, feeItemId: string, input: AssignInput) {
  const item = await itemFor(db, actor, feeItemId);
  if (input.roomId) {
    const room = await roomFor(db, actor, input.roomId, 'billing.manage');
    if (room.communityId !== item.communityId) throw new AppError('NOT_FOUND', { what: '房屋' });
  }
  return db.transaction(async (tx) => {
    const [a] = await tx
      .insert(feeAssignments)
      .values({
        communityId: item.communityId,
        feeItemId,
        scope: input.scope,
        buildingId: input.scope === 'building' ? input.buildingId : null,
        roomUse: input.scope === 'use' ? input.roomUse : null,
        roomId: input.scope === 'room' ? input.roomId : null,
        coefficient: input.coefficient ?? '1',
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
      })
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: item.communityId, action: 'billing.assignment.add', subjectType: 'fee_item', subjectId: feeItemId, data: { ...input } });
    await emit(tx, { type: 'billing.assignment.added', companyId: actor.companyId, communityId: item.communityId, subjectType: 'fee_item', subjectId: feeItemId });
    return a;
  });
}

/** 抄表: one reading per room, item and period. */
export async function recordReading(db: Db, actor: Actor, input: { roomId: string; feeItemId: string; period: string; reading: string }) {
  parsePeriod(input.period);
  const item = await itemFor(db, actor, input.feeItemId);
  if (item.formula !== 'metered') throw new AppError('VALIDATION_FAILED', { reason: 'not a metered item' });
  const [room] = await db.select().from(rooms).where(and(eq(rooms.id, input.roomId), eq(rooms.communityId, item.communityId)));
  if (!room) throw new AppError('NOT_FOUND', { what: '房屋' });
  return db.transaction(async (tx) => {
    const [r] = await tx.insert(meterReadings).values({ communityId: item.communityId, ...input }).returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: item.communityId, action: 'billing.reading.record', subjectType: 'room', subjectId: input.roomId, data: { ...input } });
    await emit(tx, { type: 'billing.reading.recorded', companyId: actor.companyId, communityId: item.communityId, subjectType: 'room', subjectId: input.roomId });
    return r;
  });
}

/** 公摊: the period's shared usage of an apportioned item (shared by area on the run). */
export async function setApportionPool(db: Db, actor: Actor, input: { feeItemId: string; period: string; totalUsage: string }) {
  parsePeriod(input.period);
  const item = await itemFor(db, actor, input.feeItemId);
  if (item.formula !== 'apportioned') throw new AppError('VALIDATION_FAILED', { reason: 'not an apportioned item' });
  return db.transaction(async (tx) => {
    const [p] = await tx.insert(apportionPools).values({ communityId: item.communityId, ...input }).returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: item.communityId, action: 'billing.pool.set', subjectType: 'fee_item', subjectId: item.id, data: { ...input } });
    await emit(tx, { type: 'billing.pool.set', companyId: actor.companyId, communityId: item.communityId, subjectType: 'fee_item', subjectId: item.id });
    return p;
  });
}

export async function listFeeItems(db: Db, actor: Actor, communityId: string) {
  await communityFor(db, actor, communityId, 'billing.read');
  const items = await db.select().from(feeItems).where(eq(feeItems.communityId, communityId)).orderBy(feeItems.code);
  const rates = await db.select().from(feeRates).where(eq(feeRates.communityId, communityId)).orderBy(feeRates.effectiveFrom);
  const assigns = await db.select().from(feeAssignments).where(eq(feeAssignments.communityId, communityId));
  return items.map((i) => ({ ...i, rates: rates.filter((r) => r.feeItemId === i.id), assignments: assigns.filter((a) => a.feeItemId === i.id) }));
}

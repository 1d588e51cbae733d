import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { commonAreas, equipment } from './property.tables.ts';
import { buildingIn } from './structure.repository.ts';

export type EquipmentRow = typeof equipment.$inferSelect;
export interface EquipmentFilter {
  kind?: EquipmentRow['kind'];
  status?: EquipmentRow['status'];
  buildingId?: string;
}

export const equipmentView = (e: EquipmentRow) => ({
  id: e.id,
  communityId: e.communityId,
  code: e.code,
  name: e.name,
  kind: e.kind,
  buildingId: e.buildingId,
  commonAreaId: e.commonAreaId,
  location: e.location,
  model: e.model,
  status: e.status,
  installedOn: e.installedOn,
});

export function equipmentConditions(communityId: string, f: EquipmentFilter): SQL {
  return and(eq(equipment.communityId, communityId), f.kind ? eq(equipment.kind, f.kind) : undefined, f.status ? eq(equipment.status, f.status) : undefined, f.buildingId ? eq(equipment.buildingId, f.buildingId) : undefined)!;
}

export async function listEquipment(db: Db, communityId: string, f: EquipmentFilter, limit: number, afterId: string | null) {
  const list = await db
    .select()
    .from(equipment)
    .where(and(equipmentConditions(communityId, f), afterId ? gt(equipment.id, afterId) : undefined))
    .orderBy(asc(equipment.id))
    .limit(limit + 1);
  const items = list.slice(0, limit);
  return { items, lastId: list.length > limit ? items[items.length - 1].id : null };
}

/** Where equipment stands must be a building / common area of the same community. */
export async function checkEquipmentPlace(db: Db, communityId: string, p: { buildingId?: string | null; commonAreaId?: string | null }) {
  if (p.buildingId) await buildingIn(db, communityId, p.buildingId);
  if (p.commonAreaId) {
    const [a] = await db.select({ id: commonAreas.id }).from(commonAreas).where(and(eq(commonAreas.id, p.commonAreaId), eq(commonAreas.communityId, communityId)));
    if (!a) throw new AppError('NOT_FOUND', { what: '公共区域' });
  }
}

import { and, eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { buildings } from './property.tables.ts';

/** A building of this community, or 404 (a building id of another community is "not found"). */
export async function buildingIn(db: Db, communityId: string, buildingId: string) {
  const [b] = await db.select().from(buildings).where(and(eq(buildings.id, buildingId), eq(buildings.communityId, communityId)));
  if (!b) throw new AppError('NOT_FOUND', { what: '楼栋' });
  return b;
}

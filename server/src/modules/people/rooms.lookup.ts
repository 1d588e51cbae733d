import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { buildings, rooms } from '../property/index.ts';

/**
 * Archive code (R-ARC-3): building-floor-room, e.g. "3-12-1201" (what the seed writes on each
 * folder). Where entrances repeat room numbers (1单元 101 and 2单元 101) the entrance follows
 * as "/2" so every folder code stays unique while sorting and prefix search by
 * building-floor-room keep working.
 */
export const archiveCodeSql = sql<string>`${buildings.code} || '-' || ${rooms.floor} || '-' || ${rooms.number} || coalesce('/' || (select e.code from entrances e where e.id = ${rooms.entranceId}), '')`;
/** The same expression for raw SQL over rooms r joined to buildings b. */
export const ARCHIVE_CODE_RAW = `b.code || '-' || r.floor || '-' || r.number || coalesce('/' || (select e.code from entrances e where e.id = r.entrance_id), '')`;

const roomColumns = { id: rooms.id, communityId: rooms.communityId, code: rooms.code, archiveCode: archiveCodeSql, status: rooms.status };

/** A room of the actor's company, or null (foreign and unknown rooms look the same). */
export async function findRoom(db: Db, companyId: string, roomId: string) {
  const [r] = await db
    .select(roomColumns)
    .from(rooms)
    .innerJoin(buildings, eq(buildings.id, rooms.buildingId))
    .innerJoin(communities, eq(communities.id, rooms.communityId))
    .where(and(eq(rooms.id, roomId), eq(communities.companyId, companyId)));
  return r ?? null;
}

export async function roomsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select(roomColumns).from(rooms).innerJoin(buildings, eq(buildings.id, rooms.buildingId)).where(inArray(rooms.id, ids));
}

/** Room ids by room code within one community (import). */
export async function roomsByCode(db: Db, communityId: string) {
  const rows = await db.select({ id: rooms.id, code: rooms.code }).from(rooms).where(eq(rooms.communityId, communityId));
  return new Map(rows.map((r) => [r.code, r.id]));
}

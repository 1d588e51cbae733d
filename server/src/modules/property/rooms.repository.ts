import { and, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { areaOut } from './area.ts';
import { buildings, entrances, rooms } from './property.tables.ts';

export type RoomRow = typeof rooms.$inferSelect;

export interface RoomFilter {
  q?: string;
  buildingId?: string;
  entranceId?: string;
  status?: string;
  use?: string;
  /** Owners: only these rooms. */
  onlyIds?: string[];
}

export function roomView(r: RoomRow) {
  return {
    id: r.id,
    communityId: r.communityId,
    code: r.code,
    buildingId: r.buildingId,
    entranceId: r.entranceId,
    floor: r.floor,
    number: r.number,
    areaM2: areaOut(r.areaM2)!,
    indoorAreaM2: areaOut(r.indoorAreaM2),
    use: r.use,
    status: r.status,
  };
}
export type RoomView = ReturnType<typeof roomView>;

/**
 * Code search by whole segments: "3" → building 3, "3-2" → building 3 entrance 2, "3-2-1201" →
 * that room. The LIKE 'q%' range is what the text_pattern_ops index (community_id, code) serves;
 * the second condition drops "3-20-…" when asking for "3-2".
 */
export function codeSearch(q: string): SQL {
  const literal = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  return and(like(rooms.code, `${literal}%`), or(eq(rooms.code, q), like(rooms.code, `${literal}-%`)))!;
}

export function roomConditions(communityId: string, f: RoomFilter): SQL {
  const conds: SQL[] = [eq(rooms.communityId, communityId)];
  // "3-2-" means the same as "3-2" (people type the separator before the next segment).
  const q = f.q?.trim().replace(/-+$/, '');
  if (q) conds.push(codeSearch(q));
  if (f.buildingId) conds.push(eq(rooms.buildingId, f.buildingId));
  if (f.entranceId) conds.push(eq(rooms.entranceId, f.entranceId));
  if (f.status) conds.push(eq(rooms.status, f.status as RoomRow['status']));
  if (f.use) conds.push(eq(rooms.use, f.use as RoomRow['use']));
  if (f.onlyIds) conds.push(f.onlyIds.length ? inArray(rooms.id, f.onlyIds) : sql`false`);
  return and(...conds)!;
}

/** Natural room order (1-1-201 before 1-1-1001), the same on every server locale: see migration room_sort_key. */
export const roomOrder = [sql`${rooms.sortKey} collate "C"`, sql`${rooms.code} collate "C"`];

/** Where a page stopped: the last room's natural sort key and code (the code breaks ties). */
export interface RoomPosition {
  sortKey: string;
  code: string;
}

/** One page in natural code order; keyset pagination on (sort key, code) — no offset, no count. */
export async function listRooms(db: Db, communityId: string, f: RoomFilter, limit: number, after: RoomPosition | null) {
  const base = roomConditions(communityId, f);
  const where = after === null ? base : and(base, sql`(${rooms.sortKey} collate "C", ${rooms.code} collate "C") > (${after.sortKey}, ${after.code})`)!;
  const list = await db.select().from(rooms).where(where).orderBy(...roomOrder).limit(limit + 1);
  const more = list.length > limit;
  const items = more ? list.slice(0, limit) : list;
  const last = items[items.length - 1];
  return { items, last: more ? { sortKey: last.sortKey, code: last.code } : null };
}

export async function findRoom(db: Db, roomId: string): Promise<RoomRow | null> {
  const [r] = await db.select().from(rooms).where(eq(rooms.id, roomId));
  return r ?? null;
}

/** Room with its building and entrance names (detail page). */
export async function roomWithPlace(db: Db, roomId: string) {
  const [r] = await db
    .select({ room: rooms, buildingName: buildings.name, buildingCode: buildings.code, entranceName: entrances.name, entranceCode: entrances.code })
    .from(rooms)
    .innerJoin(buildings, eq(buildings.id, rooms.buildingId))
    .leftJoin(entrances, eq(entrances.id, rooms.entranceId))
    .where(eq(rooms.id, roomId));
  return r ?? null;
}

export async function roomsByIds(db: Db, ids: string[]): Promise<RoomView[]> {
  if (ids.length === 0) return [];
  return (await db.select().from(rooms).where(inArray(rooms.id, ids)).orderBy(...roomOrder)).map(roomView);
}

export async function getRoom(db: Db, roomId: string): Promise<RoomView | null> {
  const r = await findRoom(db, roomId);
  return r ? roomView(r) : null;
}

/** For other modules: the room exists and belongs to the community, else 404 (never "it's elsewhere"). */
export async function assertRoomInCommunity(db: Db, roomId: string, communityId: string): Promise<RoomView> {
  const r = await findRoom(db, roomId);
  if (!r || r.communityId !== communityId) throw new AppError('NOT_FOUND', { what: '房屋' });
  return roomView(r);
}

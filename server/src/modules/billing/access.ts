import { eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { ownsRoom, requirePermission, type Actor, type Permission } from '../../kernel/permissions/index.ts';
import { rooms } from '../property/index.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';

/**
 * Loads a room the actor may act on with `perm`: staff by community permission, owners only
 * their own rooms (with `owner.self`). Anything else answers 404 — never reveal a foreign room.
 */
export async function roomFor(db: Db, actor: Actor, roomId: string, perm: Permission) {
  const [row] = await db.select({ room: rooms, companyId: communities.companyId }).from(rooms).innerJoin(communities, eq(communities.id, rooms.communityId)).where(eq(rooms.id, roomId));
  const room = row?.companyId === actor.companyId ? row.room : undefined;
  if (!room) throw new AppError('NOT_FOUND', { what: '房屋' });
  if (actor.kind === 'owner') {
    if (!ownsRoom(actor, roomId)) throw new AppError('NOT_FOUND', { what: '房屋' });
    requirePermission(actor, 'owner.self', room.communityId, '房屋');
    return room;
  }
  requirePermission(actor, perm, room.communityId, '房屋');
  return room;
}

/** Community-level check that also pins the community to the actor's company. */
export async function communityFor(db: Db, actor: Actor, communityId: string, perm: Permission) {
  const [c] = await db.select().from(communities).where(eq(communities.id, communityId));
  if (!c || c.companyId !== actor.companyId) throw new AppError('NOT_FOUND', { what: '小区' });
  requirePermission(actor, perm, communityId);
  return c;
}

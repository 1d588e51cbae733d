import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { communityOf, isCompanyWide, ownsRoom, requirePermission, type Actor, type Permission } from '../../kernel/permissions/index.ts';

/**
 * Refuses unless the actor holds `perm` in the community. Company-wide permissions are valid
 * only inside the actor's own company, so for those the community's company is checked too.
 */
export async function requireCommunityPermission(db: Db, actor: Actor, communityId: string, perm: Permission, what = '小区'): Promise<void> {
  if (isCompanyWide(actor)) await communityOf(db, actor, communityId);
  requirePermission(actor, perm, communityId, what);
}

/**
 * Read access to one record of a community: staff need `property.read` there; owners may read
 * only their own rooms (roomId given). Everything else answers 404 so ids of other tenants
 * reveal nothing.
 */
export async function requirePropertyRead(db: Db, actor: Actor, communityId: string, what: string, roomId?: string): Promise<void> {
  if (actor.kind === 'owner') {
    if (roomId && ownsRoom(actor, roomId)) return;
    throw new AppError('NOT_FOUND', { what });
  }
  try {
    await requireCommunityPermission(db, actor, communityId, 'property.read', what);
  } catch (err) {
    // A visible community without property.read is still "not yours to see" for a single record.
    if (err instanceof AppError && err.code === 'FORBIDDEN') throw new AppError('NOT_FOUND', { what });
    throw err;
  }
}

/** Writes: readable first (404 otherwise), then property.manage (403). */
export async function requirePropertyWrite(db: Db, actor: Actor, communityId: string, what: string): Promise<void> {
  await requirePropertyRead(db, actor, communityId, what);
  requirePermission(actor, 'property.manage', communityId, what);
}

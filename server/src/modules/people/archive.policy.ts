import { and, eq, gt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { can, isCompanyWide, type Actor } from '../../kernel/permissions/index.ts';
import { borrowingRequests } from './protection.tables.ts';

/** How an actor may read a record: customer-service permission, or a covering borrowing request. */
export type ArchiveGrant = { via: 'permission'; communityId: string } | { via: 'borrowing'; communityId: string; requestId: string };

export interface ArchiveTarget {
  /** Communities the record belongs to (a person may hold rooms in several). */
  communityIds: string[];
  personId?: string;
  roomIds: string[];
}

/**
 * Staff with archive.read read details directly; everyone else (engineer, guard, finance,
 * inspector …) only while an approved request covers the record and `now` is inside its period.
 * Checked at read time, so expiry revokes access without any job.
 */
export async function archiveGrant(db: Db, actor: Actor, target: ArchiveTarget, now: Date): Promise<ArchiveGrant | null> {
  if (actor.kind !== 'staff') return null;
  for (const c of target.communityIds) if (can(actor, 'archive.read', c)) return { via: 'permission', communityId: c };
  if (target.communityIds.length === 0) return null;
  const covers = [sql`${borrowingRequests.scope} = 'community'`];
  if (target.personId) covers.push(sql`${target.personId}::uuid = any(${borrowingRequests.personIds})`);
  if (target.roomIds.length) covers.push(sql`${borrowingRequests.roomIds} && array[${sql.join(target.roomIds.map((r) => sql`${r}::uuid`), sql`, `)}]`);
  const [hit] = await db
    .select({ id: borrowingRequests.id, communityId: borrowingRequests.communityId })
    .from(borrowingRequests)
    .where(
      and(
        eq(borrowingRequests.requesterId, actor.userId),
        eq(borrowingRequests.status, 'approved'),
        sql`${borrowingRequests.communityId} in (${sql.join(target.communityIds.map((c) => sql`${c}::uuid`), sql`, `)})`,
        lte(borrowingRequests.validFrom, now),
        gt(borrowingRequests.validTo, now),
        or(...covers),
      ),
    )
    .limit(1);
  return hit ? { via: 'borrowing', communityId: hit.communityId, requestId: hit.id } : null;
}

/** The grant, or 404 when the actor cannot see the communities at all, 403 otherwise. */
export async function requireArchiveGrant(db: Db, actor: Actor, target: ArchiveTarget, now: Date, what: string): Promise<ArchiveGrant> {
  const g = await archiveGrant(db, actor, target, now);
  if (g) return g;
  const sees = actor.kind === 'staff' && (isCompanyWide(actor) || target.communityIds.some((c) => actor.communityPermissions.has(c)));
  if (!sees) throw new AppError('NOT_FOUND', { what });
  throw new AppError('ARCHIVE_ACCESS_DENIED');
}

/** A permission held in any of the record's communities; returns that community. */
export function permittedCommunity(actor: Actor, perm: Parameters<typeof can>[1], communityIds: string[]): string | null {
  return communityIds.find((c) => can(actor, perm, c)) ?? null;
}

/** Like requirePermission over several communities: the first where `perm` is held, else 404/403. */
export function requireAnyPermission(actor: Actor, perm: Parameters<typeof can>[1], communityIds: string[], what: string): string {
  const c = permittedCommunity(actor, perm, communityIds);
  if (c) return c;
  const sees = actor.kind === 'staff' && (isCompanyWide(actor) || communityIds.some((id) => actor.communityPermissions.has(id)));
  if (!sees) throw new AppError('NOT_FOUND', { what });
  throw new AppError('FORBIDDEN', { permission: perm });
}

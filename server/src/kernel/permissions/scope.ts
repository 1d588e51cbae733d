import { and, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors/index.ts';
import { communities } from '../tenancy/tenancy.tables.ts';
import { can, isCompanyWide, type Actor } from './actor.ts';
import type { Permission } from './catalog.ts';

/**
 * The one helper every query goes through for tenant isolation (R-ORG-1):
 * a SQL condition limiting `column` (a community_id) to what the actor may see with `perm`.
 */
export function communityScope(actor: Actor, column: AnyColumn | SQL, perm: Permission): SQL {
  if (actor.kind === 'owner') {
    const ids = can(actor, perm) ? [...new Set(actor.rooms.map((r) => r.communityId))] : [];
    return ids.length ? sql`${column} in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})` : sql`false`;
  }
  if (actor.companyPermissions.has(perm)) {
    return sql`${column} in (select id from communities where company_id = ${actor.companyId})`;
  }
  const ids = [...actor.communityPermissions.entries()].filter(([, p]) => p.has(perm)).map(([id]) => id);
  return ids.length ? sql`${column} in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})` : sql`false`;
}

/** Communities the actor may see (any permission), as rows. */
export async function visibleCommunities(db: Db, actor: Actor) {
  if (isCompanyWide(actor)) return db.select().from(communities).where(eq(communities.companyId, actor.companyId)).orderBy(communities.code);
  const ids = actor.kind === 'owner' ? actor.rooms.map((r) => r.communityId) : [...actor.communityPermissions.keys()];
  if (ids.length === 0) return [];
  return db
    .select()
    .from(communities)
    .where(and(eq(communities.companyId, actor.companyId), inArray(communities.id, [...new Set(ids)])))
    .orderBy(communities.code);
}

/**
 * Refuses unless the actor holds `perm` in the community. A community the actor cannot see
 * at all answers 404 (never reveal that it exists); a visible one without the permission 403.
 */
export function requirePermission(actor: Actor, perm: Permission, communityId: string, what = '小区'): void {
  if (can(actor, perm, communityId)) return;
  const sees =
    actor.kind === 'owner'
      ? actor.rooms.some((r) => r.communityId === communityId)
      : isCompanyWide(actor) || actor.communityPermissions.has(communityId);
  if (!sees) throw new AppError('NOT_FOUND', { what });
  throw new AppError('FORBIDDEN', { permission: perm });
}

/** Company-wide check for actions with no community (users, roles, calendars of the company). */
export function requireCompanyPermission(actor: Actor, perm: Permission): void {
  if (actor.kind === 'staff' && actor.companyPermissions.has(perm)) return;
  throw new AppError('FORBIDDEN', { permission: perm });
}

/** Loads a community of the actor's company, or 404. Company-wide actors see all of them. */
export async function communityOf(db: Db, actor: Actor, communityId: string) {
  const [row] = await db.select().from(communities).where(and(eq(communities.id, communityId), eq(communities.companyId, actor.companyId)));
  if (!row) throw new AppError('NOT_FOUND', { what: '小区' });
  return row;
}

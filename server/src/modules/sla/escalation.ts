import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { users } from '../../kernel/auth/auth.tables.ts';
import { roles, userRoles } from '../../kernel/permissions/index.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';

/**
 * Who a breach goes to: the community's department supervisors, then its manager.
 * Company-wide roles are not paged for every community's breach.
 */
export async function staffWithRole(db: Db, communityId: string, roleCodes: string[]): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.communityId, communityId), inArray(roles.code, roleCodes), eq(users.active, true)));
  return rows.map((r) => r.id);
}

export const supervisorsOf = (db: Db, communityId: string) => staffWithRole(db, communityId, ['supervisor']);
export const managersOf = (db: Db, communityId: string) => staffWithRole(db, communityId, ['community_manager']);

/** Staff of the community in one department (for the 17:00 digest). */
export async function departmentStaff(db: Db, communityId: string): Promise<Array<{ id: string; department: string }>> {
  const rows = await db
    .selectDistinct({ id: users.id, department: users.department })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .innerJoin(communities, eq(communities.id, communityId))
    .where(and(or(eq(userRoles.communityId, communityId), isNull(userRoles.communityId)), eq(users.kind, 'staff'), eq(users.active, true), eq(users.companyId, communities.companyId)));
  return rows.filter((r) => r.department).map((r) => ({ id: r.id, department: r.department! }));
}

import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { users } from '../../kernel/auth/auth.tables.ts';
import { roles, userRoles } from '../../kernel/permissions/index.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';

/** Who holds which roles in which communities, as `staffIn` read it. */
export interface StaffIndex {
  /** The active staff holding any of `roleCodes` in the community, each once. */
  of(communityId: string, roleCodes: readonly string[]): string[];
}

/**
 * The staff holding any of `roleCodes` in each of `communityIds`, in one query: a sweep's batch of
 * escalations asks for the supervisors of many communities at once. Company-wide roles are not
 * paged for every community's breach.
 */
export async function staffIn(db: Db, communityIds: readonly string[], roleCodes: readonly string[]): Promise<StaffIndex> {
  const communityList = [...new Set(communityIds)];
  const found =
    communityList.length === 0 || roleCodes.length === 0
      ? []
      : await db
          .selectDistinct({ communityId: userRoles.communityId, role: roles.code, id: users.id })
          .from(userRoles)
          .innerJoin(roles, eq(roles.id, userRoles.roleId))
          .innerJoin(users, eq(users.id, userRoles.userId))
          .where(and(inArray(userRoles.communityId, communityList), inArray(roles.code, [...new Set(roleCodes)]), eq(users.active, true)));
  return { of: (communityId, codes) => [...new Set(found.filter((r) => r.communityId === communityId && codes.includes(r.role)).map((r) => r.id))] };
}

/** The active staff holding any of `roleCodes` in one community (staffIn for a single one). */
export async function staffWithRole(db: Db, communityId: string, roleCodes: string[]): Promise<string[]> {
  return (await staffIn(db, [communityId], roleCodes)).of(communityId, roleCodes);
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

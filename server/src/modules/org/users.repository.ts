import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { users } from '../../kernel/auth/index.ts';
import { roles, userRoles } from '../../kernel/permissions/index.ts';
import { maskPhone, type PiiCipher } from '../../kernel/crypto/index.ts';

export type UserRow = typeof users.$inferSelect;

export interface RoleGrant {
  roleId: string;
  roleCode: string;
  communityId: string | null;
}

export async function grantsOf(db: Db, userIds: string[]): Promise<Map<string, RoleGrant[]>> {
  const out = new Map<string, RoleGrant[]>();
  if (userIds.length === 0) return out;
  const list = await db
    .select({ userId: userRoles.userId, roleId: roles.id, roleCode: roles.code, communityId: userRoles.communityId })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(inArray(userRoles.userId, userIds))
    .orderBy(asc(roles.code));
  for (const g of list) {
    const arr = out.get(g.userId) ?? [];
    arr.push({ roleId: g.roleId, roleCode: g.roleCode, communityId: g.communityId });
    out.set(g.userId, arr);
  }
  return out;
}

/** What every response shows of a user: the phone only masked, never the hash. */
export function userView(pii: PiiCipher, u: UserRow, grants: RoleGrant[]) {
  return {
    id: u.id,
    username: u.username,
    name: u.displayName,
    kind: u.kind,
    department: u.department,
    skills: u.skills,
    phone: u.phoneEnc ? maskPhone(pii.decrypt(u.phoneEnc)) : null,
    active: u.active,
    roles: grants.map((g) => ({ roleCode: g.roleCode, communityId: g.communityId })),
  };
}

/** Staff of the company, optionally only those holding a role in one community (or in any of `communityIds`). */
export async function listUsers(db: Db, companyId: string, where: { communityIds?: string[] | null }, limit: number, afterId: string | null) {
  const conds: SQL[] = [eq(users.companyId, companyId), eq(users.kind, 'staff')];
  if (where.communityIds) {
    if (where.communityIds.length === 0) return { items: [], lastId: null };
    conds.push(sql`exists (select 1 from ${userRoles} ur where ur.user_id = ${users.id} and ur.community_id in (${sql.join(where.communityIds.map((c) => sql`${c}::uuid`), sql`, `)}))`);
  }
  if (afterId) conds.push(gt(users.id, afterId));
  const list = await db.select().from(users).where(and(...conds)).orderBy(asc(users.id)).limit(limit + 1);
  const items = list.slice(0, limit);
  return { items, lastId: list.length > limit ? items[items.length - 1].id : null };
}

export async function findStaff(db: Db, companyId: string, userId: string): Promise<UserRow | null> {
  const [u] = await db.select().from(users).where(and(eq(users.id, userId), eq(users.companyId, companyId)));
  return u ?? null;
}

import type { Db } from '../db/client.ts';
import { hashPassword, type PiiCipher } from '../crypto/index.ts';
import { companies, communities } from '../tenancy/tenancy.tables.ts';
import { users } from '../auth/auth.tables.ts';
import { userRoles, seedDefaultRoles } from '../permissions/index.ts';

export const TEST_PASSWORD = 'pass1234';
let cachedHash: Promise<string> | null = null;
/** One scrypt hash per process: tests create many users. */
export const testPasswordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

export async function makeCompany(db: Db, name = '测试物业有限公司') {
  const [c] = await db.insert(companies).values({ name }).returning();
  const roleIds = await seedDefaultRoles(db, c.id);
  return { company: c, roleIds };
}

export async function makeCommunity(db: Db, companyId: string, overrides: Partial<typeof communities.$inferInsert> = {}) {
  const [c] = await db
    .insert(communities)
    .values({ companyId, code: overrides.code ?? `C${Math.random().toString(36).slice(2, 7)}`, name: overrides.name ?? '测试小区', ...overrides })
    .returning();
  return c;
}

export interface MakeUser {
  companyId: string;
  username?: string;
  name?: string;
  kind?: 'staff' | 'owner';
  phone?: string;
  personId?: string;
  department?: string;
  skills?: string[];
  /** role code → community id (null = company-wide) */
  roles: Array<[string, string | null]>;
}

export async function makeUser(db: Db, pii: PiiCipher, roleIds: Map<string, string>, u: MakeUser) {
  const [user] = await db
    .insert(users)
    .values({
      companyId: u.companyId,
      kind: u.kind ?? 'staff',
      username: u.kind === 'owner' ? null : (u.username ?? `u${Math.random().toString(36).slice(2, 9)}`),
      displayName: u.name ?? u.username ?? '测试用户',
      passwordHash: await testPasswordHash(),
      phoneEnc: u.phone ? pii.encrypt(u.phone) : null,
      phoneBidx: u.phone ? pii.blindIndex('phone', u.phone) : null,
      personId: u.personId ?? null,
      department: u.department ?? null,
      skills: u.skills ?? [],
    })
    .returning();
  for (const [code, communityId] of u.roles) {
    const roleId = roleIds.get(code);
    if (!roleId) throw new Error(`unknown role ${code}`);
    await db.insert(userRoles).values({ userId: user.id, roleId, communityId });
  }
  return user;
}

/**
 * The standard cast of tenancy tests: one company, communities A and B, and staff of
 * every kind in A plus a clerk in B. Usernames are what tests log in with.
 */
export async function seedStandardCompany(db: Db, pii: PiiCipher) {
  const { company, roleIds } = await makeCompany(db);
  const a = await makeCommunity(db, company.id, { code: 'A', name: '阳光花园' });
  const b = await makeCommunity(db, company.id, { code: 'B', name: '翠湖小区' });
  const mk = (username: string, role: string, community: string | null, extra: Partial<MakeUser> = {}) =>
    makeUser(db, pii, roleIds, { companyId: company.id, username, name: username, roles: [[role, community]], ...extra });
  const staff = {
    admin: await mk('admin', 'company_admin', null),
    managerA: await mk('manager-a', 'community_manager', a.id),
    clerkA: await mk('clerk-a', 'clerk', a.id, { department: 'customer_service' }),
    dispatcherA: await mk('dispatcher-a', 'dispatcher', a.id, { department: 'engineering' }),
    engineerA: await mk('engineer-a', 'engineer', a.id, { department: 'engineering', phone: '13900000011', skills: ['water_electric', 'civil'] }),
    supervisorA: await mk('supervisor-a', 'supervisor', a.id, { department: 'engineering' }),
    financeA: await mk('finance-a', 'finance', a.id, { department: 'finance' }),
    guardA: await mk('guard-a', 'security_guard', a.id, { department: 'security' }),
    archiveA: await mk('archive-a', 'archive_admin', a.id, { department: 'customer_service' }),
    clerkB: await mk('clerk-b', 'clerk', b.id, { department: 'customer_service' }),
    financeB: await mk('finance-b', 'finance', b.id, { department: 'finance' }),
  };
  return { company, roleIds, a, b, staff };
}

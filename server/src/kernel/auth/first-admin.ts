import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors/index.ts';
import { hashPassword } from '../crypto/index.ts';
import { companies } from '../tenancy/tenancy.tables.ts';
import { seedDefaultRoles, userRoles } from '../permissions/index.ts';
import { audit } from '../audit/index.ts';
import { users } from './auth.tables.ts';

export interface FirstAdmin {
  companyName: string;
  username: string;
  name: string;
  password: string;
}

/** Whether nobody can log in yet (outside demo mode there are no default accounts). */
export async function needsSetup(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row.n === 0;
}

/**
 * Creates the company, its default roles and the first administrator — only while the system
 * has no users at all, so a first-run page can never be used to take over a running system.
 */
export async function createFirstAdmin(db: Db, input: FirstAdmin): Promise<{ companyId: string; userId: string }> {
  if (input.password.length < 8) throw new AppError('VALIDATION_FAILED', { reason: '密码至少 8 位 / password needs at least 8 characters' });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE users IN EXCLUSIVE MODE`);
    if (!(await needsSetup(tx))) throw new AppError('CONFLICT', { reason: '系统已有用户 / the system already has users' });
    const [company] = await tx.insert(companies).values({ name: input.companyName }).returning();
    const roleIds = await seedDefaultRoles(tx, company.id);
    const [user] = await tx.insert(users).values({ companyId: company.id, kind: 'staff', username: input.username, displayName: input.name, passwordHash }).returning();
    await tx.insert(userRoles).values({ userId: user.id, roleId: roleIds.get('company_admin')!, communityId: null });
    await audit(tx, { actorId: user.id, companyId: company.id, action: 'setup.first_admin', subjectType: 'user', subjectId: user.id });
    return { companyId: company.id, userId: user.id };
  });
}

import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { DEFAULT_ROLES } from './catalog.ts';
import { roles } from './permissions.tables.ts';

/** Gives a new company the default roles of R-ORG-3 (idempotent); returns code → role id. */
export async function seedDefaultRoles(db: Db, companyId: string): Promise<Map<string, string>> {
  await db
    .insert(roles)
    .values(DEFAULT_ROLES.map((r) => ({ companyId, code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, scope: r.scope, permissions: [...r.permissions] })))
    .onConflictDoNothing();
  const rows = await db.select({ id: roles.id, code: roles.code }).from(roles).where(eq(roles.companyId, companyId));
  return new Map(rows.map((r) => [r.code, r.id]));
}

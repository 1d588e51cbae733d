import { pgTable, text, uuid, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, createdAt } from '../db/columns.ts';
import { companies, communities } from '../tenancy/tenancy.tables.ts';
import { users } from '../auth/auth.tables.ts';

/** Roles are data: role → permission strings, changeable without a release (R-ORG-3). */
export const roles = pgTable(
  'roles',
  {
    id: idColumn(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** company: granted company-wide; community: granted per community; owner: owners' own rooms. */
    scope: text('scope', { enum: ['company', 'community', 'owner'] }).notNull(),
    permissions: text('permissions').array().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('roles_company_code_uq').on(t.companyId, t.code)],
);

/** A user holds a role in one community, or company-wide when communityId is null. */
export const userRoles = pgTable(
  'user_roles',
  {
    id: idColumn(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id').notNull().references(() => roles.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('user_roles_uq').on(t.userId, t.roleId, t.communityId), index('user_roles_user_idx').on(t.userId)],
);

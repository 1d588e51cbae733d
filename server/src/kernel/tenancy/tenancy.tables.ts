import { pgTable, text, uuid, index, uniqueIndex, jsonb } from 'drizzle-orm/pg-core';
import { idColumn, createdAt, updatedAt } from '../db/columns.ts';

/** 物业公司: the tenant at the top. */
export const companies = pgTable('companies', {
  id: idColumn(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

/** 项目/小区: every business record belongs to exactly one (R-ORG-1). */
export const communities = pgTable(
  'communities',
  {
    id: idColumn(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    /** Per-community settings (dispatch modes, clocks overrides …) owned by the modules that read them. */
    settings: jsonb('settings').notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('communities_company_code_uq').on(t.companyId, t.code), index('communities_company_idx').on(t.companyId)],
);

import { pgTable, text, uuid, bigint, timestamp, index } from 'drizzle-orm/pg-core';
import { idColumn } from '../db/columns.ts';
import { companies, communities } from '../tenancy/tenancy.tables.ts';

/**
 * An uploaded file as a record (who, where, what). The bytes live once per content in the
 * blob storage under their sha256, so the same photo uploaded twice is stored once.
 */
export const files = pgTable(
  'files',
  {
    id: idColumn(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    sha256: text('sha256').notNull(),
    mime: text('mime').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    originalName: text('original_name').notNull().default(''),
    uploadedBy: uuid('uploaded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('files_community_idx').on(t.communityId), index('files_sha_idx').on(t.sha256)],
);

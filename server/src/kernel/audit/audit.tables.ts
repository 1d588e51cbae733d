import { pgTable, text, uuid, bigserial, jsonb, timestamp, index } from 'drizzle-orm/pg-core';

/** Append-only: a trigger (migration 0000 custom part) refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    companyId: uuid('company_id'),
    communityId: uuid('community_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    data: jsonb('data').notNull().default({}),
    requestId: text('request_id'),
  },
  (t) => [index('audit_subject_idx').on(t.subjectType, t.subjectId), index('audit_community_at_idx').on(t.communityId, t.at)],
);

import { pgTable, text, uuid, integer, doublePrecision, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn } from '../../kernel/db/columns.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';

/**
 * SLA rules of one community as data (R-DESK-3, R-WO-2/3/7): ordered, first match wins.
 * A community without rows uses the seed defaults (sla.defaults.ts). A rule matches a
 * clock of `subjectType` + `kind` when its category and urgency are null or equal.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    subjectType: text('subject_type').notNull(),
    kind: text('kind').notNull(),
    category: text('category'),
    urgency: text('urgency'),
    /** Exactly one of the two: calendar minutes or working days. */
    minutes: integer('minutes'),
    workingDays: integer('working_days'),
    milestones: doublePrecision('milestones').array().notNull().default([]),
    repeatEveryMinutes: integer('repeat_every_minutes'),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('sla_policies_position_uq').on(t.communityId, t.position)],
);

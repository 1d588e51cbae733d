import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, integer, bigint, jsonb, timestamp, doublePrecision, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, createdAt } from '../db/columns.ts';
import { communities } from '../tenancy/tenancy.tables.ts';
import { registerConstraint } from '../errors/index.ts';

/**
 * One promise about one subject (contract.ts). `next_fire_at` is the earliest pending
 * firing (milestone, breach or repeat), kept so the sweeper finds due clocks with one
 * index range scan; it is null when nothing is left to fire.
 */
export const deadlines = pgTable(
  'deadlines',
  {
    id: idColumn(),
    companyId: uuid('company_id'),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    kind: text('kind').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** The allowed time as given: exactly one of the two is set. */
    durationMinutes: integer('duration_minutes'),
    durationWorkingDays: integer('duration_working_days'),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    pausedMs: bigint('paused_ms', { mode: 'number' }).notNull().default(0),
    metAt: timestamp('met_at', { withTimezone: true }),
    breachedAt: timestamp('breached_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    // double precision: fractions such as 0.1 come back exactly as they were given
    milestones: doublePrecision('milestones').array().notNull().default([]),
    firedMilestones: doublePrecision('fired_milestones').array().notNull().default([]),
    repeatEveryMinutes: integer('repeat_every_minutes'),
    repeatCount: integer('repeat_count').notNull().default(0),
    nextFireAt: timestamp('next_fire_at', { withTimezone: true }),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('deadlines_due_idx').on(t.nextFireAt).where(sql`met_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND next_fire_at IS NOT NULL`),
    index('deadlines_subject_idx').on(t.subjectType, t.subjectId),
    // The breached clocks still open, in subject order: an overdue list walks them newest order
    // first and stops at its page (index-only); a clock due but not yet swept is found through
    // deadlines_due_idx (its next firing is at or before its due time).
    index('deadlines_breached_idx').on(t.subjectType, t.subjectId, t.communityId, t.kind).where(sql`met_at IS NULL AND cancelled_at IS NULL AND breached_at IS NOT NULL`),
    // One running clock per subject and kind; a met or cancelled one may be started again.
    uniqueIndex('deadlines_open_uq').on(t.subjectType, t.subjectId, t.kind).where(sql`met_at IS NULL AND cancelled_at IS NULL`),
  ],
);

registerConstraint('deadlines_open_uq', 'CONFLICT', { reason: '该计时已在进行 / this clock is already running' });

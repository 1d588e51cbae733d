import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, integer, bigint, date, jsonb, timestamp, index, check } from 'drizzle-orm/pg-core';
import { files } from '../../kernel/files/files.tables.ts';
import { idColumn, createdAt } from '../../kernel/db/columns.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { rooms } from '../property/property.tables.ts';
import { feeItems } from './billing.tables.ts';

/**
 * 违约金条款: late fees exist only where a contract term defines them (R-FEE-6, R-LAW-1).
 * `value` is fen (basis fixed) or ten-thousandths of the overdue amount (basis percent: 5 = 0.05%).
 */
export const lateFeeTerms = pgTable(
  'late_fee_terms',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').references(() => rooms.id),
    lateFeeItemId: uuid('late_fee_item_id').notNull().references(() => feeItems.id),
    clause: text('clause').notNull(),
    graceDays: integer('grace_days').notNull().default(0),
    mode: text('mode', { enum: ['once', 'daily'] }).notNull(),
    basis: text('basis', { enum: ['fixed', 'percent'] }).notNull(),
    value: integer('value').notNull(),
    capFen: bigint('cap_fen', { mode: 'number' }),
    createdAt: createdAt(),
  },
  (t) => [check('late_fee_terms_value_ck', sql`${t.value} > 0 and ${t.graceDays} >= 0`)],
);

/** 催缴 run: one stage sent to the rooms a preview showed; can be rolled back (letters withdrawn). */
export const dunningRuns = pgTable('dunning_runs', {
  id: idColumn(),
  communityId: uuid('community_id').notNull().references(() => communities.id),
  stage: text('stage', { enum: ['reminder', 'demand_letter', 'legal'] }).notNull(),
  minDaysOverdue: integer('min_days_overdue').notNull(),
  status: text('status', { enum: ['sent', 'rolled_back'] }).notNull().default('sent'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  rolledBackBy: uuid('rolled_back_by'),
  rolledBackAt: timestamp('rolled_back_at', { withTimezone: true }),
  rollbackReason: text('rollback_reason'),
});

export const dunningLetters = pgTable(
  'dunning_letters',
  {
    id: idColumn(),
    runId: uuid('run_id').notNull().references(() => dunningRuns.id),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    stage: text('stage').notNull(),
    overdueFen: bigint('overdue_fen', { mode: 'number' }).notNull(),
    oldestDueDate: date('oldest_due_date').notNull(),
    status: text('status', { enum: ['sent', 'withdrawn'] }).notNull().default('sent'),
    /** Demand letters: the generated PDF (owner name masked) kept as evidence, and what it said. */
    fileId: uuid('file_id').references(() => files.id),
    content: jsonb('content'),
    payBy: date('pay_by'),
    createdAt: createdAt(),
  },
  (t) => [index('dunning_letters_room_idx').on(t.roomId), index('dunning_letters_run_idx').on(t.runId)],
);

/** Every contact attempt, as evidence: channel, staff, time, outcome (R-FEE-6). */
export const dunningContacts = pgTable(
  'dunning_contacts',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    letterId: uuid('letter_id').references(() => dunningLetters.id),
    /** The letter's PDF when the attempt delivered one: the evidence of what was sent. */
    evidenceFileId: uuid('evidence_file_id').references(() => files.id),
    channel: text('channel', { enum: ['sms', 'app', 'phone', 'visit', 'letter', 'announcement'] }).notNull(),
    staffId: uuid('staff_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    outcome: text('outcome', { enum: ['reached', 'no_answer', 'promised', 'refused', 'disputed', 'delivered', 'returned'] }).notNull(),
    note: text('note'),
  },
  (t) => [index('dunning_contacts_room_idx').on(t.roomId)],
);

/** 公共收益 ledger (R-FEE-7): separate from fees; append-only; published to owners (R-LAW-2). */
export const publicIncomeEntries = pgTable(
  'public_income_entries',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    category: text('category', { enum: ['advertising', 'venue', 'parking', 'other_income', 'expense'] }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    occurredOn: date('occurred_on').notNull(),
    description: text('description').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('public_income_community_idx').on(t.communityId, t.occurredOn), check('public_income_amount_ck', sql`${t.amountFen} <> 0`)],
);

export const publicIncomePublications = pgTable('public_income_publications', {
  id: idColumn(),
  communityId: uuid('community_id').notNull().references(() => communities.id),
  fromDay: date('from_day').notNull(),
  toDay: date('to_day').notNull(),
  incomeFen: bigint('income_fen', { mode: 'number' }).notNull(),
  expenseFen: bigint('expense_fen', { mode: 'number' }).notNull(),
  publishedBy: uuid('published_by').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
});

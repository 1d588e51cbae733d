import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, bigserial, jsonb, timestamp, index } from 'drizzle-orm/pg-core';

/** Transactional outbox: written with the change, delivered after commit. */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    type: text('type').notNull(),
    companyId: uuid('company_id'),
    communityId: uuid('community_id'),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** Owners' rooms the event concerns, so live updates reach only those owners. */
    roomIds: uuid('room_ids').array().notNull().default([]),
    payload: jsonb('payload').notNull().default({}),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    attempts: text('attempts'),
  },
  (t) => [index('outbox_pending_idx').on(t.id).where(sql`dispatched_at is null`)],
);

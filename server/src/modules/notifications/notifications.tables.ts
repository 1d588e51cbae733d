import { pgTable, text, uuid, timestamp, index } from 'drizzle-orm/pg-core';
import { idColumn } from '../../kernel/db/columns.ts';
import { users } from '../../kernel/auth/auth.tables.ts';

export const CHANNELS = ['in_app', 'sms'] as const;
export const DELIVERY_STATES = ['queued', 'sent', 'failed', 'read'] as const;

/**
 * Every message to a person, with its delivery state (R-COM-2). In-app messages are
 * delivered when written; SMS ones are queued and handed to the SMS provider by the outbox.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: idColumn(),
    companyId: uuid('company_id'),
    communityId: uuid('community_id'),
    recipientId: uuid('recipient_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: CHANNELS }).notNull().default('in_app'),
    /** What it is about, for filtering and tests: 'sla.breach', 'workorder.dispatched' … */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    state: text('state', { enum: DELIVERY_STATES }).notNull().default('queued'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_recipient_idx').on(t.recipientId, t.id), index('notifications_subject_idx').on(t.subjectType, t.subjectId)],
);

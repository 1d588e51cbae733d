import { pgTable, text, uuid, boolean, timestamp, integer, index } from 'drizzle-orm/pg-core';
import { idColumn } from '../../kernel/db/columns.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';

export const CHANNELS = ['phone', 'walk_in', 'app', 'wechat', 'letter', 'staff', 'device', 'qr'] as const;
export const REQUEST_STATUSES = ['open', 'routed', 'resolved', 'closed', 'cancelled'] as const;

/** 报事/诉求 (R-DESK-1..5): what was asked, where, by whom, through which channel, taken by whom. */
export const requests = pgTable(
  'requests',
  {
    id: idColumn(),
    companyId: uuid('company_id').notNull(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id'),
    commonAreaId: uuid('common_area_id'),
    equipmentId: uuid('equipment_id'),
    location: text('location').notNull().default(''),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    description: text('description').notNull(),
    /** Normalised text hash for the identical-repeat guard. */
    descriptionKey: text('description_key').notNull(),
    contactPhoneEnc: text('contact_phone_enc'),
    contactPhoneMasked: text('contact_phone_masked'),
    photos: uuid('photos').array().notNull().default([]),
    category: text('category').notNull(),
    urgency: text('urgency').notNull(),
    proposedCategory: text('proposed_category').notNull(),
    proposedUrgency: text('proposed_urgency').notNull(),
    matched: text('matched').array().notNull().default([]),
    classifiedBy: uuid('classified_by'),
    classifiedAt: timestamp('classified_at', { withTimezone: true }),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('open'),
    /** The owner's account when filed from the app / QR. */
    reporterUserId: uuid('reporter_user_id'),
    /** 首问责任人: the staff member who received it (R-DESK-4). */
    firstContactId: uuid('first_contact_id'),
    /** Taken by the monitoring centre outside office hours (R-DESK-5). */
    afterHours: boolean('after_hours').notNull().default(false),
    handedOverAt: timestamp('handed_over_at', { withTimezone: true }),
    handedOverTo: uuid('handed_over_to'),
    workOrderId: uuid('work_order_id'),
    delayReason: text('delay_reason'),
    expectedAt: timestamp('expected_at', { withTimezone: true }),
    delayNotices: integer('delay_notices').notNull().default(0),
    reply: text('reply'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('requests_community_idx').on(t.communityId, t.id),
    index('requests_reporter_idx').on(t.reporterUserId, t.createdAt),
    index('requests_handover_idx').on(t.communityId, t.afterHours, t.handedOverAt),
  ],
);

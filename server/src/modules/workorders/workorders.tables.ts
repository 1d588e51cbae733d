import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, integer, bigint, boolean, jsonb, timestamp, date, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn } from '../../kernel/db/columns.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { users } from '../../kernel/auth/auth.tables.ts';
import { registerConstraint } from '../../kernel/errors/index.ts';

export const WO_STATUSES = [
  'new', 'accepted', 'dispatched', 'on_the_way', 'in_progress', 'waiting_parts', 'waiting_owner',
  'completed', 'signed_off', 'callback_done', 'closed', 'cancelled', 'returned',
] as const;
export type WoStatus = (typeof WO_STATUSES)[number];
/** States in which the order still counts towards a technician's open load. */
export const OPEN_FOR_ASSIGNEE: WoStatus[] = ['dispatched', 'on_the_way', 'in_progress', 'waiting_parts', 'waiting_owner'];

/** 工单 (R-WO-1..8). Times are business times from the injected clock. */
export const workOrders = pgTable(
  'work_orders',
  {
    id: idColumn(),
    companyId: uuid('company_id').notNull(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    /** Sequential form number per community (three-part form stub, R-WO-6): no gaps. */
    formNo: integer('form_no').notNull(),
    requestId: uuid('request_id'),
    roomId: uuid('room_id'),
    location: text('location').notNull().default(''),
    equipmentId: uuid('equipment_id'),
    type: text('type').notNull(),
    urgency: text('urgency').notNull(),
    scope: text('scope', { enum: ['common', 'household'] }).notNull(),
    /** 即时维修: on site within 15 minutes; otherwise an appointment. */
    repairNow: boolean('repair_now').notNull().default(false),
    appointmentAt: timestamp('appointment_at', { withTimezone: true }),
    description: text('description').notNull(),
    status: text('status', { enum: WO_STATUSES }).notNull().default('new'),
    assigneeId: uuid('assignee_id').references(() => users.id),
    /** Chain of handlers (转单 keeps it). */
    handlers: uuid('handlers').array().notNull().default([]),
    /** In the grab pool (抢单) waiting for a technician. */
    inPool: boolean('in_pool').notNull().default(false),
    reporterUserId: uuid('reporter_user_id'),
    createdBy: uuid('created_by'),
    photos: uuid('photos').array().notNull().default([]),
    etaAt: timestamp('eta_at', { withTimezone: true }),
    waitReason: text('wait_reason'),
    waitNote: text('wait_note'),
    summary: text('summary'),
    completionPhotos: uuid('completion_photos').array().notNull().default([]),
    signatureFileId: uuid('signature_file_id'),
    satisfaction: integer('satisfaction'),
    punctuality: integer('punctuality'),
    attitude: integer('attitude'),
    ratingComment: text('rating_comment'),
    callbackFixed: boolean('callback_fixed'),
    callbackSatisfaction: integer('callback_satisfaction'),
    reopenCount: integer('reopen_count').notNull().default(0),
    escalationLevel: integer('escalation_level').notNull().default(0),
    /** Elevator/fire jobs: operation record and test report (R-WO-5). */
    operationRecord: text('operation_record'),
    testReportFileId: uuid('test_report_file_id'),
    /** Household job price: service item, labour and materials quote, in fen. */
    serviceItemId: uuid('service_item_id'),
    quote: jsonb('quote').$type<Quote | null>(),
    chargeFen: bigint('charge_fen', { mode: 'number' }),
    chargeHandedAt: timestamp('charge_handed_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    /** 督导 (R-WO-7): the supervisor confirmed punctuality with the owner at the appointment time. */
    supervisedAt: timestamp('supervised_at', { withTimezone: true }),
    supervisedBy: uuid('supervised_by'),
    supervisionResult: text('supervision_result', { enum: ['on_time', 'late', 'not_reached'] }),
    supervisionLateMinutes: integer('supervision_late_minutes'),
    supervisionNote: text('supervision_note'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('work_orders_form_no_uq').on(t.communityId, t.formNo),
    index('work_orders_community_idx').on(t.communityId, t.id),
    index('work_orders_status_idx').on(t.communityId, t.status, t.id),
    index('work_orders_assignee_idx').on(t.assigneeId, t.status, t.id),
    index('work_orders_request_idx').on(t.requestId),
    index('work_orders_pool_idx').on(t.communityId, t.id).where(sql`in_pool`),
  ],
);
registerConstraint('work_orders_form_no_uq', 'CONFLICT', { reason: '表单编号重复 / duplicate form number' });

export interface Quote {
  serviceItemId: string | null;
  quantity: number;
  laborFen: number;
  materials: Array<{ name: string; quantity: number; unitFen: number }>;
  materialsFen: number;
  totalFen: number;
}

/** Timeline of every transition: who, when, from → to (R-WO-8). */
export const workOrderHistory = pgTable(
  'work_order_history',
  {
    id: idColumn(),
    workOrderId: uuid('work_order_id').notNull().references(() => workOrders.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: uuid('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('work_order_history_wo_idx').on(t.workOrderId, t.at)],
);

/** Next form number per community; incremented inside the creating transaction, so no gaps. */
export const formCounters = pgTable('work_order_form_counters', {
  communityId: uuid('community_id').primaryKey().references(() => communities.id, { onDelete: 'cascade' }),
  lastNo: integer('last_no').notNull(),
});

/** On-duty roster: who works which shift on which day. */
export const roster = pgTable(
  'duty_roster',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    shift: text('shift', { enum: ['day', 'night', 'all'] }).notNull().default('day'),
  },
  (t) => [uniqueIndex('duty_roster_uq').on(t.communityId, t.userId, t.date, t.shift), index('duty_roster_day_idx').on(t.communityId, t.date)],
);

/** Dispatch mode per community and work type (type null = the community default). */
export const dispatchSettings = pgTable(
  'dispatch_settings',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id, { onDelete: 'cascade' }),
    type: text('type'),
    mode: text('mode', { enum: ['assign', 'grab', 'round_robin'] }).notNull().default('assign'),
    maxOpenPerTechnician: integer('max_open_per_technician').notNull().default(10),
    /** Round-robin position: the technician who got the last order. */
    lastAssigneeId: uuid('last_assignee_id'),
  },
  (t) => [uniqueIndex('dispatch_settings_uq').on(t.communityId, sql`coalesce(${t.type}, '')`)],
);

/** Minimal paid-service catalogue for household jobs (full catalogue comes with R-SVC-2). */
export const serviceItems = pgTable(
  'service_items',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type'),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    unit: text('unit').notNull().default('次'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('service_items_code_uq').on(t.communityId, t.code)],
);
registerConstraint('service_items_code_uq', 'DUPLICATE', { what: '服务项目编号' });

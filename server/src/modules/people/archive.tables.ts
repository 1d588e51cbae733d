import { pgTable, text, uuid, integer, jsonb, timestamp, date, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, createdAt, updatedAt } from '../../kernel/db/columns.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { rooms } from '../property/property.tables.ts';
import { persons } from './people.tables.ts';

export const PACKAGE_KINDS = ['move_in', 'renovation', 'transfer'] as const;
export type PackageKind = (typeof PACKAGE_KINDS)[number];

/** Checklist items of a document package, per community (defaults seeded on first use, R-ARC-2). */
export const checklistItems = pgTable(
  'archive_checklist_items',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    packageKind: text('package_kind', { enum: PACKAGE_KINDS }).notNull(),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    required: boolean('required').notNull().default(true),
    active: boolean('active').notNull().default(true),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [uniqueIndex('checklist_items_uq').on(t.communityId, t.packageKind, t.code)],
);

/** A document package opened for a room: move-in at first ownership, one per transfer, one per renovation. */
export const roomPackages = pgTable(
  'archive_room_packages',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    packageKind: text('package_kind', { enum: PACKAGE_KINDS }).notNull(),
    openedOn: date('opened_on').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('room_packages_room_idx').on(t.roomId), index('room_packages_community_idx').on(t.communityId)],
);

/** One collected item of a package, with its scans/photos (kernel file ids). */
export const packageDocuments = pgTable(
  'archive_package_documents',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    packageId: uuid('package_id').notNull().references(() => roomPackages.id),
    itemId: uuid('item_id').notNull().references(() => checklistItems.id),
    fileIds: uuid('file_ids').array().notNull().default([]),
    note: text('note').notNull().default(''),
    receivedOn: date('received_on').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('package_documents_uq').on(t.packageId, t.itemId)],
);

/** 重点业户 profile (R-ARC-4): complaints and work orders are linked by reference id, never copied. */
export const keyOwnerProfiles = pgTable(
  'key_owner_profiles',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    personId: uuid('person_id').notNull().references(() => persons.id),
    birthday: date('birthday'),
    character: text('character').notNull().default(''),
    preferences: text('preferences').notNull().default(''),
    skills: text('skills').notNull().default(''),
    specialNeeds: text('special_needs').notNull().default(''),
    opinions: text('opinions').notNull().default(''),
    links: jsonb('links').$type<Array<{ kind: 'complaint' | 'work_order' | 'request'; refId: string }>>().notNull().default([]),
    updatedBy: uuid('updated_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('key_owner_profiles_person_uq').on(t.communityId, t.personId)],
);

export const EVENT_KINDS = ['major_complaint', 'liability_accident', 'legal_matter', 'quality_problem', 'contract_promise'] as const;

/** 重要事件 (R-ARC-5): filed only after the community manager has reviewed it. */
export const importantEvents = pgTable(
  'important_events',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    roomId: uuid('room_id').references(() => rooms.id),
    personId: uuid('person_id').references(() => persons.id),
    occurredOn: date('occurred_on').notNull(),
    links: jsonb('links').$type<Array<{ kind: 'complaint' | 'work_order' | 'request'; refId: string }>>().notNull().default([]),
    fileIds: uuid('file_ids').array().notNull().default([]),
    status: text('status', { enum: ['draft', 'submitted', 'filed', 'returned'] }).notNull().default('draft'),
    createdBy: uuid('created_by').notNull(),
    reviewerId: uuid('reviewer_id'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewNote: text('review_note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('important_events_community_idx').on(t.communityId, t.status)],
);

/** Archive check (R-ARC-7): the full check or a six-monthly random sample, with its drawn rooms. */
export const archiveAudits = pgTable(
  'archive_audits',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    kind: text('kind', { enum: ['full', 'sample'] }).notNull(),
    /** Half-year of a sample ('2026-H2') or the full check's date. */
    period: text('period').notNull(),
    roomTotal: integer('room_total').notNull(),
    sampleSize: integer('sample_size').notNull(),
    drawnBy: uuid('drawn_by').notNull(),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('archive_audits_period_uq').on(t.communityId, t.kind, t.period)],
);

export const archiveAuditRooms = pgTable(
  'archive_audit_rooms',
  {
    id: idColumn(),
    auditId: uuid('audit_id').notNull().references(() => archiveAudits.id),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    result: text('result', { enum: ['pending', 'pass', 'fail'] }).notNull().default('pending'),
    findings: text('findings').notNull().default(''),
    inspectorId: uuid('inspector_id'),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('archive_audit_rooms_uq').on(t.auditId, t.roomId), index('archive_audit_rooms_room_idx').on(t.roomId)],
);

import { pgTable, text, uuid, bigserial, jsonb, timestamp, boolean, index } from 'drizzle-orm/pg-core';
import { idColumn, createdAt } from '../../kernel/db/columns.ts';
import { companies, communities } from '../../kernel/tenancy/tenancy.tables.ts';

/**
 * Who looked at or took out owner data (R-ARC-6). Append-only: a trigger refuses UPDATE and
 * DELETE (migration archive_triggers) and no API changes it.
 */
export const archiveAccessLog = pgTable(
  'archive_access_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    communityId: uuid('community_id').references(() => communities.id),
    actorId: uuid('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    action: text('action', { enum: ['view', 'reveal', 'export', 'print', 'copy', 'import'] }).notNull(),
    personId: uuid('person_id'),
    roomId: uuid('room_id'),
    /** Which value was shown in full: 'phone' | 'idNumber' | 'all' (null: masked view). */
    field: text('field'),
    reason: text('reason'),
    /** Borrowing request that allowed the access, when the actor is outside customer service. */
    borrowingRequestId: uuid('borrowing_request_id'),
    detail: jsonb('detail').notNull().default({}),
    requestId: text('request_id'),
  },
  (t) => [
    index('access_log_person_idx').on(t.personId, t.at),
    index('access_log_room_idx').on(t.roomId, t.at),
    index('access_log_actor_idx').on(t.actorId, t.at),
    index('access_log_community_at_idx').on(t.communityId, t.at),
  ],
);

/** 文件借阅登记: staff outside customer service (or an outside party) asking to read archive records. */
export const borrowingRequests = pgTable(
  'borrowing_requests',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    requesterId: uuid('requester_id').notNull(),
    requesterName: text('requester_name').notNull(),
    purpose: text('purpose').notNull(),
    /** 'community' = the whole community's archive; 'records' = only roomIds / personIds. */
    scope: text('scope', { enum: ['community', 'records'] }).notNull(),
    roomIds: uuid('room_ids').array().notNull().default([]),
    personIds: uuid('person_ids').array().notNull().default([]),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }).notNull(),
    /** An outside party (court, police, bank …): the manager's written approval must be recorded. */
    external: boolean('external').notNull().default(false),
    externalParty: text('external_party'),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'cancelled'] }).notNull().default('pending'),
    approverId: uuid('approver_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    /** Written approval of the manager (external requests): a scanned file id and/or its text. */
    approvalFileId: uuid('approval_file_id'),
    approvalText: text('approval_text'),
    createdAt: createdAt(),
  },
  (t) => [index('borrowing_community_idx').on(t.communityId, t.status), index('borrowing_requester_idx').on(t.requesterId, t.status)],
);

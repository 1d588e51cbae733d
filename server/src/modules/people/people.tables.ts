import { pgTable, text, uuid, date, index, boolean, integer, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { idColumn, createdAt, updatedAt } from '../../kernel/db/columns.ts';
import { companies, communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { rooms } from '../property/property.tables.ts';

/**
 * A person known to the company (owner, co-owner, family member, tenant). Phone and ID
 * number exist only as AES-GCM ciphertext plus an HMAC blind index (R-ARC-6).
 */
export const persons = pgTable(
  'persons',
  {
    id: idColumn(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    /** Community whose customer-service centre keeps the archive (null: derived from occupancies). */
    communityId: uuid('community_id').references(() => communities.id),
    name: text('name').notNull(),
    gender: text('gender', { enum: ['male', 'female', 'unknown'] }).notNull().default('unknown'),
    /** Mirror of the primary phone in `person_phones` (kept for owner accounts and older writers; a trigger copies it over). */
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    idNumberEnc: text('id_number_enc'),
    idNumberBidx: text('id_number_bidx'),
    nativePlace: text('native_place'),
    hukouLocation: text('hukou_location'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('persons_phone_bidx_idx').on(t.companyId, t.phoneBidx),
    index('persons_id_bidx_idx').on(t.companyId, t.idNumberBidx),
    index('persons_community_idx').on(t.communityId),
  ],
);

export const PHONE_LABELS = ['self', 'family', 'work', 'other'] as const;
export type PhoneLabel = (typeof PHONE_LABELS)[number];

/**
 * Every phone of a person (本人/家属/工作/其他), each with its own ciphertext and blind index
 * so staff find the person by any of them; exactly one is primary.
 */
export const personPhones = pgTable(
  'person_phones',
  {
    id: idColumn(),
    personId: uuid('person_id').notNull().references(() => persons.id),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    label: text('label', { enum: PHONE_LABELS }).notNull().default('self'),
    isPrimary: boolean('is_primary').notNull().default(false),
    phoneEnc: text('phone_enc').notNull(),
    phoneBidx: text('phone_bidx').notNull(),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('person_phones_bidx_idx').on(t.companyId, t.phoneBidx),
    uniqueIndex('person_phones_person_bidx_uq').on(t.personId, t.phoneBidx),
    uniqueIndex('person_phones_one_primary_uq').on(t.personId).where(sql`${t.isPrimary}`),
  ],
);

/** Who holds or lives in a room, over time: a transfer ends one ownership and starts another. */
export const roomOccupancies = pgTable(
  'room_occupancies',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    personId: uuid('person_id').notNull().references(() => persons.id),
    relation: text('relation', { enum: ['owner', 'co_owner', 'family', 'tenant'] }).notNull(),
    startedOn: date('started_on').notNull(),
    endedOn: date('ended_on'),
    /** Why it ended: 'transfer' (过户), 'move_out', 'correction'. */
    endReason: text('end_reason'),
    createdAt: createdAt(),
  },
  (t) => [index('occupancies_room_idx').on(t.roomId), index('occupancies_person_idx').on(t.personId)],
);

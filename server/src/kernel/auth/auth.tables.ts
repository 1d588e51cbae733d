import { pgTable, text, uuid, integer, timestamp, index, uniqueIndex, boolean } from 'drizzle-orm/pg-core';
import { idColumn, createdAt } from '../db/columns.ts';
import { companies } from '../tenancy/tenancy.tables.ts';

/** People who log in: staff (username) and owners (phone, found by its blind index). */
export const users = pgTable(
  'users',
  {
    id: idColumn(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    kind: text('kind', { enum: ['staff', 'owner'] }).notNull(),
    username: text('username'),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    /** AES-GCM ciphertext and HMAC blind index of the mobile number (never plaintext). */
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    /** The owner's person record (people module) — owners only. */
    personId: uuid('person_id'),
    /** Department code (客服部 customer_service, 工程部 engineering …) for staff. */
    department: text('department'),
    skills: text('skills').array().notNull().default([]),
    active: boolean('active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    locale: text('locale').notNull().default('zh-CN'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(t.username),
    uniqueIndex('users_owner_phone_uq').on(t.companyId, t.kind, t.phoneBidx),
    index('users_company_idx').on(t.companyId),
  ],
);

/** Opaque session: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Bearer tokens for integrations and devices. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: idColumn(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

/** Fixed-window login counters per IP, shared by every node. */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
});

/** One-time login codes for owners (phone + SMS code); only a hash of the code is kept. */
export const authOtps = pgTable(
  'auth_otps',
  {
    id: idColumn(),
    phoneBidx: text('phone_bidx').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [index('auth_otps_phone_idx').on(t.phoneBidx, t.createdAt)],
);

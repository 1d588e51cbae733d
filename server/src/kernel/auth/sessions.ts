import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { randomToken, sha256 } from '../crypto/index.ts';
import { apiTokens, sessions } from './auth.tables.ts';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export async function createSession(db: Db, userId: string, now: Date, policy: SessionPolicy, meta: { ip?: string; userAgent?: string }) {
  const token = randomToken();
  const csrfToken = randomToken(18);
  await db.insert(sessions).values({
    tokenHash: sha256(token),
    userId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + policy.maxHours * 3600_000),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken };
}

/** last_seen_at / last_used_at are written at most this often, so reads stay reads. */
export const TOUCH_EVERY_MS = 60_000;

/** A live session by cookie token: not past its absolute expiry nor idle too long. */
export async function findSession(db: Db, token: string, now: Date, policy: SessionPolicy) {
  const hash = sha256(token);
  const idleCutoff = new Date(now.getTime() - policy.idleMinutes * 60_000);
  const [s] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleCutoff)));
  if (!s) return null;
  if (now.getTime() - s.lastSeenAt.getTime() <= TOUCH_EVERY_MS) return s;
  await touchSession(db, hash, now);
  return { ...s, lastSeenAt: now };
}

export async function touchSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  // never moves it backwards (another node may have written a later time)
  await db.update(sessions).set({ lastSeenAt: now }).where(and(eq(sessions.tokenHash, tokenHash), lt(sessions.lastSeenAt, now)));
}

export async function deleteSession(db: Db, token: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

export async function purgeExpiredSessions(db: Db, now: Date) {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function createApiToken(db: Db, userId: string, name: string, expiresAt: Date | null) {
  const token = `pms_${randomToken()}`;
  const [row] = await db.insert(apiTokens).values({ userId, name, tokenHash: sha256(token), expiresAt }).returning({ id: apiTokens.id });
  return { id: row.id, token };
}

export async function findApiToken(db: Db, token: string, now: Date) {
  const [t] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))));
  if (t) await touchApiToken(db, t.tokenHash, now);
  return t ?? null;
}

export async function touchApiToken(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.tokenHash, tokenHash));
}

export async function revokeApiToken(db: Db, id: string, userId: string, now: Date) {
  await db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), sql`revoked_at is null`));
}

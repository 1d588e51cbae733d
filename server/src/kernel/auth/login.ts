import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors/index.ts';
import { MAINLAND_MOBILE, hashPassword, verifyPassword, type PiiCipher } from '../crypto/index.ts';
import { loginThrottle, users } from './auth.tables.ts';

export interface LoginPolicy {
  maxFailures: number;
  lockMinutes: number;
  /** Attempts per IP per 15 minutes, across all usernames. */
  ipLimit?: number;
}

// A hash to compare against when the user does not exist, so timing does not reveal it.
const dummyHash = hashPassword('not-a-real-password');

/** Finds the account: staff by username, owners by phone (blind index). */
export async function findLoginUser(db: Db, pii: PiiCipher, username: string) {
  const name = username.trim();
  if (MAINLAND_MOBILE.test(name.replace(/^\+?86/, ''))) {
    const [owner] = await db.select().from(users).where(and(eq(users.phoneBidx, pii.blindIndex('phone', name)), eq(users.kind, 'owner')));
    if (owner) return owner;
  }
  const [staff] = await db.select().from(users).where(eq(users.username, name));
  return staff ?? null;
}

/** Per-IP fixed window; throws RATE_LIMITED when exceeded. */
export async function throttleIp(db: Db, ip: string, now: Date, limit: number): Promise<void> {
  const windowStart = new Date(now.getTime() - 15 * 60_000);
  const [row] = await db
    .insert(loginThrottle)
    .values({ key: `ip:${ip}`, count: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        count: sql`case when ${loginThrottle.windowStartedAt} < ${windowStart} then 1 else ${loginThrottle.count} + 1 end`,
        windowStartedAt: sql`case when ${loginThrottle.windowStartedAt} < ${windowStart} then ${now} else ${loginThrottle.windowStartedAt} end`,
      },
    })
    .returning({ count: loginThrottle.count });
  if (row.count > limit) throw new AppError('RATE_LIMITED');
}

/** Password check with per-account lockout after repeated failures. */
export async function checkPassword(db: Db, pii: PiiCipher, username: string, password: string, now: Date, policy: LoginPolicy) {
  const user = await findLoginUser(db, pii, username);
  if (!user || !user.passwordHash || !user.active) {
    await verifyPassword(password, await dummyHash);
    throw new AppError('LOGIN_FAILED');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError('LOGIN_LOCKED', { minutes: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000) });
  }
  const ok = await verifyPassword(password, user.passwordHash);
  if (!ok) {
    const failures = user.failedLogins + 1;
    const lock = failures >= policy.maxFailures;
    await db
      .update(users)
      .set({ failedLogins: lock ? 0 : failures, lockedUntil: lock ? new Date(now.getTime() + policy.lockMinutes * 60_000) : user.lockedUntil })
      .where(eq(users.id, user.id));
    if (lock) throw new AppError('LOGIN_LOCKED', { minutes: policy.lockMinutes });
    throw new AppError('LOGIN_FAILED');
  }
  if (user.failedLogins > 0 || user.lockedUntil) await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
  return user;
}

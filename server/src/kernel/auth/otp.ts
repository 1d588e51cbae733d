import { randomInt } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors/index.ts';
import { MAINLAND_MOBILE, normalizePii, sha256, type PiiCipher } from '../crypto/index.ts';
import { authOtps, users } from './auth.tables.ts';

export type OtpSender = (phone: string, text: string) => Promise<void>;

// The notifications module registers the real SMS path at start; until then codes go nowhere.
let sender: OtpSender = async () => undefined;
export function setOtpSender(fn: OtpSender): void {
  sender = fn;
}

export const OTP_TTL_MINUTES = 5;
const RESEND_SECONDS = 60;
const MAX_PER_DAY = 10;
const MAX_ATTEMPTS = 5;

const codeHash = (phoneBidx: string, code: string) => sha256(`${phoneBidx}:${code}`);

/**
 * Sends a login code to an owner's phone. The answer never says whether the phone belongs to
 * an account (no enumeration); resends are limited per phone.
 */
export async function requestOtp(db: Db, pii: PiiCipher, phoneRaw: string, now: Date): Promise<void> {
  const phone = normalizePii('phone', phoneRaw);
  if (!MAINLAND_MOBILE.test(phone)) throw new AppError('VALIDATION_FAILED', { reason: '手机号格式不正确 / not a valid mobile number' });
  const bidx = pii.blindIndex('phone', phone);
  const dayAgo = new Date(now.getTime() - 86400_000);
  const recent = await db.select({ createdAt: authOtps.createdAt }).from(authOtps).where(and(eq(authOtps.phoneBidx, bidx), gt(authOtps.createdAt, dayAgo))).orderBy(desc(authOtps.createdAt));
  if (recent.length >= MAX_PER_DAY || (recent[0] && now.getTime() - recent[0].createdAt.getTime() < RESEND_SECONDS * 1000)) throw new AppError('RATE_LIMITED');
  const [owner] = await db.select({ id: users.id }).from(users).where(and(eq(users.phoneBidx, bidx), eq(users.kind, 'owner'), eq(users.active, true)));
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.insert(authOtps).values({ phoneBidx: bidx, codeHash: codeHash(bidx, code), createdAt: now, expiresAt: new Date(now.getTime() + OTP_TTL_MINUTES * 60_000) });
  if (owner) await sender(phone, `【物业】您的登录验证码为 ${code}，${OTP_TTL_MINUTES} 分钟内有效。如非本人操作请忽略。`);
}

/** Checks a code for the phone; consumes it on success. Returns the owner's user id. */
export async function verifyOtp(db: Db, pii: PiiCipher, phoneRaw: string, code: string, now: Date): Promise<string> {
  const bidx = pii.blindIndex('phone', phoneRaw);
  const [otp] = await db
    .select()
    .from(authOtps)
    .where(and(eq(authOtps.phoneBidx, bidx), isNull(authOtps.consumedAt), gt(authOtps.expiresAt, now)))
    .orderBy(desc(authOtps.createdAt))
    .limit(1);
  if (!otp || otp.attempts >= MAX_ATTEMPTS) throw new AppError('LOGIN_FAILED');
  if (otp.codeHash !== codeHash(bidx, code.trim())) {
    await db.update(authOtps).set({ attempts: sql`${authOtps.attempts} + 1` }).where(eq(authOtps.id, otp.id));
    throw new AppError('LOGIN_FAILED');
  }
  const consumed = await db.update(authOtps).set({ consumedAt: now }).where(and(eq(authOtps.id, otp.id), isNull(authOtps.consumedAt))).returning({ id: authOtps.id });
  const [owner] = await db.select({ id: users.id }).from(users).where(and(eq(users.phoneBidx, bidx), eq(users.kind, 'owner'), eq(users.active, true)));
  if (!consumed.length || !owner) throw new AppError('LOGIN_FAILED');
  return owner.id;
}

import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { shanghaiDate, shanghaiMidnight } from '../../kernel/time.ts';
import { requests } from './requests.tables.ts';

/** Per-community desk settings, kept under communities.settings.desk. */
export interface DeskSettings {
  /** Requests one owner account may file per day. */
  maxPerDay: number;
  /** The same text from the same account within this many minutes is refused. */
  repeatWindowMinutes: number;
}
export const DEFAULT_DESK: DeskSettings = { maxPerDay: 10, repeatWindowMinutes: 60 };

export async function deskSettings(db: Db, communityId: string): Promise<DeskSettings> {
  const [c] = await db.select({ settings: communities.settings }).from(communities).where(eq(communities.id, communityId));
  const d = ((c?.settings ?? {}) as { desk?: Partial<DeskSettings> }).desk ?? {};
  return {
    maxPerDay: Number.isInteger(d.maxPerDay) && d.maxPerDay! > 0 ? d.maxPerDay! : DEFAULT_DESK.maxPerDay,
    repeatWindowMinutes: Number.isInteger(d.repeatWindowMinutes) && d.repeatWindowMinutes! >= 0 ? d.repeatWindowMinutes! : DEFAULT_DESK.repeatWindowMinutes,
  };
}

export async function saveDeskSettings(db: Db, communityId: string, s: DeskSettings): Promise<void> {
  await db
    .update(communities)
    .set({ settings: sql`jsonb_set(coalesce(${communities.settings}, '{}'::jsonb), '{desk}', ${JSON.stringify(s)}::jsonb)` })
    .where(eq(communities.id, communityId));
}

/** The same words however they are spaced or punctuated. */
export const descriptionKey = (text: string) => text.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase().slice(0, 500);

/**
 * Abuse guard for owner accounts: a daily cap (Shanghai day) and no identical repeat
 * within the window; both answer with a message that says what to do instead.
 */
export async function checkOwnerGuard(db: Db, communityId: string, userId: string, key: string, now: Date): Promise<void> {
  const s = await deskSettings(db, communityId);
  const dayStart = shanghaiMidnight(shanghaiDate(now));
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(requests)
    .where(and(eq(requests.reporterUserId, userId), gte(requests.createdAt, dayStart)));
  if (Number(n) >= s.maxPerDay) throw new AppError('REQUEST_DAILY_LIMIT', { max: s.maxPerDay });
  if (s.repeatWindowMinutes === 0) return;
  const since = new Date(now.getTime() - s.repeatWindowMinutes * 60_000);
  const [same] = await db
    .select({ id: requests.id })
    .from(requests)
    .where(and(eq(requests.reporterUserId, userId), eq(requests.descriptionKey, key), gte(requests.createdAt, since)))
    .orderBy(desc(requests.createdAt))
    .limit(1);
  if (same) throw new AppError('REQUEST_REPEATED', { minutes: s.repeatWindowMinutes, id: same.id });
}

import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors/index.ts';
import { audit } from '../audit/index.ts';
import type { Actor } from '../permissions/index.ts';
import { calendarOverrides, calendarYears, type EnteredDay } from './calendar.tables.ts';
import { calendars } from './calendar.loader.ts';
import { isValidDate } from './dates.ts';
import { shanghaiDate } from '../time.ts';
import { officialYears } from './official-data.ts';

export type YearSource = 'entered' | 'official' | 'weekends_only';

export interface YearStatus {
  year: number;
  source: YearSource;
  /** false when only weekends are known: holidays and 调休 must still be entered. */
  hasOfficialData: boolean;
  enteredAt: Date | null;
}

/** Which years have published holidays (package or entered) and which are weekends only. */
export async function yearsReport(db: Db, companyId: string, now: Date) {
  const entered = await db.select({ year: calendarYears.year, enteredAt: calendarYears.enteredAt }).from(calendarYears).where(eq(calendarYears.companyId, companyId));
  const enteredAt = new Map(entered.map((e) => [e.year, e.enteredAt]));
  const current = Number(shanghaiDate(now).slice(0, 4));
  // The years clocks can touch: last year, this year, next year, plus anything entered.
  const years = [...new Set([current - 1, current, current + 1, ...enteredAt.keys()])].sort((a, b) => a - b);
  const status: YearStatus[] = years.map((year) => {
    const source: YearSource = enteredAt.has(year) ? 'entered' : officialYears.has(year) ? 'official' : 'weekends_only';
    return { year, source, hasOfficialData: source !== 'weekends_only', enteredAt: enteredAt.get(year) ?? null };
  });
  return { years: status, lackingOfficialData: status.filter((s) => !s.hasOfficialData).map((s) => s.year) };
}

export interface YearScheduleInput {
  holidays: EnteredDay[];
  workdays: EnteredDay[];
}

function checkSchedule(year: number, input: YearScheduleInput): void {
  const seen = new Set<string>();
  for (const d of [...input.holidays, ...input.workdays]) {
    if (!isValidDate(d.date) || Number(d.date.slice(0, 4)) !== year) {
      throw new AppError('VALIDATION_FAILED', { reason: `${d.date} 不是 ${year} 年的日期 / is not a date in ${year}` });
    }
    if (seen.has(d.date)) throw new AppError('VALIDATION_FAILED', { reason: `${d.date} 重复 / listed twice` });
    seen.add(d.date);
  }
}

/** Enters (or replaces) the company's schedule for a year; it then wins over the package data. */
export async function enterYearSchedule(db: Db, actor: Actor, year: number, input: YearScheduleInput, now: Date, requestId?: string) {
  checkSchedule(year, input);
  const row = { companyId: actor.companyId, year, holidays: input.holidays, workdays: input.workdays, enteredBy: actor.userId, enteredAt: now };
  await db.transaction(async (tx) => {
    await tx
      .insert(calendarYears)
      .values(row)
      .onConflictDoUpdate({ target: [calendarYears.companyId, calendarYears.year], set: { holidays: row.holidays, workdays: row.workdays, enteredBy: row.enteredBy, enteredAt: now } });
    await audit(tx as Db, {
      actorId: actor.userId,
      companyId: actor.companyId,
      action: 'calendar.year.enter',
      subjectType: 'calendar_year',
      subjectId: String(year),
      data: { holidays: input.holidays.length, workdays: input.workdays.length },
      requestId,
    });
  });
  calendars.invalidate();
  return row;
}

/** Removes an entered year: the package data (or weekends only) applies again; 404 when none. */
export async function deleteYearSchedule(db: Db, actor: Actor, year: number, requestId?: string): Promise<void> {
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(calendarYears)
      .where(and(eq(calendarYears.companyId, actor.companyId), eq(calendarYears.year, year)))
      .returning();
    if (removed.length === 0) throw new AppError('NOT_FOUND', { what: `${year} 年的录入日历` });
    await audit(tx as Db, {
      actorId: actor.userId,
      companyId: actor.companyId,
      action: 'calendar.year.delete',
      subjectType: 'calendar_year',
      subjectId: String(year),
      data: { holidays: removed[0].holidays.length, workdays: removed[0].workdays.length },
      requestId,
    });
  });
  calendars.invalidate();
}

export interface OverrideInput {
  working: boolean;
  name: string;
}

export async function setOverride(db: Db, actor: Actor, communityId: string, date: string, input: OverrideInput, now: Date, requestId?: string) {
  const row = { communityId, companyId: actor.companyId, date, working: input.working, name: input.name, updatedBy: actor.userId, updatedAt: now };
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarOverrides).where(and(eq(calendarOverrides.communityId, communityId), eq(calendarOverrides.date, date)));
    await tx
      .insert(calendarOverrides)
      .values(row)
      .onConflictDoUpdate({ target: [calendarOverrides.communityId, calendarOverrides.date], set: { working: row.working, name: row.name, updatedBy: row.updatedBy, updatedAt: now } });
    await audit(tx as Db, {
      actorId: actor.userId,
      companyId: actor.companyId,
      communityId,
      action: 'calendar.override.set',
      subjectType: 'calendar_override',
      subjectId: date,
      data: { before: before ? { working: before.working, name: before.name } : null, after: input },
      requestId,
    });
  });
  calendars.invalidate(communityId);
  return row;
}

/** Removes a community's override; 404 when there is none. */
export async function deleteOverride(db: Db, actor: Actor, communityId: string, date: string, requestId?: string) {
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(calendarOverrides)
      .where(and(eq(calendarOverrides.communityId, communityId), eq(calendarOverrides.date, date)))
      .returning();
    if (removed.length === 0) throw new AppError('NOT_FOUND', { what: '日历例外' });
    await audit(tx as Db, {
      actorId: actor.userId,
      companyId: actor.companyId,
      communityId,
      action: 'calendar.override.delete',
      subjectType: 'calendar_override',
      subjectId: date,
      data: { before: { working: removed[0].working, name: removed[0].name } },
      requestId,
    });
  });
  calendars.invalidate(communityId);
}

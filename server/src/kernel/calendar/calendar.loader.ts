import { eq } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/client.ts';
import { communities } from '../tenancy/tenancy.tables.ts';
import { BusinessCalendar, DEFAULT_WORKING_HOURS, type WorkingHours } from './business-calendar.ts';
import { calendarOverrides, calendarYears } from './calendar.tables.ts';
import type { DayEntry } from './official-data.ts';

/** Where clocks get a community's calendar from (the cache below, or a fixed one in tests). */
export interface CalendarSource {
  calendarFor(db: Db, communityId: string): Promise<BusinessCalendar>;
}

/** Reads a community's calendar data: its company's entered years, its overrides, its hours. */
export async function loadCalendar(db: Db, communityId: string): Promise<BusinessCalendar> {
  const [community] = await db.select({ companyId: communities.companyId, settings: communities.settings }).from(communities).where(eq(communities.id, communityId));
  if (!community) throw new Error(`community ${communityId} not found`);
  const years = await db.select().from(calendarYears).where(eq(calendarYears.companyId, community.companyId));
  const enteredYears = new Map<number, Map<string, DayEntry>>();
  for (const y of years) {
    const days = new Map<string, DayEntry>();
    for (const h of y.holidays) days.set(h.date, { working: false, name: h.name });
    for (const w of y.workdays) days.set(w.date, { working: true, name: w.name });
    enteredYears.set(y.year, days);
  }
  const rows = await db.select().from(calendarOverrides).where(eq(calendarOverrides.communityId, communityId));
  const overrides = new Map(rows.map((r) => [r.date, { working: r.working, name: r.name }]));
  return new BusinessCalendar({ enteredYears, overrides, workingHours: workingHoursOf(community.settings) });
}

function workingHoursOf(settings: unknown): WorkingHours {
  const wh = (settings as { calendar?: { workingHours?: Partial<WorkingHours> } } | null)?.calendar?.workingHours;
  const ok = (v: unknown) => typeof v === 'string' && /^\d{2}:\d{2}$/.test(v);
  return wh && ok(wh.start) && ok(wh.end) ? { start: wh.start!, end: wh.end! } : DEFAULT_WORKING_HOURS;
}

/**
 * Loaded calendars per community, kept for a short while: clocks ask for them constantly
 * and the data changes a few times a year. Writes on this node invalidate at once; other
 * nodes see a change within `ttlMs`.
 */
export class CalendarCache implements CalendarSource {
  private readonly entries = new Map<string, { calendar: Promise<BusinessCalendar>; loadedAt: number }>();
  constructor(private readonly ttlMs = 60_000) {}

  calendarFor(db: Db, communityId: string): Promise<BusinessCalendar> {
    const hit = this.entries.get(communityId);
    // Monotonic time for cache freshness only; business time never comes from here.
    const t = performance.now();
    if (hit && t - hit.loadedAt < this.ttlMs) return hit.calendar;
    const calendar = loadCalendar(db, communityId);
    this.entries.set(communityId, { calendar, loadedAt: t });
    calendar.catch(() => this.entries.delete(communityId));
    return calendar;
  }

  invalidate(communityId?: string): void {
    if (communityId) this.entries.delete(communityId);
    else this.entries.clear();
  }
}

/** The process-wide cache used by routes and clocks. */
export const calendars = new CalendarCache();

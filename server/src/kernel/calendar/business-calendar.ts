import { shanghaiDate, shanghaiMidnight } from '../time.ts';
import { addDays, parseHhMm, weekday } from './dates.ts';
import { officialDays, type DayEntry } from './official-data.ts';

export type DaySource = 'override' | 'entered' | 'official' | 'weekend' | 'weekday';

export interface CalendarDay {
  date: string;
  working: boolean;
  name: string;
  source: DaySource;
}

export interface WorkingHours {
  start: string; // "08:30", Asia/Shanghai
  end: string; // "17:30"
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '08:30', end: '17:30' };

export interface CalendarData {
  /** Years an administrator entered: for those years the package data is ignored entirely. */
  enteredYears?: ReadonlyMap<number, ReadonlyMap<string, DayEntry>>;
  /** This community's own exceptions; they win over everything else. */
  overrides?: ReadonlyMap<string, DayEntry>;
  workingHours?: WorkingHours;
}

// A calendar with no working day for ten years is a data error, not a reason to loop forever.
const MAX_SEARCH_DAYS = 3660;

/**
 * The business calendar of one community: pure, built once from its data and then asked
 * many questions. Precedence for a date: community override → company-entered schedule of
 * that year → official package data → weekend rule (Saturday and Sunday off).
 */
export class BusinessCalendar {
  private readonly enteredYears: ReadonlyMap<number, ReadonlyMap<string, DayEntry>>;
  private readonly overrides: ReadonlyMap<string, DayEntry>;
  private readonly startMin: number;
  private readonly endMin: number;
  readonly workingHours: WorkingHours;

  constructor(data: CalendarData = {}) {
    this.enteredYears = data.enteredYears ?? new Map();
    this.overrides = data.overrides ?? new Map();
    this.workingHours = data.workingHours ?? DEFAULT_WORKING_HOURS;
    this.startMin = parseHhMm(this.workingHours.start);
    this.endMin = parseHhMm(this.workingHours.end);
  }

  day(date: string): CalendarDay {
    const override = this.overrides.get(date);
    if (override) return { date, ...override, source: 'override' };
    const entered = this.enteredYears.get(Number(date.slice(0, 4)));
    const published = entered ? entered.get(date) : officialDays.get(date);
    if (published) return { date, ...published, source: entered ? 'entered' : 'official' };
    const wd = weekday(date);
    return wd === 0 || wd === 6 ? { date, working: false, name: '周末', source: 'weekend' } : { date, working: true, name: '', source: 'weekday' };
  }

  /** Whether the date (YYYY-MM-DD, or the Shanghai date of an instant) is a working day. */
  isWorkingDay(date: string | Date): boolean {
    return this.day(typeof date === 'string' ? date : shanghaiDate(date)).working;
  }

  /** Every day from `from` to `to` inclusive. */
  days(from: string, to: string): CalendarDay[] {
    const out: CalendarDay[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(this.day(d));
    return out;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    let d = date;
    for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) return d;
    }
    throw new Error(`no working day within ${MAX_SEARCH_DAYS} days after ${date}`);
  }

  /**
   * "Within N working days" from an instant. The rule:
   * - started on a working day (Asia/Shanghai date D): due at the same time of day on the
   *   Nth working day after D (Thursday 10:00 + 2 → Monday 10:00 across a weekend);
   * - started on a non-working day: counting starts at 00:00 of the next working day W, so
   *   the time runs out at the end (24:00) of the Nth working day counting W as the first
   *   (Saturday + 2 → end of Tuesday, i.e. Wednesday 00:00). Both give N full working days.
   * - N = 0 gives the start itself (or W 00:00 when started on a non-working day).
   */
  addWorkingDays(from: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0) throw new Error(`working days must be a non-negative integer, got ${n}`);
    const startDate = shanghaiDate(from);
    if (this.isWorkingDay(startDate)) {
      let d = startDate;
      for (let i = 0; i < n; i++) d = this.nextWorkingDay(d);
      const timeOfDayMs = from.getTime() - shanghaiMidnight(startDate).getTime();
      return new Date(shanghaiMidnight(d).getTime() + timeOfDayMs);
    }
    let d = this.nextWorkingDay(startDate);
    if (n === 0) return shanghaiMidnight(d);
    for (let i = 1; i < n; i++) d = this.nextWorkingDay(d);
    return shanghaiMidnight(addDays(d, 1));
  }

  /** Plain elapsed minutes, day and night (e.g. "respond within 15 minutes"). */
  addMinutes(from: Date, minutes: number): Date {
    return new Date(from.getTime() + minutes * 60_000);
  }

  /** Inside working hours on a working day (start inclusive, end exclusive), Asia/Shanghai. */
  isWorkingTime(at: Date): boolean {
    const date = shanghaiDate(at);
    if (!this.isWorkingDay(date)) return false;
    const minute = Math.floor((at.getTime() - shanghaiMidnight(date).getTime()) / 60_000);
    return minute >= this.startMin && minute < this.endMin;
  }
}

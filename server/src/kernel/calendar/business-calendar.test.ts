import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from './business-calendar.ts';

const at = (s: string) => new Date(s);
const official = new BusinessCalendar();

describe('official 2026 schedule (State Council notice, via chinese-days)', () => {
  it('National Day Oct 1–7 is off; Sep 20 (Sun) and Oct 10 (Sat) are adjusted working days', () => {
    for (let d = 1; d <= 7; d++) expect(official.day(`2026-10-0${d}`)).toMatchObject({ working: false, name: '国庆节', source: 'official' });
    expect(official.day('2026-09-20')).toMatchObject({ working: true, name: '国庆节调休上班' });
    expect(official.day('2026-10-10')).toMatchObject({ working: true, name: '国庆节调休上班' });
    expect(official.isWorkingDay('2026-10-11')).toBe(false); // an ordinary Sunday
    expect(official.day('2026-09-25')).toMatchObject({ working: false, name: '中秋' }); // Mid-Autumn, Friday
  });

  it('"2 working days" from the last working day before National Day lands on Fri Oct 9, same time of day', () => {
    const lastBefore = at('2026-09-30T10:00:00+08:00');
    expect(official.isWorkingDay(lastBefore)).toBe(true);
    expect(official.addWorkingDays(lastBefore, 1).toISOString()).toBe(at('2026-10-08T10:00:00+08:00').toISOString());
    expect(official.addWorkingDays(lastBefore, 2).toISOString()).toBe(at('2026-10-09T10:00:00+08:00').toISOString());
  });

  it('the adjusted working Saturday (调休上班) counts: 3 working days from Sep 30 is Sat Oct 10', () => {
    expect(official.addWorkingDays(at('2026-09-30T10:00:00+08:00'), 3).toISOString()).toBe(at('2026-10-10T10:00:00+08:00').toISOString());
    // and Sunday Sep 20 counts too: from Fri Sep 18, one working day later is that Sunday
    expect(official.addWorkingDays(at('2026-09-18T09:00:00+08:00'), 1).toISOString()).toBe(at('2026-09-20T09:00:00+08:00').toISOString());
  });

  it('started on a holiday: counting starts on the next working day; due at the end of the Nth', () => {
    // Oct 3 (holiday) + 2 → Oct 8 and Oct 9 → due at the end of Oct 9 (= Oct 10 00:00 Shanghai)
    expect(official.addWorkingDays(at('2026-10-03T15:00:00+08:00'), 2).toISOString()).toBe(at('2026-10-10T00:00:00+08:00').toISOString());
    expect(official.addWorkingDays(at('2026-10-03T15:00:00+08:00'), 0).toISOString()).toBe(at('2026-10-08T00:00:00+08:00').toISOString());
  });

  it('uses the Shanghai date of the instant, not the UTC date', () => {
    // 2026-09-30 23:30 Shanghai is 15:30 UTC the same day; 2026-10-01 00:30 Shanghai is still Sep 30 in UTC
    expect(official.isWorkingDay(at('2026-09-30T16:30:00Z'))).toBe(false);
    expect(official.isWorkingDay(at('2026-09-30T15:30:00Z'))).toBe(true);
  });
});

describe('precedence and working time', () => {
  it('a community override wins over the official data', () => {
    const cal = new BusinessCalendar({ overrides: new Map([['2026-10-08', { working: false, name: '小区停电检修' }]]) });
    expect(cal.day('2026-10-08')).toMatchObject({ working: false, name: '小区停电检修', source: 'override' });
    expect(cal.addWorkingDays(at('2026-09-30T10:00:00+08:00'), 2).toISOString()).toBe(at('2026-10-10T10:00:00+08:00').toISOString());
  });

  it('an entered year replaces the package data for that year only', () => {
    const entered = new Map([[2026, new Map([['2026-10-09', { working: false, name: '录入假日' }]])]]);
    const cal = new BusinessCalendar({ enteredYears: entered });
    expect(cal.day('2026-10-09').source).toBe('entered');
    expect(cal.isWorkingDay('2026-10-01')).toBe(true); // not in the entered schedule → plain Thursday
    expect(cal.day('2025-10-01')).toMatchObject({ working: false, source: 'official' });
  });

  it('2027 has only weekends in the package', () => {
    expect(official.day('2027-01-01')).toMatchObject({ working: true, source: 'weekday' });
    expect(official.day('2027-01-02')).toMatchObject({ working: false, source: 'weekend' });
  });

  it('working time: 08:30 inclusive to 17:30 exclusive on working days only', () => {
    expect(official.isWorkingTime(at('2026-11-24T08:30:00+08:00'))).toBe(true);
    expect(official.isWorkingTime(at('2026-11-24T08:29:59+08:00'))).toBe(false);
    expect(official.isWorkingTime(at('2026-11-24T17:29:00+08:00'))).toBe(true);
    expect(official.isWorkingTime(at('2026-11-24T17:30:00+08:00'))).toBe(false);
    expect(official.isWorkingTime(at('2026-10-02T10:00:00+08:00'))).toBe(false);
    expect(official.isWorkingTime(at('2026-10-10T10:00:00+08:00'))).toBe(true);
    const night = new BusinessCalendar({ workingHours: { start: '20:00', end: '23:00' } });
    expect(night.isWorkingTime(at('2026-11-24T21:00:00+08:00'))).toBe(true);
    expect(official.addMinutes(at('2026-10-01T00:00:00Z'), 15).toISOString()).toBe('2026-10-01T00:15:00.000Z');
  });
});

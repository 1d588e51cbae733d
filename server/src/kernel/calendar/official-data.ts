import { createRequire } from 'node:module';

/**
 * Mainland public holidays and adjusted working days (调休) as published by the State
 * Council, from the maintained `chinese-days` package. Entries look like
 * "National Day,国庆节,3"; we keep the Chinese name.
 */
interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export interface DayEntry {
  working: boolean;
  name: string;
}

const require = createRequire(import.meta.url);
const raw = require('chinese-days/dist/chinese-days.json') as PackageData;

const zhName = (entry: string) => entry.split(',')[1] ?? entry;

function build(): Map<string, DayEntry> {
  const days = new Map<string, DayEntry>();
  for (const [date, entry] of Object.entries(raw.holidays)) days.set(date, { working: false, name: zhName(entry) });
  // An adjusted working day is named after the holiday it pays for: "国庆节调休上班".
  for (const [date, entry] of Object.entries(raw.workdays)) days.set(date, { working: true, name: `${zhName(entry)}调休上班` });
  return days;
}

/** date (YYYY-MM-DD) → holiday or adjusted working day, for every year the package knows. */
export const officialDays: ReadonlyMap<string, DayEntry> = build();

/** Years with published data in the package (a year without holidays has only weekends). */
export const officialYears: ReadonlySet<number> = new Set([...officialDays.keys()].map((d) => Number(d.slice(0, 4))));

import { AppError } from '../../kernel/errors/index.ts';

export interface Period {
  period: string;
  start: string;
  end: string;
  days: number;
  /** year × 12 + month − 1: items with a cycle of N months bill when this is divisible by N. */
  monthIndex: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM' → first and last day (calendar dates, Asia/Shanghai business dates). */
export function parsePeriod(period: string): Period {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw new AppError('VALIDATION_FAILED', { reason: `period must be YYYY-MM: ${period}` });
  const year = Number(m[1]);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { period, start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-${pad(days)}`, days, monthIndex: year * 12 + month - 1 };
}

export function previousPeriod(period: string): string {
  const p = parsePeriod(period);
  const i = p.monthIndex - 1;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

/** Whole days from `a` to `b` (YYYY-MM-DD), b − a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

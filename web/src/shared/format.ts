/** Display formatting: Asia/Shanghai dates, integer-fen money, m² areas. */
import { getLang } from './lang.ts';

const TZ = 'Asia/Shanghai';

function parts(d: Date, withTime: boolean): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
  });
  return Object.fromEntries(fmt.formatToParts(d).map((p) => [p.type, p.value]));
}

function toDate(v: string | number | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 2026-11-24 (Shanghai calendar date). */
export function formatDate(v: string | number | Date | null | undefined): string {
  const d = toDate(v);
  if (!d) return '—';
  const p = parts(d, false);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 2026-11-24 16:00 (Shanghai wall time). */
export function formatDateTime(v: string | number | Date | null | undefined): string {
  const d = toDate(v);
  if (!d) return '—';
  const p = parts(d, true);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 123456 → "¥1,234.56" using integer arithmetic only (no floating point). */
export function formatFen(fen: number | string | bigint | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  let n: bigint;
  try {
    n = BigInt(fen);
  } catch {
    return '—';
  }
  const neg = n < 0n;
  if (neg) n = -n;
  const yuan = (n / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (n % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}¥${yuan}.${cents}`;
}

/** "89.5" → "89.50 m²"; numeric columns arrive as strings. */
export function formatArea(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = String(v);
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  const [i, f = ''] = s.split('.');
  return `${i}.${(f + '00').slice(0, 2)} m²`;
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return new Intl.NumberFormat(getLang()).format(n);
}

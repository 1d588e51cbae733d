import { AppError } from '../../kernel/errors/index.ts';

// numeric(10,2): at most 8 integer digits, 2 decimals.
const AREA = /^\d{1,8}(\.\d{1,2})?$/;

/**
 * An area in m² as the exact decimal string stored in a numeric column. Accepts a JSON number
 * or a spreadsheet cell; refuses ≤ 0 and more than 2 decimals (no silent rounding).
 */
export function parseArea(value: unknown): string | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  if (!AREA.test(text)) return null;
  if (Number(text) <= 0) return null;
  return text;
}

/** parseArea or 400 naming the field, in both languages. */
export function requireArea(value: unknown, field: string): string {
  const area = parseArea(value);
  if (area === null) throw new AppError('VALIDATION_FAILED', { reason: `${field} 必须大于 0 且最多两位小数 / ${field} must be > 0 with at most 2 decimals` });
  return area;
}

/** numeric comes back as a string: JSON shows it as a number with ≤ 2 decimals. */
export function areaOut(value: string | null): number | null {
  return value === null ? null : Number(value);
}

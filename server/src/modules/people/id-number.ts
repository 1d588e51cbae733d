/**
 * 居民身份证号码 (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit sequence,
 * 1 check character (ISO 7064 MOD 11-2, 'X' for 10).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberProblem = 'format' | 'birthDate' | 'checksum';

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Null when valid, otherwise what is wrong (never the number itself: messages must not echo it). */
export function idNumberProblem(raw: string, today: string): IdNumberProblem | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const iso = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || iso > today) return 'birthDate';
  if (checkDigit(id) !== id[17]) return 'checksum';
  return null;
}

/** Builds a valid number (tests, demo data): area + YYYYMMDD + sequence + computed check. */
export function makeIdNumber(area: string, birth: string, seq: string): string {
  const first17 = `${area}${birth}${seq}`;
  return first17 + checkDigit(first17);
}

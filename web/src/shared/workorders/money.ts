/** "12.5" → 1250 fen by string arithmetic (no floating point); null when not a price (≤ 2 decimals). */
export function yuanToFen(s: string): number | null {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(s.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

/** The SQLSTATE and constraint of a driver error (node-postgres or PGlite), drizzle-wrapped or not. */
export function pgErrorCode(err: unknown): { code?: string; constraint?: string } | null {
  let e = err as { code?: unknown; constraint?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return { code: e.code, constraint: e.constraint };
    e = e.cause as typeof e;
  }
  return null;
}

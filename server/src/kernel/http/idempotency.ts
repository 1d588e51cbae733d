import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors/index.ts';
import { idempotencyKeys } from './http.tables.ts';

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Runs `work` in one transaction together with the Idempotency-Key record, so a request
 * killed half-way leaves neither and its retry does the work exactly once; a retry after
 * success gets the first answer back. A concurrent duplicate waits on the key's unique index.
 */
export async function withIdempotency<T>(
  db: Db,
  opts: { userId: string; key: string | undefined; route: string; body: unknown },
  work: (tx: Db) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  if (!opts.key) {
    const r = await db.transaction((tx) => work(tx as Db));
    return { ...r, replayed: false };
  }
  if (opts.key.length > 200) throw new AppError('VALIDATION_FAILED', { reason: 'Idempotency-Key too long' });
  const bodyHash = createHash('sha256').update(JSON.stringify(opts.body ?? null)).digest('hex');
  return db.transaction(async (txRaw) => {
    const tx = txRaw as Db;
    const inserted = await tx
      .insert(idempotencyKeys)
      .values({ userId: opts.userId, key: opts.key!, route: opts.route, bodyHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length === 0) {
      const [prev] = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, opts.userId), eq(idempotencyKeys.key, opts.key!)));
      if (!prev || prev.bodyHash !== bodyHash || prev.route !== opts.route) throw new AppError('IDEMPOTENCY_MISMATCH');
      if (prev.status === null) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
      return { status: prev.status, body: prev.response as T, replayed: true };
    }
    const result = await work(tx);
    await tx
      .update(idempotencyKeys)
      .set({ status: result.status, response: sql`${JSON.stringify(result.body)}::jsonb` })
      .where(and(eq(idempotencyKeys.userId, opts.userId), eq(idempotencyKeys.key, opts.key!)));
    return { ...result, replayed: false };
  });
}

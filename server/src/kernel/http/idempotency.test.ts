import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, seedStandardCompany, type TestApp } from '../testing/index.ts';
import { withIdempotency } from './idempotency.ts';
import type { Db } from '../db/index.ts';

let t: TestApp;
let userId: string;
beforeAll(async () => {
  t = await createTestApp();
  userId = (await seedStandardCompany(t.deps.database.db, t.deps.pii)).staff.financeA.id;
  await t.deps.database.query('CREATE TABLE idem_probe (n int)');
});
afterAll(() => t.close());

const work = (n: number) => async (tx: Db) => {
  await tx.execute(sql`INSERT INTO idem_probe VALUES (${n})`);
  return { status: 201, body: { n } };
};
const count = async () => (await t.deps.database.query<{ c: number }>('SELECT count(*)::int c FROM idem_probe'))[0].c;

describe('Idempotency-Key', () => {
  it('the same key and body returns the first result and does the work once', async () => {
    const opts = { userId, key: 'k-1', route: 'POST /x', body: { a: 1 } };
    const first = await withIdempotency(t.deps.database.db, opts, work(1));
    const second = await withIdempotency(t.deps.database.db, opts, work(1));
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ status: 201, body: { n: 1 }, replayed: true });
    expect(await count()).toBe(1);
  });

  it('the same key with another body is refused (422) and changes nothing', async () => {
    await expect(withIdempotency(t.deps.database.db, { userId, key: 'k-1', route: 'POST /x', body: { a: 2 } }, work(2))).rejects.toMatchObject({ code: 'IDEMPOTENCY_MISMATCH', status: 422 });
    expect(await count()).toBe(1);
  });

  it('work that fails leaves no key behind, so a retry runs it', async () => {
    const opts = { userId, key: 'k-2', route: 'POST /x', body: {} };
    await expect(withIdempotency(t.deps.database.db, opts, async () => { throw new Error('killed'); })).rejects.toThrow('killed');
    const retry = await withIdempotency(t.deps.database.db, opts, work(3));
    expect(retry.replayed).toBe(false);
    expect(await count()).toBe(2);
  });
});

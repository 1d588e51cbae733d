import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/index.ts';
import { preparedRows, type Database } from './index.ts';
import { sharedRead } from './shared-read.ts';

/** A read whose answer is the "database" value when it starts, finishing when released. */
function fakeReads() {
  const state = { value: 0, started: 0, releases: [] as Array<() => void> };
  const run = () => {
    state.started++;
    const seen = state.value;
    return new Promise<number>((resolve) => state.releases.push(() => resolve(seen)));
  };
  const releaseNext = async () => {
    state.releases.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { state, run, releaseNext };
}

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('shared reads', () => {
  it('callers of one event-loop turn share a query; those who arrive while it runs share the next: twenty callers, two queries', async () => {
    const owner = {};
    const { state, run, releaseNext } = fakeReads();
    const first = Array.from({ length: 10 }, () => sharedRead(owner, 'k', run));
    expect(state.started).toBe(0); // not before the turn's requests are all read
    await nextTurn();
    expect(state.started).toBe(1);
    const later = Array.from({ length: 10 }, () => sharedRead(owner, 'k', run));
    await nextTurn();
    expect(state.started).toBe(1); // they wait for the running one to end
    await releaseNext();
    expect(state.started).toBe(2);
    await releaseNext();
    expect(await Promise.all([...first, ...later])).toEqual(Array(20).fill(0));
  });

  it('never answers with a read that started before the caller arrived: a write seen before asking is in the answer', async () => {
    const owner = {};
    const { state, run, releaseNext } = fakeReads();
    const before = sharedRead(owner, 'k', run);
    await nextTurn(); // its snapshot is taken: value 0
    state.value = 1; // a write commits; its author now asks
    const after = sharedRead(owner, 'k', run);
    await releaseNext();
    await releaseNext();
    expect(await before).toBe(0);
    expect(await after).toBe(1);
  });

  it('different keys and different databases never share', async () => {
    const a = {};
    const b = {};
    const { state, run } = fakeReads();
    void sharedRead(a, 'k', run);
    void sharedRead(a, 'other', run);
    void sharedRead(b, 'k', run);
    await nextTurn();
    expect(state.started).toBe(3);
  });

  it('a failed read fails its own callers only; those waiting get a fresh read', async () => {
    const owner = {};
    let calls = 0;
    let fail!: (e: Error) => void;
    const run = () => (++calls === 1 ? new Promise<number>((_, reject) => (fail = reject)) : Promise.resolve(calls));
    const first = sharedRead(owner, 'k', run);
    await nextTurn();
    const waiting = sharedRead(owner, 'k', run);
    fail(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    expect(await waiting).toBe(2);
    // idle again: the next caller gets its own query
    expect(await sharedRead(owner, 'k', run)).toBe(3);
  });
});

describe('shared prepared rows on the database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.query('CREATE TABLE shared_read_t (v int NOT NULL)');
    await database.query('INSERT INTO shared_read_t VALUES (0)');
  });
  afterAll(() => database.close());

  it('a list asked after a write committed sees the write, even while an older identical list is still running', async () => {
    const read = () => preparedRows<{ v: number; at: string }>(database, sql`SELECT v, ${sql.placeholder('at')}::text AS at FROM shared_read_t, pg_sleep(0.3)`, { shared: true, values: () => ({ at: new Date().toISOString() }) });
    const older = read();
    await new Promise((r) => setTimeout(r, 50)); // the older read is running
    await database.query('UPDATE shared_read_t SET v = 1');
    const asked = new Date().toISOString();
    const newer = await read();
    expect(newer).toEqual([{ v: 1, at: expect.any(String) }]);
    // the placeholder was filled as the newer query was sent, not when it was first built
    expect(newer[0].at >= asked).toBe(true);
    expect((await older)[0].v).toBe(0);
  });
});

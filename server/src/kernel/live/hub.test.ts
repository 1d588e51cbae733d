import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/index.ts';
import type { Database } from '../db/index.ts';
import { emit } from '../events/index.ts';
import { LiveHub } from './hub.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const emitMany = (n: number) =>
  database.db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) await emit(tx as never, { type: 'hub.test', subjectType: 'room', subjectId: `r${i}` });
  });

describe('live hub tailing the outbox', () => {
  it('hands each event to subscribers once — one committed late inside the look-back too — and remembers only the window', async () => {
    // polled by hand here (not started: no NOTIFY wake-ups, no timer)
    const hub = new LiveHub(database, 60_000);
    const got: number[] = [];
    hub.subscribe((ev) => void (ev.type === 'hub.test' && got.push(ev.id)));
    await emitMany(120);
    // one event "commits late": its row is missing at the first poll and appears afterwards with its id
    const [{ id: lateId }] = await database.query<{ id: string }>(`SELECT id FROM outbox_events WHERE type = 'hub.test' ORDER BY id DESC OFFSET 10 LIMIT 1`);
    await database.query(`CREATE TABLE held_event AS SELECT * FROM outbox_events WHERE id = $1`, [lateId]);
    await database.query(`DELETE FROM outbox_events WHERE id = $1`, [lateId]);
    await hub.poll();
    expect(got).toHaveLength(119);
    expect(got).not.toContain(Number(lateId));
    await database.query(`INSERT INTO outbox_events SELECT * FROM held_event`);
    await hub.poll();
    await hub.poll();
    expect(got).toHaveLength(120);
    expect(got.filter((id) => id === Number(lateId))).toHaveLength(1);
    await emitMany(300);
    await hub.poll();
    await hub.poll();
    expect(got).toHaveLength(420);
    expect(new Set(got).size).toBe(420);
    expect(hub.rememberedCount).toBeLessThanOrEqual(51); // bounded by the look-back, however many events went by
  });
});

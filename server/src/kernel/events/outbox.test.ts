import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedStandardCompany, type TestApp } from '../testing/index.ts';
import { audit } from '../audit/index.ts';
import { emit, OutboxDispatcher } from './index.ts';
import { openPostgres } from '../db/index.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
});
afterAll(() => t.close());

describe('transactional outbox and audit', () => {
  it('a rolled-back change leaves neither its audit entry nor its event', async () => {
    const before = await t.deps.database.query<{ a: number; e: number }>('SELECT (SELECT count(*)::int FROM audit_log) a, (SELECT count(*)::int FROM outbox_events) e');
    await expect(
      t.deps.database.db.transaction(async (tx) => {
        await audit(tx, { actorId: seed.staff.admin.id, action: 'x', subjectType: 'y' });
        await emit(tx, { type: 'x', subjectType: 'y', subjectId: '1' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await t.deps.database.query<{ a: number; e: number }>('SELECT (SELECT count(*)::int FROM audit_log) a, (SELECT count(*)::int FROM outbox_events) e');
    expect(after).toEqual(before);
  });

  it('the audit log refuses UPDATE and DELETE even in SQL', async () => {
    await audit(t.deps.database.db, { actorId: seed.staff.admin.id, action: 'keep', subjectType: 'y' });
    await expect(t.deps.database.query(`UPDATE audit_log SET action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(t.deps.database.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('delivers each event to its handlers once, in order', async () => {
    const d = new OutboxDispatcher(t.deps.database);
    const seen: string[] = [];
    d.on('test.ping', async (ev) => void seen.push(ev.subjectId));
    await t.deps.database.query('UPDATE outbox_events SET dispatched_at = now()');
    for (let i = 0; i < 5; i++) await emit(t.deps.database.db, { type: 'test.ping', subjectType: 't', subjectId: String(i) });
    await d.runOnce();
    await d.runOnce();
    expect(seen).toEqual(['0', '1', '2', '3', '4']);
  });

  it('two dispatchers on one PostgreSQL deliver every event exactly once', async (ctx) => {
    const url = (t.deps.database as { url?: string }).url;
    if (t.deps.database.kind !== 'postgres' || !url) return ctx.skip();
    await t.deps.database.query('UPDATE outbox_events SET dispatched_at = now()');
    await t.deps.database.query(`INSERT INTO outbox_events (type, subject_type, subject_id) SELECT 'test.many', 't', g::text FROM generate_series(1, 500) g`);
    const other = await openPostgres(url, 4);
    const counts = new Map<string, number>();
    const handler = async (ev: { subjectId: string }) => void counts.set(ev.subjectId, (counts.get(ev.subjectId) ?? 0) + 1);
    const d1 = new OutboxDispatcher(t.deps.database);
    const d2 = new OutboxDispatcher(other);
    d1.on('test.many', handler);
    d2.on('test.many', handler);
    const drain = async (d: OutboxDispatcher) => {
      while ((await d.runOnce(20)) > 0);
    };
    await Promise.all([drain(d1), drain(d2), drain(d1), drain(d2)]);
    await other.close();
    expect(counts.size).toBe(500);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { schedules } from '../../kernel/jobs/index.ts';
import { createTestApp, seedStandardCompany, type TestApp } from '../../kernel/testing/index.ts';
import { makeBuilding, makeRoom } from './billing.fixtures.ts';
import { seedDemoFees } from './index.ts';
import { dueNotices, monthlyRuns } from './billing.jobs.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let roomId: string;

beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const b = await makeBuilding(t.deps.database.db, seed.a.id);
  roomId = (await makeRoom(t.deps.database.db, seed.a.id, b.id, { code: '9-1-101', areaM2: '120.00' })).id;
  await seedDemoFees(t.deps.database.db, seed.a.id);
});
afterAll(() => t.close());

describe('scheduled billing', () => {
  it('is registered: monthly run on the 1st at 02:00, due notices at 09:00', () => {
    const names = schedules.list().map((s) => `${s.name} ${s.cron}`);
    expect(names).toEqual(expect.arrayContaining(['billing.monthly-run 0 2 1 * *', 'billing.due-notices 0 9 1 * *']));
  });

  it('the monthly run bills the month once, even when the slot runs twice', async () => {
    const db = t.deps.database.db;
    for (const at of ['2026-11-01T02:00:00+08:00', '2026-12-01T02:00:00+08:00', '2026-12-01T02:00:00+08:00']) await db.transaction((tx) => monthlyRuns(tx, new Date(at)));
    const bills = await rows<{ period: string; amount_fen: number }>(db, sql`SELECT period, amount_fen FROM bills WHERE room_id = ${roomId}::uuid ORDER BY period`);
    expect(bills.map((b) => [b.period, Number(b.amount_fen)])).toEqual([['2026-11', 30000], ['2026-12', 30000]]);
  });

  it('due notices go out a month ahead with the composition and payment methods', async () => {
    const db = t.deps.database.db;
    const n = await db.transaction((tx) => dueNotices(tx, new Date('2026-12-01T09:00:00+08:00')));
    expect(n).toBe(1);
    const [ev] = await rows<{ room_ids: string[]; payload: any }>(db, sql`SELECT room_ids, payload FROM outbox_events WHERE type = 'billing.notice.due'`);
    expect(ev.room_ids).toEqual([roomId]);
    // November's bill is due on 15 December (inside the window); December's on 15 January (next month's notice).
    expect(ev.payload).toMatchObject({ roomCode: '9-1-101', totalFen: 30000, lines: [{ item: '物业服务费', period: '2026-11', owedFen: 30000, dueDate: '2026-12-15' }] });
    expect(ev.payload.paymentMethods).toContain('wechat');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/index.ts';
import { ManualClock } from '../clock.ts';
import { audit } from '../audit/index.ts';
import type { Database } from '../db/index.ts';
import { ScheduleRegistry, ScheduleRunner } from './index.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const runsOf = (name: string) =>
  database.query<{ slot: Date; finished_at: Date | null; error: string | null }>('SELECT slot, finished_at, error FROM job_runs WHERE name = $1 ORDER BY slot', [name]);

describe('cron schedules run once per slot', () => {
  it('a 17:00 daily job runs once per day, however often two nodes tick', async () => {
    const registry = new ScheduleRegistry();
    const slots: string[] = [];
    registry.register('daily-report', '0 17 * * *', async (tx, slot) => {
      slots.push(slot.toISOString());
      await audit(tx, { actorId: null, action: 'job.daily-report', subjectType: 'job', subjectId: slot.toISOString() });
    }, { catchUpMinutes: 60 });
    const clock = new ManualClock('2026-11-24T01:00:00.000Z'); // 09:00 Shanghai
    const nodes = [new ScheduleRunner(database, { registry }), new ScheduleRunner(database, { registry })];
    const tickBoth = () => Promise.all(nodes.map((n) => n.tick(clock.now())));

    for (let m = 0; m < 8 * 60; m += 7) {
      clock.set(new Date(Date.parse('2026-11-24T01:00:00Z') + m * 60_000));
      await tickBoth();
    }
    expect(slots).toEqual([]); // before 17:00 nothing runs (and yesterday's slot is too old to catch up)

    clock.set('2026-11-24T09:00:00.000Z'); // 17:00 Shanghai exactly
    for (let i = 0; i < 5; i++) {
      await tickBoth();
      clock.advanceMs(10_000);
    }
    clock.set('2026-11-24T15:59:00.000Z'); // 23:59
    await tickBoth();
    expect(slots).toEqual(['2026-11-24T09:00:00.000Z']);

    clock.set('2026-11-25T09:00:30.000Z'); // next day 17:00:30
    await tickBoth();
    await tickBoth();
    // a node that restarts (fresh memory) must not run it again either
    await new ScheduleRunner(database, { registry }).tick(clock.now());
    expect(slots).toEqual(['2026-11-24T09:00:00.000Z', '2026-11-25T09:00:00.000Z']);

    const runs = await runsOf('daily-report');
    expect(runs.map((r) => new Date(r.slot).toISOString())).toEqual(slots);
    expect(runs.every((r) => r.finished_at !== null && r.error === null)).toBe(true);
    const written = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'job.daily-report'`);
    expect(written[0].n).toBe(2);
  });

  it('without catch-up limit the latest missed slot runs once after downtime', async () => {
    const registry = new ScheduleRegistry();
    const slots: string[] = [];
    registry.register('nightly', '30 2 * * *', async (_tx, slot) => void slots.push(slot.toISOString()));
    const runner = new ScheduleRunner(database, { registry });
    await runner.tick(new Date('2026-11-24T05:00:00Z')); // 13:00 Shanghai: today's 02:30 was missed
    await runner.tick(new Date('2026-11-24T06:00:00Z'));
    expect(slots).toEqual(['2026-11-23T18:30:00.000Z']); // 02:30 Shanghai on Nov 24
  });

  it('a failing slot is rolled back, recorded with its error and not retried; the next slot runs', async () => {
    const registry = new ScheduleRegistry();
    let fail = true;
    let runs = 0;
    registry.register('hourly', '0 * * * *', async (tx) => {
      runs++;
      await audit(tx, { actorId: null, action: 'job.hourly', subjectType: 'job' });
      if (fail) throw new Error('boom');
    });
    const errors: string[] = [];
    const runner = new ScheduleRunner(database, { registry, onError: (e, name) => errors.push(`${name}:${(e as Error).message}`) });
    expect((await runner.tick(new Date('2026-11-24T03:10:00Z'))).failed).toEqual(['hourly']);
    await new ScheduleRunner(database, { registry }).tick(new Date('2026-11-24T03:20:00Z'));
    expect(runs).toBe(1);
    expect(errors).toEqual(['hourly:boom']);
    fail = false;
    expect((await runner.tick(new Date('2026-11-24T04:00:00Z'))).ran).toEqual(['hourly']);
    const rows = await runsOf('hourly');
    expect(rows.map((r) => r.error)).toEqual(['boom', null]);
    const written = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'job.hourly'`);
    expect(written[0].n).toBe(1); // the failed slot's write was rolled back
  });

  it('refuses a schedule registered twice under one name', () => {
    const registry = new ScheduleRegistry();
    registry.register('x', '0 17 * * *', async () => undefined);
    expect(() => registry.register('x', '0 18 * * *', async () => undefined)).toThrow(/already registered/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, makeCommunity, makeCompany } from '../testing/index.ts';
import type { Database, Db } from '../db/index.ts';
import { calendars } from '../calendar/index.ts';
import { mapDbError } from '../errors/index.ts';
import { audit } from '../audit/index.ts';
import { cancelClock, changeDuration, clockSummary, getClocks, meetClock, pauseClock, registerDeadlineHandler, resumeClock, startClock, sweepDeadlines } from './index.ts';

let database: Database;
let db: Db;
let communityId: string;
const T0 = new Date('2026-11-24T02:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const { company } = await makeCompany(db);
  communityId = (await makeCommunity(db, company.id)).id;
});
afterAll(() => database.close());

/** A handler that records what fired (the record is written by the sweep's own transaction). */
function recorder(kind: string) {
  const log: string[] = [];
  registerDeadlineHandler(kind, {
    async onMilestone(_tx, clock, fraction) {
      log.push(`${clock.subjectId}:milestone:${fraction}`);
    },
    async onBreach(_tx, clock) {
      log.push(`${clock.subjectId}:breach`);
    },
    async onRepeat(_tx, clock, n) {
      log.push(`${clock.subjectId}:repeat:${n}`);
    },
  });
  return log;
}

const start = (kind: string, subjectId: string, extra: Partial<Parameters<typeof startClock>[2]> = {}) =>
  startClock(db, calendars, { communityId, subjectType: 'work_order', subjectId, kind, startedAt: T0, duration: { minutes: 60 }, ...extra });

describe('milestones and breach', () => {
  it('50% and 75% milestones and the breach each fire exactly once, in order, however often swept', async () => {
    const log = recorder('ms');
    await start('ms', 'wo1', { milestones: [0.75, 0.5] });
    for (const m of [0, 29, 29.9]) await sweepDeadlines(database, at(m));
    expect(log).toEqual([]);
    for (let i = 0; i < 3; i++) await sweepDeadlines(database, at(30));
    expect(log).toEqual(['wo1:milestone:0.5']);
    for (const m of [44, 45, 45, 59]) await sweepDeadlines(database, at(m));
    expect(log).toEqual(['wo1:milestone:0.5', 'wo1:milestone:0.75']);
    for (const m of [60, 60, 61, 500]) await sweepDeadlines(database, at(m));
    expect(log).toEqual(['wo1:milestone:0.5', 'wo1:milestone:0.75', 'wo1:breach']);
    const [clock] = await getClocks(db, 'work_order', 'wo1');
    expect(clock.firedMilestones).toEqual([0.5, 0.75]);
    expect(clock.breachedAt?.toISOString()).toBe(at(60).toISOString());
  });

  it('a late sweep fires the missed milestones and then the breach in one go', async () => {
    const log = recorder('late');
    await start('late', 'wo2', { milestones: [0.5, 0.75] });
    const r = await sweepDeadlines(database, at(90));
    expect(r).toMatchObject({ claimed: 1, fired: 3 });
    expect(log).toEqual(['wo2:milestone:0.5', 'wo2:milestone:0.75', 'wo2:breach']);
  });

  it('a met clock never fires; a failing handler fires later instead of never or twice', async () => {
    const log = recorder('met');
    await start('met', 'wo3', { milestones: [0.5] });
    await meetClock(db, { subjectType: 'work_order', subjectId: 'wo3', kind: 'met' }, at(10));
    await sweepDeadlines(database, at(100));
    expect(log).toEqual([]);

    let failures = 1;
    registerDeadlineHandler('flaky', {
      async onBreach(tx, clock) {
        // the handler's own writes share the firing's fate: rolled back with it on failure
        await audit(tx, { actorId: null, action: 'test.flaky.breach', subjectType: 'work_order', subjectId: clock.subjectId });
        if (failures-- > 0) throw new Error('notification service down');
        log.push(`${clock.subjectId}:breach`);
      },
    });
    await start('flaky', 'wo4');
    const first = await sweepDeadlines(database, at(60), { retryAfterMs: 60_000 });
    expect(first).toMatchObject({ claimed: 1, fired: 0, failed: 1 });
    expect((await getClocks(db, 'work_order', 'wo4'))[0].breachedAt).toBeNull();
    await sweepDeadlines(database, at(60.5)); // before the retry time
    expect(log).toEqual([]);
    await sweepDeadlines(database, at(61));
    await sweepDeadlines(database, at(62));
    expect(log).toEqual(['wo4:breach']);
    const written = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.flaky.breach'`);
    expect(written[0].n).toBe(1);
  });

  it('one failing clock in a batch: its neighbours fire once (their first attempt is undone), it fires later', async () => {
    let down = true;
    registerDeadlineHandler('batchmate', {
      async onBreach(tx, clock) {
        // a durable write: if the batch's first attempt were not undone it would show up twice
        await audit(tx, { actorId: null, action: 'test.batchmate.breach', subjectType: 'work_order', subjectId: clock.subjectId });
        if (clock.subjectId === 'bm2' && down) throw new Error('SMS gateway down');
      },
    });
    for (const id of ['bm1', 'bm2', 'bm3']) await start('batchmate', id);
    const errors: string[] = [];
    const first = await sweepDeadlines(database, at(70), { retryAfterMs: 60_000, onError: (_e, c) => errors.push(c.subjectId) });
    expect(first).toMatchObject({ claimed: 3, fired: 2, failed: 1 });
    expect(errors).toEqual(['bm2']);
    const count = async () =>
      Object.fromEntries(
        (await database.query<{ s: string; n: number }>(`SELECT subject_id AS s, count(*)::int AS n FROM audit_log WHERE action = 'test.batchmate.breach' GROUP BY 1`)).map((r) => [r.s, r.n]),
      );
    expect(await count()).toEqual({ bm1: 1, bm3: 1 });
    down = false;
    expect(await sweepDeadlines(database, at(70.5))).toMatchObject({ claimed: 0 }); // not before the retry time
    expect(await sweepDeadlines(database, at(71))).toMatchObject({ claimed: 1, fired: 1, failed: 0 });
    expect(await count()).toEqual({ bm1: 1, bm2: 1, bm3: 1 });
  });

  it('a set-based handler gets the whole batch in one call; if that call fails, each clock fires alone, once', async () => {
    let setDown = false;
    const calls: string[][] = [];
    const audited = (tx: Db, subjectId: string) => audit(tx, { actorId: null, action: 'test.set.fired', subjectType: 'work_order', subjectId });
    registerDeadlineHandler('setwise', {
      async onMilestone(tx, clock, fraction) {
        calls.push([`${clock.subjectId}:milestone:${fraction}`]);
        await audited(tx, clock.subjectId);
      },
      async onBreach(tx, clock) {
        calls.push([`${clock.subjectId}:breach`]);
        await audited(tx, clock.subjectId);
      },
      async onFirings(tx, firings) {
        calls.push(firings.map(({ clock, firing }) => `${clock.subjectId}:${firing.type}${firing.type === 'milestone' ? `:${firing.fraction}` : ''}`));
        for (const f of firings) await audited(tx, f.clock.subjectId); // undone below when the call fails
        if (setDown) throw new Error('batch statement failed');
      },
    });
    for (const id of ['sw1', 'sw2', 'sw3']) await start('setwise', id, { milestones: [0.5] });
    expect(await sweepDeadlines(database, at(40))).toMatchObject({ claimed: 3, fired: 3, failed: 0 });
    expect(calls).toEqual([['sw1:milestone:0.5', 'sw2:milestone:0.5', 'sw3:milestone:0.5']]); // one call, each clock's firing in it
    calls.length = 0;
    setDown = true;
    expect(await sweepDeadlines(database, at(70))).toMatchObject({ claimed: 3, fired: 3, failed: 0 });
    expect(calls).toEqual([['sw1:breach', 'sw2:breach', 'sw3:breach'], ['sw1:breach'], ['sw2:breach'], ['sw3:breach']]); // the set call undone, then one by one
    const fired = await database.query<{ s: string; n: number }>(`SELECT subject_id AS s, count(*)::int AS n FROM audit_log WHERE action = 'test.set.fired' GROUP BY 1 ORDER BY 1`);
    expect(fired).toEqual([{ s: 'sw1', n: 2 }, { s: 'sw2', n: 2 }, { s: 'sw3', n: 2 }]); // milestone + breach each, the failed set call left nothing
  });

  it('refuses specs that could never fire correctly', async () => {
    await expect(start('bad', 'wo10', { milestones: [1.5] })).rejects.toThrow(/fractions/);
    await expect(start('bad', 'wo10', { repeatEveryMinutes: 0 })).rejects.toThrow(/positive/);
    await expect(start('bad', 'wo10', { duration: { workingDays: 1.5 } })).rejects.toThrow(/duration/);
    expect(await getClocks(db, 'work_order', 'wo10')).toEqual([]);
  });

  it('one running clock per subject and kind: a second start is a 409 conflict', async () => {
    await start('dup', 'wo5');
    const err = await start('dup', 'wo5').catch((e) => e);
    expect((mapDbError(err) as { code: string }).code).toBe('CONFLICT');
    await cancelClock(db, { subjectType: 'work_order', subjectId: 'wo5', kind: 'dup' }, at(1));
    await expect(start('dup', 'wo5')).resolves.toBeTruthy();
  });
});

describe('pause and resume', () => {
  it('shifts the due time and pending milestones by the paused duration; nothing fires while paused', async () => {
    const log = recorder('pause');
    const ref = { subjectType: 'work_order', subjectId: 'wo6', kind: 'pause' };
    await start('pause', 'wo6', { milestones: [0.5] });
    await pauseClock(db, ref, at(10));
    await sweepDeadlines(database, at(200)); // far past the original due time, but paused
    expect(log).toEqual([]);
    const clock = await resumeClock(db, ref, at(30));
    expect(clock!.pausedMs).toBe(20 * 60_000);
    expect(clock!.dueAt.toISOString()).toBe(at(80).toISOString());
    await sweepDeadlines(database, at(49));
    expect(log).toEqual([]);
    await sweepDeadlines(database, at(50)); // 30 minutes of running time
    expect(log).toEqual(['wo6:milestone:0.5']);
    await sweepDeadlines(database, at(79));
    expect(log).toHaveLength(1);
    await sweepDeadlines(database, at(80));
    expect(log).toEqual(['wo6:milestone:0.5', 'wo6:breach']);
  });

  it('two pauses add up', async () => {
    const ref = { subjectType: 'work_order', subjectId: 'wo7', kind: 'pause2' };
    await start('pause2', 'wo7');
    await pauseClock(db, ref, at(5));
    await pauseClock(db, ref, at(6)); // already paused: no change
    await resumeClock(db, ref, at(15));
    await pauseClock(db, ref, at(20));
    const met = await meetClock(db, ref, at(25)); // meeting while paused closes the pause
    expect(met!.pausedMs).toBe(15 * 60_000);
    expect(met!.dueAt.toISOString()).toBe(at(75).toISOString());
  });
});

describe('repeat after breach', () => {
  it('fires every 30 minutes after the breach until met', async () => {
    const log = recorder('rep');
    const ref = { subjectType: 'work_order', subjectId: 'wo8', kind: 'rep' };
    await start('rep', 'wo8', { repeatEveryMinutes: 30 });
    await sweepDeadlines(database, at(60));
    for (const m of [61, 89]) await sweepDeadlines(database, at(m));
    expect(log).toEqual(['wo8:breach']);
    for (const m of [90, 90, 119, 120, 121]) await sweepDeadlines(database, at(m));
    expect(log).toEqual(['wo8:breach', 'wo8:repeat:1', 'wo8:repeat:2']);
    await meetClock(db, ref, at(130));
    for (const m of [150, 180, 1000]) await sweepDeadlines(database, at(m));
    expect(log).toEqual(['wo8:breach', 'wo8:repeat:1', 'wo8:repeat:2']);
    const [done] = await getClocks(db, 'work_order', 'wo8');
    expect(done).toMatchObject({ repeatCount: 2, nextFireAt: null, repeatEveryMinutes: 30 });
  });
});

describe('durations', () => {
  it('working-day clocks use the community calendar (2 working days across National Day 2026)', async () => {
    const clock = await startClock(db, calendars, {
      communityId,
      subjectType: 'request',
      subjectId: 'r1',
      kind: 'result',
      startedAt: new Date('2026-09-30T10:00:00+08:00'),
      duration: { workingDays: 2 },
    });
    expect(clock.dueAt.toISOString()).toBe(new Date('2026-10-09T10:00:00+08:00').toISOString());
    expect(clock.duration).toEqual({ workingDays: 2 });
    expect(clockSummary(clock)).toEqual({
      kind: 'result',
      startedAt: '2026-09-30T02:00:00.000Z',
      dueAt: '2026-10-09T02:00:00.000Z',
      metAt: null,
      breached: false,
      paused: false,
      pausedMs: 0,
    });
  });

  it('changeDuration keeps startedAt and the paused time and recomputes the due time', async () => {
    const log = recorder('urg');
    const ref = { subjectType: 'work_order', subjectId: 'wo9', kind: 'urg' };
    await start('urg', 'wo9', { duration: { minutes: 24 * 60 } });
    await pauseClock(db, ref, at(0));
    await resumeClock(db, ref, at(10));
    const raised = await changeDuration(db, calendars, ref, { minutes: 30 });
    expect(raised!.startedAt.toISOString()).toBe(T0.toISOString());
    expect(raised!.dueAt.toISOString()).toBe(at(40).toISOString());
    await sweepDeadlines(database, at(40));
    expect(log).toEqual(['wo9:breach']);
  });
});

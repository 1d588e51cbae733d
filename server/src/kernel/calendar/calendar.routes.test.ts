import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedStandardCompany, type TestApp } from '../testing/index.ts';
import { calendars } from './calendar.loader.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
});
afterAll(() => t.close());

const auditCount = async (action: string) =>
  (await t.deps.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [action]))[0].n;

describe('GET /communities/{id}/calendar', () => {
  it('lists National Day 2026 with its adjusted working days for a member of the community', async () => {
    const c = await t.client().login('clerk-a');
    const res = await c.get(`/api/v1/communities/${seed.a.id}/calendar?from=2026-09-30&to=2026-10-11`);
    expect(res.status).toBe(200);
    const byDate = Object.fromEntries(res.body.days.map((d: { date: string }) => [d.date, d]));
    expect(res.body.days).toHaveLength(12);
    expect(byDate['2026-10-01']).toMatchObject({ working: false, name: '国庆节' });
    expect(byDate['2026-10-10']).toMatchObject({ working: true, name: '国庆节调休上班' });
    expect(byDate['2026-10-11']).toMatchObject({ working: false, name: '周末' });
  });

  it('refuses more than 366 days and reversed ranges with 400', async () => {
    const c = await t.client().login('clerk-a');
    const long = await c.get(`/api/v1/communities/${seed.a.id}/calendar?from=2026-01-01&to=2027-01-02`);
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('CALENDAR_RANGE_INVALID');
    expect((await c.get(`/api/v1/communities/${seed.a.id}/calendar?from=2026-01-01&to=2027-01-01`)).status).toBe(200); // 366 days
    expect((await c.get(`/api/v1/communities/${seed.a.id}/calendar?from=2026-02-01&to=2026-01-01`)).status).toBe(400);
    expect((await c.get(`/api/v1/communities/${seed.a.id}/calendar?from=2026-02-30&to=2026-03-01`)).status).toBe(400);
  });

  it('a clerk of community B gets 404 for community A', async () => {
    const c = await t.client().login('clerk-b');
    const res = await c.get(`/api/v1/communities/${seed.a.id}/calendar?from=2026-10-01&to=2026-10-02`);
    expect(res.status).toBe(404);
    expect((await t.client().get(`/api/v1/communities/${seed.a.id}/calendar?from=2026-10-01&to=2026-10-02`)).status).toBe(401);
  });
});

describe('community overrides', () => {
  it('an override wins, is audited, moves working-day clocks, and can be removed', async () => {
    const admin = await t.client().login('admin');
    const put = await admin.put(`/api/v1/communities/${seed.a.id}/calendar/overrides/2026-10-08`, { working: false, name: '停水检修' });
    expect(put.status).toBe(200);
    const cal = await calendars.calendarFor(t.deps.database.db, seed.a.id);
    expect(cal.day('2026-10-08')).toMatchObject({ working: false, name: '停水检修', source: 'override' });
    expect(cal.addWorkingDays(new Date('2026-09-30T10:00:00+08:00'), 2).toISOString()).toBe(new Date('2026-10-10T10:00:00+08:00').toISOString());
    // community B keeps the official calendar
    expect((await calendars.calendarFor(t.deps.database.db, seed.b.id)).isWorkingDay('2026-10-08')).toBe(true);
    expect(await auditCount('calendar.override.set')).toBe(1);

    expect((await admin.delete(`/api/v1/communities/${seed.a.id}/calendar/overrides/2026-10-08`)).status).toBe(200);
    expect((await calendars.calendarFor(t.deps.database.db, seed.a.id)).isWorkingDay('2026-10-08')).toBe(true);
    expect(await auditCount('calendar.override.delete')).toBe(1);
    expect((await admin.delete(`/api/v1/communities/${seed.a.id}/calendar/overrides/2026-10-08`)).status).toBe(404);
  });

  it('needs calendar.manage: the community manager is refused with 403 and nothing is written', async () => {
    const m = await t.client().login('manager-a');
    const res = await m.put(`/api/v1/communities/${seed.a.id}/calendar/overrides/2026-12-01`, { working: false, name: 'x' });
    expect(res.status).toBe(403);
    const rows = await t.deps.database.query('SELECT 1 FROM calendar_overrides');
    expect(rows).toHaveLength(0);
  });
});

describe('years without official data', () => {
  it('2027 lacks official data until an administrator enters its schedule', async () => {
    const admin = await t.client().login('admin');
    const before = await admin.get('/api/v1/calendar/years');
    expect(before.status).toBe(200);
    expect(before.body.lackingOfficialData).toEqual([2027]);
    expect(before.body.years.find((y: { year: number }) => y.year === 2026)).toMatchObject({ source: 'official', hasOfficialData: true });

    const clerk = await t.client().login('clerk-a');
    const refused = await clerk.put('/api/v1/calendar/years/2027', { holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] });
    expect(refused.status).toBe(403);
    const bad = await admin.put('/api/v1/calendar/years/2027', { holidays: [{ date: '2026-12-31', name: '元旦' }], workdays: [] });
    expect(bad.status).toBe(400);

    const schedule = {
      holidays: [{ date: '2027-01-01', name: '元旦' }, { date: '2027-02-05', name: '春节' }],
      workdays: [{ date: '2027-02-07', name: '春节调休上班' }],
    };
    expect((await admin.put('/api/v1/calendar/years/2027', schedule)).status).toBe(200);
    const after = await admin.get('/api/v1/calendar/years');
    expect(after.body.lackingOfficialData).toEqual([]);
    expect(after.body.years.find((y: { year: number }) => y.year === 2027)).toMatchObject({ source: 'entered', hasOfficialData: true });
    expect(await auditCount('calendar.year.enter')).toBe(1);

    const days = await clerk.get(`/api/v1/communities/${seed.a.id}/calendar?from=2027-01-01&to=2027-02-07`);
    const byDate = Object.fromEntries(days.body.days.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2027-01-01']).toMatchObject({ working: false, name: '元旦', source: 'entered' });
    expect(byDate['2027-02-07']).toMatchObject({ working: true, name: '春节调休上班' }); // a Sunday

    // removing the entry brings back the package data: 2027 is weekends-only again
    expect((await admin.delete('/api/v1/calendar/years/2027')).status).toBe(200);
    expect((await admin.get('/api/v1/calendar/years')).body.lackingOfficialData).toEqual([2027]);
    const again = await clerk.get(`/api/v1/communities/${seed.a.id}/calendar?from=2027-01-01&to=2027-01-01`);
    expect(again.body.days[0]).toMatchObject({ working: true, source: 'weekday' });
    expect(await auditCount('calendar.year.delete')).toBe(1);
    expect((await admin.delete('/api/v1/calendar/years/2027')).status).toBe(404);
  });

  it('an entered year replaces the package data of that year (e.g. a corrected 2026)', async () => {
    const admin = await t.client().login('admin');
    expect((await admin.put('/api/v1/calendar/years/2026', { holidays: [{ date: '2026-10-08', name: '国庆节' }], workdays: [] })).status).toBe(200);
    const cal = await calendars.calendarFor(t.deps.database.db, seed.a.id);
    expect(cal.day('2026-10-08')).toMatchObject({ working: false, source: 'entered' });
    expect(cal.day('2026-10-01')).toMatchObject({ working: true, source: 'weekday' });
    expect(cal.day('2025-10-01')).toMatchObject({ working: false, source: 'official' });
    expect((await admin.delete('/api/v1/calendar/years/2026')).status).toBe(200);
    expect((await calendars.calendarFor(t.deps.database.db, seed.a.id)).day('2026-10-01').source).toBe('official');
  });
});

describe('working hours per community', () => {
  it('come from communities.settings.calendar.workingHours, default 08:30–17:30', async () => {
    const db = t.deps.database.db;
    const eveningA = new Date('2026-11-24T19:00:00+08:00'); // a Tuesday
    expect((await calendars.calendarFor(db, seed.a.id)).isWorkingTime(eveningA)).toBe(false);
    await t.deps.database.query(`UPDATE communities SET settings = '{"calendar":{"workingHours":{"start":"08:00","end":"20:00"}}}' WHERE id = $1`, [seed.a.id]);
    calendars.invalidate(seed.a.id);
    const a = await calendars.calendarFor(db, seed.a.id);
    expect(a.workingHours).toEqual({ start: '08:00', end: '20:00' });
    expect(a.isWorkingTime(eveningA)).toBe(true);
    expect((await calendars.calendarFor(db, seed.b.id)).isWorkingTime(eveningA)).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { pauseClock, resumeClock, sweepDeadlines } from '../../kernel/deadlines/index.ts';
import { makeStructure } from '../property/testing/fixtures.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let clerk: TestClient;
let dispatcher: TestClient;
const body = (over: Record<string, unknown> = {}) => ({ communityId: seed.a.id, type: 'water_electric', urgency: 'general', scope: 'common', location: '2栋大堂', description: '照明灯不亮', ...over });
const listOf = async (c: TestClient, query: string) => {
  const res = await c.get(`/api/v1/work-orders?communityId=${seed.a.id}&${query}`);
  expect(res.status, res.raw).toBe(200);
  return res.body as { items: Array<{ id: string; formNo: number; urgency: string; status: string; clock: { kind: string; dueAt: string; paused: boolean; breached: boolean } | null }>; nextCursor: string | null };
};

beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  clerk = await t.client().login('clerk-a');
  dispatcher = await t.client().login('dispatcher-a');
});
afterAll(() => t.close());

describe('creating a work order', () => {
  it('answers with the same detail a fresh read gives, and takes the next form number', async () => {
    const created = await clerk.post('/api/v1/work-orders', body({ urgency: 'emergency', description: '水管爆裂' }));
    expect(created.status, created.raw).toBe(201);
    const read = await clerk.get(`/api/v1/work-orders/${created.body.id}`);
    expect(created.body).toEqual(read.body);
    expect(created.body.deadlines).toMatchObject([{ kind: 'response', subjectType: 'work_order', breached: false, metAt: null }]);
    expect(created.body.history).toMatchObject([{ action: 'create', to: 'new', actorId: seed.staff.clerkA.id, data: { formNo: created.body.formNo } }]);
    const [audit] = await t.deps.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'workorder.create' AND subject_id = $1`, [created.body.id]);
    const [event] = await t.deps.database.query<{ payload: { formNo: number; action: string } }>(`SELECT payload FROM outbox_events WHERE type = 'workorder.changed' AND subject_id = $1`, [created.body.id]);
    expect(audit.n).toBe(1);
    expect(event.payload).toMatchObject({ action: 'create', formNo: created.body.formNo });
  });

  it('keeps form numbers gapless: a refused creation takes no number, concurrent ones each take the next', async () => {
    const before = (await listOf(clerk, 'limit=1')).items[0]?.formNo ?? 0;
    // a photo that is not a file of the community: 404, and nothing written
    const refused = await clerk.post('/api/v1/work-orders', body({ photos: ['01900000-0000-7000-8000-000000000000'] }));
    expect(refused.status).toBe(404);
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => clerk.post('/api/v1/work-orders', body({ description: `并发报修 ${i}` }))));
    expect(made.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(made.map((r) => r.body.formNo).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => before + 1 + i));
    const [{ gaps }] = await t.deps.database.query<{ gaps: number }>(`SELECT (max(form_no) - count(*))::int AS gaps FROM work_orders WHERE community_id = $1`, [seed.a.id]);
    expect(gaps).toBe(0);
  });
});

describe('the work-order list', () => {
  let e1: string;
  let g1: string;
  let e2: string;
  let enquiry: string;
  beforeAll(async () => {
    e1 = (await clerk.post('/api/v1/work-orders', body({ urgency: 'emergency', description: '电梯困人' }))).body.id;
    g1 = (await clerk.post('/api/v1/work-orders', body({ urgency: 'general', description: '门禁失灵' }))).body.id;
    e2 = (await clerk.post('/api/v1/work-orders', body({ urgency: 'emergency', description: '配电箱冒烟' }))).body.id;
    enquiry = (await clerk.post('/api/v1/work-orders', body({ urgency: 'enquiry', description: '咨询维修价格' }))).body.id;
    t.clock.advanceMinutes(5);
    expect((await dispatcher.post(`/api/v1/work-orders/${e2}/accept`, {})).status).toBe(200);
    t.clock.advanceMinutes(15); // 20 minutes after creation: e1's 15-minute response time is over
  });

  it('filters by urgency, one or several, and refuses an unknown urgency in Chinese and English', async () => {
    const emergencies = await listOf(clerk, 'urgency=emergency');
    expect(emergencies.items.map((i) => i.id).slice(0, 2)).toEqual([e2, e1]);
    expect(new Set(emergencies.items.map((i) => i.urgency))).toEqual(new Set(['emergency']));
    const two = await listOf(clerk, 'urgency=emergency,enquiry&limit=3');
    expect(two.items.map((i) => i.id)).toEqual([enquiry, e2, e1]);
    const bad = await clerk.get(`/api/v1/work-orders?communityId=${seed.a.id}&urgency=urgent`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    clerk.lang = 'en';
    expect((await clerk.get(`/api/v1/work-orders?communityId=${seed.a.id}&urgency=urgent`)).body.error.message).toMatch(/[A-Za-z]/);
    clerk.lang = 'zh';
  });

  it('gives each row its next open clock with due time and whether it is breached', async () => {
    const rows = new Map((await listOf(clerk, 'limit=10')).items.map((i) => [i.id, i]));
    const created = new Date(t.clock.now().getTime() - 20 * 60_000);
    expect(rows.get(e1)!.clock).toEqual({ kind: 'response', dueAt: new Date(created.getTime() + 15 * 60_000).toISOString(), paused: false, breached: true });
    expect(rows.get(g1)!.clock).toEqual({ kind: 'response', dueAt: new Date(created.getTime() + 120 * 60_000).toISOString(), paused: false, breached: false });
    // accepted: the response clock is met, the dispatch clock (30 min from acceptance) is next
    expect(rows.get(e2)!.clock).toEqual({ kind: 'dispatch', dueAt: new Date(created.getTime() + 35 * 60_000).toISOString(), paused: false, breached: false });
  });

  it('overdue=true lists only orders with an open clock past its due time, before and after the sweeper marks it', async () => {
    const mine = async (query: string) => {
      const items = (await listOf(clerk, `overdue=true&limit=200&${query}`)).items;
      // every row the filter lets through shows its breached clock
      expect(items.every((i) => i.clock?.breached)).toBe(true);
      return items.map((i) => i.id).filter((id) => [e1, g1, e2, enquiry].includes(id));
    };
    expect(await mine('')).toEqual([e1]);
    for (let r = await sweepDeadlines(t.deps.database, t.clock.now()); r.claimed > 0; r = await sweepDeadlines(t.deps.database, t.clock.now()));
    expect(await mine('urgency=emergency')).toEqual([e1]);
    expect(await mine('urgency=general')).toEqual([]);
    // accepting meets the response clock: no longer overdue
    expect((await dispatcher.post(`/api/v1/work-orders/${e1}/accept`, {})).status).toBe(200);
    expect(await mine('')).toEqual([]);
    t.clock.advanceMinutes(100); // the two-hour response times are over, e1's and e2's dispatch clocks too
    expect(await mine('')).toEqual([enquiry, e2, g1, e1]);
    expect(await mine('status=new')).toEqual([enquiry, g1]);
  });

  it('overdue=true: a paused clock is not late while it waits, is late once breached, even paused again', async () => {
    const id = (await clerk.post('/api/v1/work-orders', body({ description: '等配件的报修' }))).body.id as string;
    const ref = { subjectType: 'work_order', subjectId: id, kind: 'response' };
    const listed = async () => (await listOf(clerk, 'overdue=true&limit=200')).items.some((i) => i.id === id);
    const db = t.deps.database.db;
    t.clock.advanceMinutes(10);
    await pauseClock(db, ref, t.clock.now());
    t.clock.advanceMinutes(180); // past the 2-hour due time, but the clock stood still
    expect(await listed()).toBe(false);
    await resumeClock(db, ref, t.clock.now()); // due time moves out by the 3 paused hours
    expect(await listed()).toBe(false);
    t.clock.advanceMinutes(111);
    expect(await listed()).toBe(true); // due, not swept yet
    for (let r = await sweepDeadlines(t.deps.database, t.clock.now()); r.claimed > 0; r = await sweepDeadlines(t.deps.database, t.clock.now()));
    await pauseClock(db, ref, t.clock.now());
    t.clock.advanceMinutes(5);
    await resumeClock(db, ref, t.clock.now()); // breached stays breached: due time moved past now
    expect(await listed()).toBe(true);
    await pauseClock(db, ref, t.clock.now());
    expect(await listed()).toBe(true);
  });

  it('overdue=true: an order late by its request\'s response clock is listed; paging by cursor gives the same orders, newest first, once each', async () => {
    const filed = await clerk.post('/api/v1/requests', { communityId: seed.a.id, channel: 'phone', description: '厨房水管漏水' });
    expect(filed.status, filed.raw).toBe(201);
    const fromRequest = filed.body.workOrder.id as string;
    const all = async () => (await listOf(clerk, 'overdue=true&limit=200')).items.map((i) => i.id);
    expect(await all()).not.toContain(fromRequest);
    t.clock.advanceMinutes(150); // the request's two-hour response time is over
    const whole = await all();
    expect(whole).toContain(fromRequest);
    expect([...whole].sort().reverse()).toEqual(whole);
    expect(whole.length).toBeGreaterThan(3);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listOf>> = await listOf(clerk, `overdue=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole);
  });

  it('pages newest first by cursor without overlap, with filters', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listOf>> = await listOf(clerk, `status=new,accepted&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      expect(page.items.every((i) => i.status === 'new' || i.status === 'accepted')).toBe(true);
      cursor = page.nextCursor;
    } while (cursor);
    const [{ n }] = await t.deps.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM work_orders WHERE community_id = $1 AND status IN ('new', 'accepted')`, [seed.a.id]);
    expect(seen.length).toBe(n);
    expect(new Set(seen).size).toBe(n);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('shows another community\'s orders to nobody without the right, whatever the filters', async () => {
    const clerkB = await t.client().login('clerk-b');
    expect((await clerkB.get(`/api/v1/work-orders?communityId=${seed.a.id}&overdue=true`)).status).toBe(404);
    const own = await clerkB.get('/api/v1/work-orders?urgency=emergency');
    expect(own.body.items).toEqual([]);
  });

  it('gives each row its room code (joined on the server), so lists and boards need no fetch per room', async () => {
    const manager = await t.client().login('manager-a');
    const place = await makeStructure(manager, seed.a.id, '7', 1);
    const created = await clerk.post('/api/v1/work-orders', body({ roomId: place.rooms[0].id, scope: 'household', location: undefined, description: '卫生间漏水' }));
    expect(created.status, created.raw).toBe(201);
    const row = (await listOf(clerk, 'limit=5')).items.find((i) => i.id === created.body.id) as unknown as { roomCode: string | null };
    expect(row.roomCode).toBe('7-1-101');
    const common = (await listOf(clerk, 'limit=50')).items.find((i) => i.id !== created.body.id) as unknown as { roomCode: string | null };
    expect(common.roomCode).toBeNull();
  });

  // Every console of a community refetches the list on each live change, and identical lists
  // asked together share one query (kernel sharedRead): never with a stale answer, never across scopes.
  it('lists asked together: one asked after a creation answered shows it; another scope never gets this answer', async () => {
    const storm = Array.from({ length: 20 }, () => clerk.get(`/api/v1/work-orders?communityId=${seed.a.id}&limit=5`));
    const created = await clerk.post('/api/v1/work-orders', body({ description: '刷新风暴中新建' }));
    expect(created.status).toBe(201);
    const after = Array.from({ length: 5 }, () => listOf(clerk, 'limit=5'));
    for (const page of await Promise.all(after)) expect(page.items[0].id).toBe(created.body.id);
    for (const r of await Promise.all(storm)) expect(r.status).toBe(200);
    const clerkB = await t.client().login('clerk-b');
    const [mine, theirs] = await Promise.all([clerk.get('/api/v1/work-orders?limit=20'), clerkB.get('/api/v1/work-orders?limit=20')]);
    expect((mine.body.items as Array<{ communityId: string }>).every((i) => i.communityId === seed.a.id)).toBe(true);
    expect((theirs.body.items as Array<{ communityId: string }>).some((i) => i.communityId === seed.a.id)).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/index.ts';
import { loopApp, type Loop } from './loop.fixtures.ts';

let L: Loop;
beforeAll(async () => {
  L = await loopApp();
  L.t.clock.set('2026-11-10T02:00:00Z'); // Tuesday 10:00 Shanghai
});
afterAll(() => L.t.close());

const clients = new Map<string, Promise<TestClient>>();
const as = (username: string) => {
  if (!clients.has(username)) clients.set(username, L.t.client().login(username));
  return clients.get(username)!;
};
const a = () => L.seed.a.id;
/** An order dispatched to engineer-a with the given ETA (minutes). */
const dispatched = async (etaMinutes: number, description = '厨房水龙头漏水') => {
  const clerk = await as('clerk-a');
  const id = (await clerk.post('/api/v1/work-orders', { communityId: a(), roomId: L.rooms[0], type: 'water_electric', urgency: 'general', scope: 'household', description })).body.id as string;
  await clerk.post(`/api/v1/work-orders/${id}/accept`);
  const d = await (await as('dispatcher-a')).post(`/api/v1/work-orders/${id}/dispatch`, { assigneeId: L.seed.staff.engineerA.id, etaMinutes });
  expect(d.status).toBe(200);
  return id;
};
const pending = async () => (await (await as('supervisor-a')).get(`/api/v1/work-orders/supervision?communityId=${a()}`)).body.items.map((x: any) => x.id) as string[];
const row = (id: string) => L.q(`SELECT supervised_at, supervision_result, supervision_late_minutes, updated_at FROM work_orders WHERE id = $1`, [id]);

describe('supervision: punctuality confirmed with the owner at the appointment time (R-WO-7)', () => {
  it('shows in 待督导 once the promised time has passed; the supervisor records "late by N minutes" with a note, once', async () => {
    const id = await dispatched(30);
    const sup = await as('supervisor-a');
    // before the ETA: not pending, and refused with a clear message; nothing changes
    expect(await pending()).not.toContain(id);
    const before = await row(id);
    const early = await sup.post(`/api/v1/work-orders/${id}/supervise`, { result: 'on_time' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('WO_SUPERVISE_TOO_EARLY');
    expect(early.body.error.message).toContain('预约时间（');
    expect(await row(id)).toEqual(before);

    L.t.clock.advanceMinutes(31);
    const list = (await sup.get(`/api/v1/work-orders/supervision?communityId=${a()}`)).body.items;
    expect(list.find((x: any) => x.id === id)).toMatchObject({ status: 'dispatched', roomCode: '1-1-101', assigneeName: 'engineer-a' });

    // a technician or a clerk cannot supervise; "late" needs the minutes
    expect((await (await as('engineer-a')).post(`/api/v1/work-orders/${id}/supervise`, { result: 'on_time' })).status).toBe(403);
    expect((await (await as('clerk-a')).post(`/api/v1/work-orders/${id}/supervise`, { result: 'on_time' })).status).toBe(403);
    const noMinutes = await sup.post(`/api/v1/work-orders/${id}/supervise`, { result: 'late' });
    expect(noMinutes.status).toBe(400);
    expect(noMinutes.body.error.code).toBe('WO_LATE_MINUTES_REQUIRED');
    expect(await row(id)).toEqual(before);

    const ok = await sup.post(`/api/v1/work-orders/${id}/supervise`, { result: 'late', lateMinutes: 12, note: '业主说师傅晚到，已致歉' });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('dispatched'); // a record, not a state change
    expect(ok.body.supervision).toMatchObject({ result: 'late', lateMinutes: 12, note: '业主说师傅晚到，已致歉', by: { id: L.seed.staff.supervisorA.id, name: 'supervisor-a' } });
    const entry = ok.body.history.find((h: any) => h.action === 'supervise');
    expect(entry).toMatchObject({ actorId: L.seed.staff.supervisorA.id, actorName: 'supervisor-a', actorRole: { code: 'supervisor', nameZh: '部门主管' }, data: { result: 'late', lateMinutes: 12 } });
    expect(await pending()).not.toContain(id);
    // the technician hears about it
    expect((await L.notes('workorder.supervised', L.seed.staff.engineerA.id)).map((n) => n.title)).toEqual([expect.stringContaining('迟到 12 分钟')]);

    const again = await sup.post(`/api/v1/work-orders/${id}/supervise`, { result: 'on_time' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('WO_ALREADY_SUPERVISED');
  });

  it('an early arrival may be confirmed before the promised time; a new order (nobody sent) cannot be supervised', async () => {
    const id = await dispatched(120);
    await (await as('engineer-a')).post(`/api/v1/work-orders/${id}/start`);
    const res = await (await as('supervisor-a')).post(`/api/v1/work-orders/${id}/supervise`, { result: 'on_time' });
    expect(res.status).toBe(200);
    const fresh = (await (await as('clerk-a')).post('/api/v1/work-orders', { communityId: a(), roomId: L.rooms[0], type: 'civil', urgency: 'general', scope: 'household', description: '墙面开裂' })).body.id;
    const refused = await (await as('supervisor-a')).post(`/api/v1/work-orders/${fresh}/supervise`, { result: 'on_time' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', message: '当前状态“待受理”不能执行“督导”' });
  });

  it('feeds the KPI punctuality figure: on time of the owners reached; not reached counted apart', async () => {
    L.t.clock.set('2026-11-12T02:00:00Z');
    clients.clear();
    const ids = [await dispatched(10), await dispatched(10), await dispatched(10)];
    L.t.clock.advanceMinutes(15);
    const sup = await as('supervisor-a');
    await sup.post(`/api/v1/work-orders/${ids[0]}/supervise`, { result: 'on_time' });
    await sup.post(`/api/v1/work-orders/${ids[1]}/supervise`, { result: 'not_reached', note: '电话无人接听' });
    const kpi = (await (await as('manager-a')).get(`/api/v1/work-orders/kpi?communityId=${a()}&month=2026-11`)).body;
    // this month: the late one of the first test, the early on-time one of the second, and these two
    expect(kpi.punctuality).toEqual({ onTime: 2, of: 3, notReached: 1, rate: 0.6667 });
    expect(await pending()).toContain(ids[2]);
  });
});

describe('timeline with names and roles (R-WO-8)', () => {
  it('every history entry says who did it by name and role; the owner is masked', async () => {
    const owner = await L.t.client().login('13800000001');
    const r = await owner.post('/api/v1/requests', { communityId: a(), roomId: L.rooms[0], channel: 'app', description: '卫生间水管漏水' });
    const woId = r.body.workOrder.id;
    await (await as('clerk-a')).post(`/api/v1/work-orders/${woId}/accept`);
    const d = await (await as('dispatcher-a')).post(`/api/v1/work-orders/${woId}/dispatch`, { assigneeId: L.seed.staff.engineerA.id, etaMinutes: 20 });
    expect(d.body.history.map((h: any) => [h.action, h.actorName, h.actorRole?.code])).toEqual([
      ['create', '业**', 'owner'],
      ['accept', 'clerk-a', 'clerk'],
      ['dispatch', 'dispatcher-a', 'dispatcher'],
    ]);
  });
});

describe('technicians for the dispatch board (R-WO-2)', () => {
  it('per community: skills, on-duty status from the roster, open orders and the cap', async () => {
    L.t.clock.set('2026-11-20T02:00:00Z'); // Friday 10:00 Shanghai: day shift
    clients.clear();
    const disp = await as('dispatcher-a');
    const url = `/api/v1/technicians?communityId=${a()}`;
    const before = (await disp.get(url)).body;
    const open = (id: string) => before.items.find((x: any) => x.id === id).openOrders as number;
    expect(before.rosterKept).toBe(false);
    expect(before.cap).toBe(10);
    const engA = before.items.find((x: any) => x.id === L.seed.staff.engineerA.id);
    expect(engA).toMatchObject({ name: 'engineer-a', skills: ['water_electric', 'civil'], onDuty: true, shift: null, cap: 10, phone: '139****0011' });
    expect(before.items.map((x: any) => x.id)).toContain(L.engineer2.id);
    expect(before.items.map((x: any) => x.id)).not.toContain(L.seed.staff.supervisorA.id); // supervisors are not field technicians

    await dispatched(30);
    await (await as('manager-a')).put('/api/v1/dispatch-settings', { communityId: a(), type: null, mode: 'assign', maxOpenPerTechnician: 20 });
    await disp.put('/api/v1/duty-roster', { communityId: a(), date: '2026-11-20', entries: [{ userId: L.engineer2.id, shift: 'night' }, { userId: L.seed.staff.engineerA.id, shift: 'day' }] });
    const after = (await disp.get(url)).body;
    expect(after.rosterKept).toBe(true);
    expect(after.items.find((x: any) => x.id === L.seed.staff.engineerA.id)).toMatchObject({ onDuty: true, shift: 'day', openOrders: open(L.seed.staff.engineerA.id) + 1, cap: 20 });
    expect(after.items.find((x: any) => x.id === L.engineer2.id)).toMatchObject({ onDuty: false, shift: 'night' });
  });

  it('another community’s clerk is refused; a technician cannot check punctuality lists', async () => {
    expect((await (await as('clerk-b')).get(`/api/v1/technicians?communityId=${a()}`)).status).toBeGreaterThanOrEqual(403);
    expect((await (await as('engineer-a')).get(`/api/v1/work-orders/supervision?communityId=${a()}`)).status).toBe(403);
  });
});

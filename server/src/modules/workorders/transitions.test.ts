import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestClient } from '../../kernel/testing/index.ts';
import { loopApp, type Loop } from './loop.fixtures.ts';

let L: Loop;
beforeAll(async () => {
  L = await loopApp();
});
afterAll(() => L.t.close());

// one logged-in client per user (logins are rate-limited per address)
const clients = new Map<string, Promise<TestClient>>();
const as = (username: string) => {
  if (!clients.has(username)) clients.set(username, L.t.client().login(username));
  return clients.get(username)!;
};
const newOrder = async (over: Record<string, unknown> = {}) => {
  const res = await (await as('clerk-a')).post('/api/v1/work-orders', { communityId: L.seed.a.id, roomId: L.rooms[0], type: 'water_electric', urgency: 'general', scope: 'household', description: '厨房水龙头漏水', ...over });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
/** Row, history and audit of an order, to prove a refused action changed nothing. */
const snapshot = async (id: string) => ({
  row: await L.q(`SELECT status, assignee_id, updated_at FROM work_orders WHERE id = $1`, [id]),
  history: await L.q(`SELECT count(*)::int AS n FROM work_order_history WHERE work_order_id = $1`, [id]),
  audit: await L.q(`SELECT count(*)::int AS n FROM audit_log WHERE subject_id = $1`, [id]),
  events: await L.q(`SELECT count(*)::int AS n FROM outbox_events WHERE subject_id = $1`, [id]),
});
const dispatched = async (assigneeId = L.seed.staff.engineerA.id, over: Record<string, unknown> = {}) => {
  const id = await newOrder(over);
  await (await as('clerk-a')).post(`/api/v1/work-orders/${id}/accept`);
  const d = await (await as('dispatcher-a')).post(`/api/v1/work-orders/${id}/dispatch`, { assigneeId, etaMinutes: 30 });
  expect(d.status).toBe(200);
  return id;
};

describe('illegal transitions are refused with clear messages and change nothing (R-WO-8)', () => {
  it('complete before start → 409 ILLEGAL_TRANSITION naming state and action, in zh and en', async () => {
    const id = await dispatched();
    const before = await snapshot(id);
    const tech = await L.t.client().login('engineer-a');
    const res = await tech.post(`/api/v1/work-orders/${id}/complete`, { summary: '修好了' });
    expect(res.status).toBe(409);
    // each language on its own: no English word in the Chinese message, no Chinese in the English one
    expect(res.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', message: '当前状态“已派单”不能执行“完工”' });
    expect(res.body.error.message).not.toMatch(/[A-Za-z]/);
    tech.lang = 'en';
    const en = (await tech.post(`/api/v1/work-orders/${id}/complete`, { summary: 'x' })).body.error.message;
    expect(en).toBe('Cannot complete in the state “dispatched”');
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await snapshot(id)).toEqual(before);
    // the same for a state with a two-word English label
    await tech.post(`/api/v1/work-orders/${id}/depart`);
    tech.lang = 'zh';
    expect((await tech.post(`/api/v1/work-orders/${id}/depart`)).body.error.message).toBe('当前状态“在途”不能执行“出发”');
    tech.lang = 'en';
    expect((await tech.post(`/api/v1/work-orders/${id}/depart`)).body.error.message).toBe('Cannot depart in the state “on the way”');
  });

  it('closing an elevator job without its operation record and test report → 409 with what is missing', async () => {
    const id = await dispatched(L.engineer2.id, { type: 'elevator', scope: 'common', roomId: undefined, location: '1栋1号电梯', description: '电梯门关不上' });
    const tech = await as('engineer-a2');
    await tech.post(`/api/v1/work-orders/${id}/start`);
    await tech.post(`/api/v1/work-orders/${id}/complete`, { summary: '调整门机' });
    await (await as('supervisor-a')).post(`/api/v1/work-orders/${id}/callback`, { fixed: true, satisfaction: 5 });
    await tech.post(`/api/v1/work-orders/${id}/report`, { operationRecord: '调整门刀间隙' });
    const before = await snapshot(id);
    const res = await (await as('clerk-a')).post(`/api/v1/work-orders/${id}/close`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('WO_CLOSE_NEEDS_REPORT');
    expect(res.body.error.message).toContain('检测报告');
    expect(res.body.error.message).not.toContain('操作记录 operation record');
    expect(await snapshot(id)).toEqual(before);
  });

  it('a technician dispatching → 403 FORBIDDEN; a technician acting on someone else’s order → 403 WO_NOT_ASSIGNEE', async () => {
    const id = await newOrder();
    await (await as('clerk-a')).post(`/api/v1/work-orders/${id}/accept`);
    const before = await snapshot(id);
    const res = await (await as('engineer-a')).post(`/api/v1/work-orders/${id}/dispatch`, { assigneeId: L.seed.staff.engineerA.id, etaMinutes: 10 });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: '没有权限执行此操作（需要 workorder.dispatch）' });
    expect(await snapshot(id)).toEqual(before);
    const other = await dispatched(L.engineer2.id);
    const res2 = await (await as('engineer-a')).post(`/api/v1/work-orders/${other}/depart`);
    expect(res2.status).toBe(403);
    expect(res2.body.error.code).toBe('WO_NOT_ASSIGNEE');
  });

  it('an owner touching another owner’s order → 403; reading it → 403; an owner cannot dispatch or close even their own', async () => {
    const id = await dispatched();
    const neighbour = await as('13800000002');
    const before = await snapshot(id);
    for (const [action, body] of [['sign-off', { satisfaction: 1 }], ['cancel', { reason: 'x' }]] as const) {
      const res = await neighbour.post(`/api/v1/work-orders/${id}/${action}`, body);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('WO_NOT_YOURS');
    }
    expect((await neighbour.get(`/api/v1/work-orders/${id}`)).status).toBe(403);
    expect((await neighbour.get('/api/v1/work-orders')).body.items.map((w: any) => w.id)).not.toContain(id);
    const owner = await as('13800000001');
    expect((await owner.get(`/api/v1/work-orders/${id}`)).status).toBe(200);
    expect((await owner.post(`/api/v1/work-orders/${id}/close`)).status).toBe(403);
    expect((await owner.post(`/api/v1/work-orders/${id}/sign-off`, { satisfaction: 5 })).status).toBe(409); // own order, but not completed yet
    expect(await snapshot(id)).toEqual(before);
  });

  it('a clerk of community B cannot see or act on an order of A → 404', async () => {
    const id = await newOrder();
    const b = await as('clerk-b');
    expect((await b.get(`/api/v1/work-orders/${id}`)).status).toBe(404);
    expect((await b.post(`/api/v1/work-orders/${id}/accept`)).status).toBe(404);
  });
});

describe('dispatch, transfer, return, callback (R-WO-2/7/8)', () => {
  it('transfer keeps the chain of handlers; return puts it back for dispatch with a reason', async () => {
    const id = await dispatched();
    const sup = await as('supervisor-a');
    const moved = await (await as('dispatcher-a')).post(`/api/v1/work-orders/${id}/transfer`, { assigneeId: L.engineer2.id, reason: '需要电梯工' });
    expect(moved.body).toMatchObject({ status: 'dispatched', handlers: [L.seed.staff.engineerA.id, L.engineer2.id], assignee: { id: L.engineer2.id } });
    const back = await (await as('engineer-a2')).post(`/api/v1/work-orders/${id}/return`, { reason: '不是我的专业' });
    expect(back.body).toMatchObject({ status: 'returned', assignee: null });
    expect((await sup.get(`/api/v1/work-orders/${id}`)).body.history.at(-1)).toMatchObject({ action: 'return', data: { reason: '不是我的专业' } });
    expect((await L.notes('workorder.returned', L.seed.staff.supervisorA.id)).length).toBeGreaterThan(0);
    expect((await (await as('dispatcher-a')).post(`/api/v1/work-orders/${id}/dispatch`, { assigneeId: L.seed.staff.engineerA.id, etaMinutes: 20 })).body.status).toBe('dispatched');
  });

  it('callback "not fixed" re-dispatches to the technician and escalates to supervisor and manager', async () => {
    const id = await dispatched();
    const tech = await as('engineer-a');
    await tech.post(`/api/v1/work-orders/${id}/start`);
    await tech.post(`/api/v1/work-orders/${id}/complete`, { summary: '换阀芯' });
    const res = await (await as('supervisor-a')).post(`/api/v1/work-orders/${id}/callback`, { fixed: false, satisfaction: 2, note: '还在滴水' });
    expect(res.body).toMatchObject({ status: 'dispatched', reopenCount: 1, escalationLevel: 1, callbackFixed: false, assignee: { id: L.seed.staff.engineerA.id } });
    const esc = await L.q(`SELECT recipient_id FROM notifications WHERE subject_id = $1 AND kind = 'workorder.escalated' AND channel = 'in_app'`, [id]);
    expect(esc.map((e) => e.recipient_id).sort()).toEqual([L.seed.staff.supervisorA.id, L.seed.staff.managerA.id].sort());
    expect(res.body.deadlines.filter((d: any) => d.kind === 'on_site' && !d.metAt)).toHaveLength(1);
  });

  it('a technician at the cap of open orders cannot be given another', async () => {
    await L.q(`INSERT INTO dispatch_settings (community_id, type, mode, max_open_per_technician) VALUES ($1, 'greening', 'assign', 1)`, [L.seed.a.id]);
    const gardener = await makeUser(L.t.deps.database.db, L.t.deps.pii, L.seed.roleIds, { companyId: L.seed.company.id, username: 'gardener-a', name: '园艺王', skills: ['greening'], roles: [['engineer', L.seed.a.id]] });
    await dispatched(gardener.id, { type: 'greening', scope: 'common', description: '树枝折断' });
    const id = await newOrder({ type: 'greening', scope: 'common', description: '草坪积水' });
    await (await as('clerk-a')).post(`/api/v1/work-orders/${id}/accept`);
    const res = await (await as('dispatcher-a')).post(`/api/v1/work-orders/${id}/dispatch`, { assigneeId: gardener.id, etaMinutes: 30 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'WO_TECHNICIAN_AT_CAP', message: '该维修人员未完成工单已达上限（1 单），请选择其他人员' });
    const s = await (await as('dispatcher-a')).get(`/api/v1/work-orders/${id}/suggestions`);
    expect(s.body.items.find((x: any) => x.userId === gardener.id)).toMatchObject({ atCap: true, openOrders: 1, skillMatch: true });
  });

  it('grab mode: accept puts the order in the pool and tells skilled technicians; the first grab wins', async () => {
    await L.q(`INSERT INTO dispatch_settings (community_id, type, mode) VALUES ($1, 'civil', 'grab')`, [L.seed.a.id]);
    const id = await newOrder({ type: 'civil', description: '墙面开裂' });
    const acc = await (await as('clerk-a')).post(`/api/v1/work-orders/${id}/accept`);
    expect(acc.body).toMatchObject({ status: 'accepted', inPool: true });
    expect((await L.notes('workorder.pool', L.seed.staff.engineerA.id)).length).toBe(1); // skills: water_electric, civil
    const pool = await (await as('engineer-a')).get(`/api/v1/work-orders?pool=true&communityId=${L.seed.a.id}`);
    expect(pool.body.items.map((w: any) => w.id)).toContain(id);
    const got = await (await as('engineer-a')).post(`/api/v1/work-orders/${id}/grab`, { etaMinutes: 20 });
    expect(got.body).toMatchObject({ status: 'dispatched', inPool: false, assignee: { id: L.seed.staff.engineerA.id } });
    const late = await (await as('engineer-a2')).post(`/api/v1/work-orders/${id}/grab`, {});
    expect(late.status).toBe(409);
  });

  it('round-robin mode: accept dispatches at once to the next eligible technician in turn', async () => {
    await L.q(`INSERT INTO dispatch_settings (community_id, type, mode) VALUES ($1, 'smart', 'round_robin')`, [L.seed.a.id]);
    const assignees = [];
    const technicians = (await L.q(`SELECT DISTINCT ur.user_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.community_id = $1 AND r.code = 'engineer'`, [L.seed.a.id])).length;
    for (let i = 0; i <= technicians; i++) {
      const id = await newOrder({ type: 'smart', description: `门禁故障 ${i}` });
      const res = await (await as('clerk-a')).post(`/api/v1/work-orders/${id}/accept`);
      expect(res.body.status).toBe('dispatched');
      expect(res.body.history.map((h: any) => h.action)).toEqual(['create', 'accept', 'dispatch']);
      assignees.push(res.body.assignee.id);
    }
    expect(new Set(assignees.slice(0, technicians)).size).toBe(technicians); // everyone once …
    expect(assignees[technicians]).toBe(assignees[0]); // … then round again
  });

  it('suggestions weigh skill, the on-duty roster and open load; settings and roster are editable over the API', async () => {
    const manager = await as('manager-a');
    expect((await manager.put('/api/v1/dispatch-settings', { communityId: L.seed.a.id, type: null, mode: 'assign', maxOpenPerTechnician: 50 })).status).toBe(200);
    expect((await (await as('engineer-a')).put('/api/v1/dispatch-settings', { communityId: L.seed.a.id, type: null, mode: 'grab', maxOpenPerTechnician: 1 })).status).toBe(403);
    const id = await newOrder({ description: '卫生间灯不亮' });
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(L.t.clock.now());
    const d = await as('dispatcher-a');
    expect((await d.put('/api/v1/duty-roster', { communityId: L.seed.a.id, date: day, entries: [{ userId: L.engineer2.id, shift: 'all' }] })).status).toBe(200);
    const s = (await d.get(`/api/v1/work-orders/${id}/suggestions`)).body.items;
    expect(s.find((x: any) => x.userId === L.seed.staff.engineerA.id)).toMatchObject({ skillMatch: true, onDuty: false });
    expect(s.find((x: any) => x.userId === L.engineer2.id)).toMatchObject({ skillMatch: false, onDuty: true });
    expect((await d.put('/api/v1/duty-roster', { communityId: L.seed.a.id, date: day, entries: [{ userId: L.seed.staff.clerkA.id, shift: 'day' }] })).status).toBe(400);
    await d.put('/api/v1/duty-roster', { communityId: L.seed.a.id, date: day, entries: [] });
    expect((await d.get(`/api/v1/work-orders/${id}/suggestions`)).body.items[0]).toMatchObject({ userId: L.seed.staff.engineerA.id, skillMatch: true, onDuty: true });
  });

  it('household job: quote from the catalogue + materials; on completion the charge goes to billing, never cash', async () => {
    const [item] = await L.q(`INSERT INTO service_items (community_id, code, name, type, price_fen, unit) VALUES ($1, 'SD-01', '更换水龙头', 'water_electric', 3000, '个') RETURNING id`, [L.seed.a.id]);
    const id = await dispatched();
    const tech = await as('engineer-a');
    await tech.post(`/api/v1/work-orders/${id}/start`);
    const q = await tech.post(`/api/v1/work-orders/${id}/quote`, { serviceItemId: item.id, quantity: 1, materials: [{ name: '水龙头（业主委托代购）', quantity: 1, unitFen: 8550 }] });
    expect(q.body.quote).toMatchObject({ laborFen: 3000, materialsFen: 8550, totalFen: 11550 });
    const done = await tech.post(`/api/v1/work-orders/${id}/complete`, { summary: '已更换' });
    expect(done.body.chargeFen).toBe(11550);
    const [charge] = await L.q(`SELECT payload FROM outbox_events WHERE type = 'workorder.charge' AND subject_id = $1`, [id]);
    expect(charge.payload).toMatchObject({ amountFen: 11550, roomId: L.rooms[0], collectedByTechnician: false });
  });

  it('form numbers are sequential per community without gaps, even when a creation fails', async () => {
    const clerk = await as('clerk-a');
    const one = (await clerk.post('/api/v1/work-orders', { communityId: L.seed.a.id, type: 'other', urgency: 'general', scope: 'common', description: '甲' })).body.formNo;
    const bad = await clerk.post('/api/v1/work-orders', { communityId: L.seed.a.id, type: 'other', urgency: 'general', scope: 'common', description: '乙', photos: ['01900000-0000-7000-8000-000000000000'] });
    expect(bad.status).toBe(404);
    const two = (await clerk.post('/api/v1/work-orders', { communityId: L.seed.a.id, type: 'other', urgency: 'general', scope: 'common', description: '丙' })).body.formNo;
    expect(two).toBe(one + 1);
  });

  it('lists page by cursor, newest first, with status and assignee filters', async () => {
    const d = await as('dispatcher-a');
    const first = await d.get(`/api/v1/work-orders?communityId=${L.seed.a.id}&limit=3`);
    expect(first.body.items).toHaveLength(3);
    const second = await d.get(`/api/v1/work-orders?communityId=${L.seed.a.id}&limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id < first.body.items[2].id).toBe(true);
    const mine = await d.get(`/api/v1/work-orders?status=dispatched,in_progress&assigneeId=${L.engineer2.id}`);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((w: any) => w.assigneeId === L.engineer2.id && ['dispatched', 'in_progress'].includes(w.status))).toBe(true);
  });
});

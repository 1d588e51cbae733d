import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../kernel/deadlines/index.ts';
import { loopApp, type Loop } from './loop.fixtures.ts';

let L: Loop;
beforeAll(async () => {
  L = await loopApp();
});
afterAll(() => L.t.close());

/** Notifications about one subject, by kind and recipient. */
const as = (username: string) => L.t.client().login(username);
const about = (subjectId: string, kind: string) =>
  L.q<{ recipient_id: string; title: string; body: string; channel: string }>(`SELECT recipient_id, title, body, channel FROM notifications WHERE subject_id = $1 AND kind = $2 AND channel = 'in_app' ORDER BY created_at, id`, [subjectId, kind]);
const file = async (description: string, roomIdx = 0) => {
  const owner = await L.t.client().login(`1380000000${roomIdx + 1}`);
  const res = await owner.post('/api/v1/requests', { communityId: L.seed.a.id, roomId: L.rooms[roomIdx], channel: 'app', description });
  expect(res.status).toBe(201);
  return res.body;
};
const clock = (subjectId: string, kind: string) =>
  L.q<{ due_at: Date; paused_at: Date | null; paused_ms: number; breached_at: Date | null; met_at: Date | null }>(`SELECT due_at, paused_at, paused_ms, breached_at, met_at FROM deadlines WHERE subject_id = $1 AND kind = $2`, [subjectId, kind]).then((r) => r[0]);

describe('SLA clocks with a controllable clock (R-DESK-3, R-WO-2/3)', () => {
  it('an emergency not responded to within 15 minutes warns at 50%/75%, breaches to the supervisor once, then escalates to the manager once', async () => {
    L.t.clock.set('2026-11-24T02:00:00Z');
    const r = await file('5号楼电梯困人了，快来');
    const { clerkA, supervisorA, managerA } = L.seed.staff;
    L.t.clock.advanceMinutes(7.5);
    await L.sweep();
    const w50 = await about(r.id, 'sla.warning');
    expect(w50.map((n) => n.recipient_id)).toContain(clerkA.id); // nobody took it yet: the desk is warned
    expect(w50.map((n) => n.recipient_id)).not.toContain(supervisorA.id);
    L.t.clock.advanceMinutes(4);
    await L.sweep();
    expect((await about(r.id, 'sla.warning')).filter((n) => n.recipient_id === supervisorA.id)).toHaveLength(1); // 75%: + supervisor
    expect(await about(r.id, 'sla.breach')).toEqual([]);
    L.t.clock.advanceMinutes(4); // 15.5 minutes
    await L.sweep();
    await L.sweep();
    L.t.clock.advanceMinutes(5);
    await L.sweep();
    const breach = await about(r.id, 'sla.breach');
    expect(breach.map((n) => n.recipient_id)).toEqual([supervisorA.id]);
    expect(breach[0].title).toContain('响应已超时');
    expect(breach[0].body).toBe('响应时限 2026/11/24 10:15'); // Shanghai time, as people read it
    expect(await about(r.id, 'sla.escalation')).toEqual([]);
    L.t.clock.advanceMinutes(11); // 31.5 minutes: first repeat after the breach
    await L.sweep();
    L.t.clock.advanceMinutes(60);
    await L.sweep();
    expect((await about(r.id, 'sla.escalation')).map((n) => n.recipient_id)).toEqual([managerA.id]);
    expect(await about(r.id, 'sla.breach')).toHaveLength(1);
    const detail = (await (await L.t.client().login('clerk-a')).get(`/api/v1/requests/${r.id}`)).body;
    expect(detail.deadlines.find((d: any) => d.kind === 'response')).toMatchObject({ breached: true, metAt: null });
  });

  it('raising the urgency keeps the original start time', async () => {
    L.t.clock.set('2026-11-25T02:00:00Z');
    const r = await file('电梯有点异响');
    expect(r.urgency).toBe('general');
    const startedAt = r.deadlines.find((d: any) => d.kind === 'response').startedAt;
    expect(new Date(r.deadlines.find((d: any) => d.kind === 'response').dueAt).getTime() - Date.parse(startedAt)).toBe(120 * 60_000);
    L.t.clock.advanceMinutes(10);
    const clerk = await L.t.client().login('clerk-a');
    const raised = await clerk.post(`/api/v1/requests/${r.id}/classify`, { category: 'elevator', urgency: 'emergency' });
    const response = raised.body.deadlines.find((d: any) => d.kind === 'response');
    expect(response.startedAt).toBe(startedAt);
    expect(Date.parse(response.dueAt) - Date.parse(startedAt)).toBe(15 * 60_000);
    expect(raised.body.workOrder.id).toBeTruthy();
    const wo = (await clerk.get(`/api/v1/work-orders/${raised.body.workOrder.id}`)).body;
    expect(wo).toMatchObject({ urgency: 'emergency', repairNow: true });
    expect(wo.history.map((h: any) => h.action)).toEqual(['create', 'reclassify']);
  });

  it('waiting for the owner does not count: every clock pauses and its due time moves out by the wait', async () => {
    L.t.clock.set('2026-11-26T02:00:00Z');
    const r = await file('卫生间漏水，天花板在滴水');
    const woId = r.workOrder.id;
    const clerk = await L.t.client().login('clerk-a');
    const dispatcher = await L.t.client().login('dispatcher-a');
    const tech = await L.t.client().login('engineer-a');
    await clerk.post(`/api/v1/work-orders/${woId}/accept`);
    await dispatcher.post(`/api/v1/work-orders/${woId}/dispatch`, { assigneeId: L.seed.staff.engineerA.id, etaMinutes: 30 });
    await tech.post(`/api/v1/work-orders/${woId}/depart`);
    const before = await clock(r.id, 'result');
    L.t.clock.advanceMinutes(20);
    const waiting = await tech.post(`/api/v1/work-orders/${woId}/wait`, { reason: 'owner', note: '业主不在家，已在门上留言条', appointmentAt: '2026-11-30T02:00:00Z' });
    expect(waiting.body).toMatchObject({ status: 'waiting_owner', waitNote: '业主不在家，已在门上留言条' });
    L.t.clock.set('2026-11-30T02:00:00Z'); // four days later: far past the 2-working-day result clock
    await L.sweep();
    const paused = (await (await as('clerk-a')).get(`/api/v1/work-orders/${woId}`)).body.deadlines.find((d: any) => d.subjectType === 'request' && d.kind === 'result');
    expect(paused).toMatchObject({ paused: true, breached: false });
    await (await as('engineer-a')).post(`/api/v1/work-orders/${woId}/resume`);
    const after = await clock(r.id, 'result');
    const waited = Date.parse('2026-11-30T02:00:00Z') - Date.parse('2026-11-26T02:20:00Z');
    expect(after.paused_ms).toBe(waited);
    expect(after.due_at.getTime() - before.due_at.getTime()).toBe(waited);
    expect(after.breached_at).toBeNull();
    expect(await about(r.id, 'sla.breach')).toEqual([]);
    expect(await about(r.id, 'request.delay')).toEqual([]);
  });

  it('"2 working days" skips a weekend and a public holiday (清明 2026), and the delay notice repeats until closed', async () => {
    L.t.clock.set('2026-04-02T02:00:00Z'); // Thursday 10:00 Shanghai
    const r = await file('楼道墙皮脱落', 1);
    const result = r.deadlines.find((d: any) => d.kind === 'result');
    expect(result.dueAt).toBe('2026-04-07T02:00:00.000Z'); // Fri + (Sat, Sun, Mon 清明 skipped) + Tue 10:00
    L.t.clock.set('2026-04-06T15:00:00Z'); // Monday 23:00, still inside
    await L.sweep();
    expect(await about(r.id, 'request.delay')).toEqual([]);
    L.t.clock.set('2026-04-07T02:01:00Z');
    await L.sweep();
    const first = await about(r.id, 'request.delay');
    expect(first.map((n) => n.recipient_id)).toEqual([L.owners[1].id]);
    expect(first[0].body).toContain('正在协调处理'); // no reason recorded yet …
    expect((await about(r.id, 'request.delay_reason_missing')).length).toBe(1); // … so the handler is asked for one
    await (await as('clerk-a')).post(`/api/v1/requests/${r.id}/delay`, { reason: '外墙需搭脚手架', expectedAt: '2026-04-15T02:00:00Z' });
    L.t.clock.set('2026-04-08T02:02:00Z');
    await L.sweep();
    L.t.clock.set('2026-04-09T02:03:00Z');
    await L.sweep();
    await L.sweep();
    const notices = await about(r.id, 'request.delay');
    expect(notices).toHaveLength(4); // breach, the recorded-delay reply, two daily repeats
    expect(notices.at(-1)!.body).toContain('外墙需搭脚手架');
    expect(notices.at(-1)!.body).toContain('2026年4月15日');
    // the job is done and closed: no more notices
    const woId = r.workOrder.id;
    const clerk = await as('clerk-a');
    const dispatcher = await as('dispatcher-a');
    const tech = await as('engineer-a');
    await clerk.post(`/api/v1/work-orders/${woId}/accept`);
    await dispatcher.post(`/api/v1/work-orders/${woId}/dispatch`, { assigneeId: L.seed.staff.engineerA.id, etaMinutes: 60 });
    await tech.post(`/api/v1/work-orders/${woId}/start`);
    await tech.post(`/api/v1/work-orders/${woId}/complete`, { summary: '已修补' });
    await (await L.t.client().login('supervisor-a')).post(`/api/v1/work-orders/${woId}/callback`, { fixed: true, satisfaction: 4 });
    expect((await clerk.post(`/api/v1/work-orders/${woId}/close`)).body.status).toBe('closed');
    L.t.clock.set('2026-04-14T02:00:00Z');
    await L.sweep();
    expect(await about(r.id, 'request.delay')).toHaveLength(4);
  });

  it('an owner who does not rate within 48 h no longer blocks the order: it moves on to callback', async () => {
    L.t.clock.set('2026-12-01T02:00:00Z');
    const clerk = await L.t.client().login('clerk-a');
    const created = await clerk.post('/api/v1/work-orders', { communityId: L.seed.a.id, roomId: L.rooms[0], type: 'water_electric', urgency: 'general', scope: 'household', description: '插座不通电' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await clerk.post(`/api/v1/work-orders/${id}/accept`);
    await (await L.t.client().login('dispatcher-a')).post(`/api/v1/work-orders/${id}/dispatch`, { assigneeId: L.seed.staff.engineerA.id, etaMinutes: 60 });
    const tech = await L.t.client().login('engineer-a');
    await tech.post(`/api/v1/work-orders/${id}/start`);
    await tech.post(`/api/v1/work-orders/${id}/complete`, { summary: '更换插座' });
    L.t.clock.advanceMinutes(47 * 60);
    await L.sweep();
    expect((await (await as('clerk-a')).get(`/api/v1/work-orders/${id}`)).body.status).toBe('completed');
    L.t.clock.advanceMinutes(61);
    await L.sweep();
    const wo = (await (await as('clerk-a')).get(`/api/v1/work-orders/${id}`)).body;
    expect(wo.status).toBe('signed_off');
    expect(wo.history.at(-1)).toMatchObject({ action: 'rating-timeout', from: 'completed', to: 'signed_off', actorId: null });
    expect(wo.satisfaction).toBeNull();
  });
});

describe('a burst of escalations, set-based', () => {
  let B: Loop;
  beforeAll(async () => {
    B = await loopApp();
  });
  afterAll(() => B.t.close());

  /**
   * Sweeps everything due now with the given batch size and returns the notifications it wrote;
   * then undoes the sweep's records and its notifications, so the next call fires the same again.
   */
  async function fired(batch: number) {
    const now = B.t.clock.now();
    const before = await B.q(`SELECT id, fired_milestones, breached_at, repeat_count, next_fire_at FROM deadlines`);
    for (;;) if ((await sweepDeadlines(B.t.deps.database, now, { batch })).claimed === 0) break;
    const notes = await B.q<Record<string, string>>(
      `SELECT kind, recipient_id, channel, title, body, link, subject_type, subject_id FROM notifications WHERE created_at = $1 ORDER BY subject_id, kind, title, recipient_id, channel`,
      [now],
    );
    await B.q(`DELETE FROM notifications WHERE created_at = $1`, [now]);
    await B.q(
      `UPDATE deadlines d SET fired_milestones = v.fired_milestones, breached_at = v.breached_at, repeat_count = v.repeat_count, next_fire_at = v.next_fire_at
         FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, fired_milestones double precision[], breached_at timestamptz, repeat_count int, next_fire_at timestamptz)
        WHERE d.id = v.id`,
      [JSON.stringify(before)],
    );
    return notes;
  }

  it('tells exactly the same people the same things as firing clock by clock', async () => {
    B.t.clock.set('2026-11-24T02:00:00Z');
    const owner1 = await B.t.client().login('13800000001');
    const owner2 = await B.t.client().login('13800000002');
    for (const [owner, roomId, description] of [
      [owner1, B.rooms[0], '5号楼电梯困人了，快来'],
      [owner2, B.rooms[1], '楼道灯不亮'],
      [owner1, B.rooms[0], '厨房水管爆裂漏水'],
    ] as const) expect((await owner.post('/api/v1/requests', { communityId: B.seed.a.id, roomId, channel: 'app', description })).status).toBe(201);
    // one order taken and sent out: its clocks warn the technician, not the desk
    const clerk = await B.t.client().login('clerk-a');
    const created = await clerk.post('/api/v1/work-orders', { communityId: B.seed.a.id, roomId: B.rooms[1], type: 'water_electric', urgency: 'general', scope: 'household', description: '插座不通电' });
    await clerk.post(`/api/v1/work-orders/${created.body.id}/accept`);
    await (await B.t.client().login('dispatcher-a')).post(`/api/v1/work-orders/${created.body.id}/dispatch`, { assigneeId: B.seed.staff.engineerA.id, etaMinutes: 60 });
    for (const minutes of [10, 30, 120, 24 * 60]) {
      B.t.clock.set(new Date(Date.parse('2026-11-24T02:00:00Z') + minutes * 60_000).toISOString());
      const setWise = await fired(100);
      const oneByOne = await fired(1); // a batch of one fires through the per-firing methods
      expect(setWise).toEqual(oneByOne);
      expect(setWise.length).toBeGreaterThan(0);
      await sweepDeadlines(B.t.deps.database, B.t.clock.now()); // now for real, on to the next step
    }
    const kinds = await B.q<{ kind: string; n: number }>(`SELECT kind, count(DISTINCT recipient_id)::int AS n FROM notifications WHERE kind LIKE 'sla.%' GROUP BY 1 ORDER BY 1`);
    expect(kinds.map((k) => k.kind)).toEqual(['sla.breach', 'sla.escalation', 'sla.warning']); // every rung of the ladder was compared
    expect(kinds.find((k) => k.kind === 'sla.warning')!.n).toBeGreaterThan(2); // the desk, the technician, the supervisor
  });
});

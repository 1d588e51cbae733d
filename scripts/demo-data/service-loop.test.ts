import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { createTestApp, type TestApp } from '../../server/src/kernel/testing/index.ts';
import { sweepDeadlines } from '../../server/src/kernel/deadlines/index.ts';
import { seedDemo } from './seed.ts';

let t: TestApp;
let seedMs = 0;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-24T06:30:00Z'); // Tuesday 14:30 Shanghai
  const started = performance.now();
  await seedDemo(t.deps);
  seedMs = performance.now() - started;
}, 120_000);
afterAll(() => t.close());

const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => t.deps.database.query<T>(text, params);

describe('demo service loop data', () => {
  it('spreads a few hundred requests over this month and the two before, over every state and category', async () => {
    console.info(`demo seed took ${Math.round(seedMs)} ms`);
    const [n] = await q<{ requests: number; orders: number; months: number; categories: number; states: number }>(
      `SELECT (SELECT count(*)::int FROM requests) AS requests, (SELECT count(*)::int FROM work_orders) AS orders,
              (SELECT count(DISTINCT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'))::int FROM requests) AS months,
              (SELECT count(DISTINCT category)::int FROM requests) AS categories,
              (SELECT count(DISTINCT status)::int FROM work_orders) AS states`,
    );
    expect(n.requests).toBeGreaterThanOrEqual(200);
    expect(n.orders).toBeGreaterThanOrEqual(150);
    expect(n.months).toBe(3);
    expect(n.categories).toBeGreaterThanOrEqual(9);
    expect(n.states).toBeGreaterThanOrEqual(8);
    const states = (await q<{ status: string }>(`SELECT DISTINCT status FROM work_orders`)).map((x) => x.status);
    expect(states).toEqual(expect.arrayContaining(['new', 'accepted', 'dispatched', 'in_progress', 'closed', 'cancelled']));
  });

  it('is consistent: statuses match timestamps and history, requests follow their orders, form numbers have no gaps', async () => {
    const bad = await q(
      `SELECT w.id, w.status FROM work_orders w
        WHERE (w.status IN ('dispatched','on_the_way','in_progress','waiting_parts','waiting_owner','completed','signed_off','callback_done','closed') AND (w.assignee_id IS NULL OR w.dispatched_at IS NULL))
           OR (w.status IN ('completed','signed_off','callback_done','closed') AND w.completed_at IS NULL)
           OR (w.status = 'closed' AND (w.closed_at IS NULL OR w.callback_fixed IS NULL))
           OR (w.status = 'closed' AND w.type IN ('elevator','fire') AND (w.operation_record IS NULL OR w.test_report_file_id IS NULL))
           OR w.status <> (SELECT h.to_status FROM work_order_history h WHERE h.work_order_id = w.id ORDER BY h.at DESC, h.id DESC LIMIT 1)
           OR w.accepted_at < w.created_at OR w.dispatched_at < w.accepted_at OR w.arrived_at < w.dispatched_at OR w.completed_at < w.arrived_at OR w.closed_at < w.completed_at`,
    );
    expect(bad).toEqual([]);
    const requests = await q(
      `SELECT r.id FROM requests r JOIN work_orders w ON w.id = r.work_order_id
        WHERE (w.status = 'closed' AND r.status <> 'closed') OR (w.status = 'cancelled' AND r.status <> 'cancelled')
           OR (w.status NOT IN ('closed','cancelled') AND r.status <> 'routed')`,
    );
    expect(requests).toEqual([]);
    const gaps = await q<{ community_id: string; n: number; max: number; last_no: number }>(
      `SELECT w.community_id, count(*)::int AS n, max(w.form_no) AS max, c.last_no FROM work_orders w JOIN work_order_form_counters c ON c.community_id = w.community_id GROUP BY w.community_id, c.last_no`,
    );
    for (const g of gaps) expect([g.max, g.last_no]).toEqual([g.n, g.n]);
    // every step has its actor; only the rating timeout is the system's
    expect(await q(`SELECT count(*)::int AS n FROM work_order_history WHERE actor_id IS NULL AND action <> 'rating-timeout'`)).toEqual([{ n: 0 }]);
    // no order still waits for a rating whose window closed more than two hours ago (the sweeper would have moved it on)
    expect(await q(`SELECT w.id FROM work_orders w WHERE w.status = 'completed' AND w.completed_at < $1::timestamptz - interval '50 hours'`, [t.clock.now().toISOString()])).toEqual([]);
  });

  it('has clocks as the services leave them: some breached, open ones running, closed ones met or cancelled', async () => {
    const [c] = await q<{ breached: number; running: number; open_closed: number }>(
      `SELECT count(*) FILTER (WHERE breached_at IS NOT NULL)::int AS breached,
              count(*) FILTER (WHERE met_at IS NULL AND cancelled_at IS NULL)::int AS running,
              (SELECT count(*)::int FROM deadlines d JOIN work_orders w ON d.subject_type = 'work_order' AND d.subject_id = w.id::text
                WHERE w.status IN ('closed','cancelled') AND d.met_at IS NULL AND d.cancelled_at IS NULL) AS open_closed
         FROM deadlines`,
    );
    expect(c.breached).toBeGreaterThan(0);
    expect(c.running).toBeGreaterThan(0);
    expect(c.open_closed).toBe(0);
    // the sweeper takes over from here without a storm: only what fell due in the last two hours fires
    const r = await sweepDeadlines(t.deps.database, t.clock.now());
    expect(r.fired).toBeLessThan(60);
  });

  it('feeds the desk, the dispatch board, 待督导 and the KPI page; this month every completed elevator order is called back', async () => {
    const clerk = await t.client().login('demo-clerk', 'demo1234');
    const communityId = clerk.user.communityIds[0];
    const recent = (await clerk.get(`/api/v1/requests?communityId=${communityId}&limit=5`)).body.items;
    expect(recent).toHaveLength(5);
    expect(recent.filter((r: any) => r.roomId).every((r: any) => /^\d+-\d+-\d+$/.test(r.roomCode))).toBe(true);
    const board = (await clerk.get(`/api/v1/work-orders?communityId=${communityId}&status=new,accepted,dispatched,on_the_way,in_progress,waiting_parts,waiting_owner&limit=200`)).body.items;
    expect(board.length).toBeGreaterThan(5);
    expect(board.length).toBeLessThan(200);
    const sup = await t.client().login('demo-supervisor', 'demo1234');
    const techs = (await sup.get(`/api/v1/technicians?communityId=${communityId}`)).body.items;
    expect(techs.map((x: any) => x.name).sort()).toEqual(['吴师傅', '孙师傅', '李师傅']);
    expect(techs.every((x: any) => !x.atCap && x.openOrders <= 6)).toBe(true);
    const pending = (await sup.get(`/api/v1/work-orders/supervision?communityId=${communityId}`)).body.items;
    expect(pending.length).toBeGreaterThan(0);
    const manager = await t.client().login('demo-manager', 'demo1234');
    const kpi = (await manager.get(`/api/v1/work-orders/kpi?communityId=${communityId}&month=2026-11`)).body;
    expect(kpi.total).toBeGreaterThan(30);
    expect(kpi.responseCompliance.rate).toBeGreaterThan(0.5);
    expect(kpi.responseCompliance.rate).toBeLessThan(1);
    expect(kpi.punctuality.of).toBeGreaterThan(0);
    expect(kpi.satisfaction).toBeGreaterThan(3);
    expect(kpi.byType.find((x: any) => x.type === 'elevator').callbackRate).toBe(1);
    const sep = (await manager.get(`/api/v1/work-orders/kpi?communityId=${communityId}&month=2026-09`)).body;
    expect(sep.total).toBeGreaterThan(30);
    // every full month has enough emergencies for its on-site rate to mean something (not 0% of 1)
    for (const month of ['2026-09', '2026-10', '2026-11']) {
      const { onSiteCompliance } = (await manager.get(`/api/v1/work-orders/kpi?communityId=${communityId}&month=${month}`)).body;
      expect(onSiteCompliance.of, month).toBeGreaterThanOrEqual(5);
      expect(onSiteCompliance.rate, month).toBeGreaterThan(0.5);
    }
  });

  it('an owner of the demo sees their own app reports and can still report today', async () => {
    const owner = await t.client().login('13800000001', 'demo1234');
    const res = await owner.post('/api/v1/requests', { communityId: owner.user.rooms[0].communityId, roomId: owner.user.rooms[0].roomId, channel: 'app', description: '厨房水龙头漏水，关不紧' });
    expect(res.status).toBe(201);
  });
});

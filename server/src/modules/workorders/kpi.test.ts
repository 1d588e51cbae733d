import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopApp, type Loop } from './loop.fixtures.ts';

let L: Loop;
beforeAll(async () => {
  L = await loopApp();
});
afterAll(() => L.t.close());

/** One order through the loop with the given delays (minutes) before acceptance and arrival. */
async function order(type: string, urgency: string, acceptAfter: number, arriveAfter: number, rating: number | null, fixed: boolean | null, serviceItemId?: string) {
  const clerk = await L.t.client().login('clerk-a');
  const id = (await clerk.post('/api/v1/work-orders', { communityId: L.seed.a.id, roomId: L.rooms[0], type, urgency, scope: 'household', description: `${type} 测试` })).body.id;
  L.t.clock.advanceMinutes(acceptAfter);
  await clerk.post(`/api/v1/work-orders/${id}/accept`);
  await (await L.t.client().login('dispatcher-a')).post(`/api/v1/work-orders/${id}/dispatch`, { assigneeId: L.seed.staff.engineerA.id, etaMinutes: 10 });
  L.t.clock.advanceMinutes(arriveAfter - acceptAfter);
  const tech = await L.t.client().login('engineer-a');
  await tech.post(`/api/v1/work-orders/${id}/start`);
  if (serviceItemId) await tech.post(`/api/v1/work-orders/${id}/quote`, { serviceItemId });
  await tech.post(`/api/v1/work-orders/${id}/complete`, { summary: 'ok' });
  if (rating !== null) await (await L.t.client().login('13800000001')).post(`/api/v1/work-orders/${id}/sign-off`, { satisfaction: rating });
  if (fixed !== null) await (await L.t.client().login('supervisor-a')).post(`/api/v1/work-orders/${id}/callback`, { fixed, satisfaction: fixed ? 5 : 2 });
  return id;
}

describe('KPIs (R-WO-9)', () => {
  it('response and on-site compliance, callback rate and satisfaction per month, type and service item', async () => {
    L.t.clock.set('2026-11-02T01:00:00Z');
    const [item] = await L.q(`INSERT INTO service_items (community_id, code, name, price_fen) VALUES ($1, 'SD-02', '疏通下水道', 5000) RETURNING id`, [L.seed.a.id]);
    await order('water_electric', 'general', 60, 90, 5, true, item.id); // responded in 1 h
    await order('water_electric', 'general', 180, 200, 3, null, item.id); // 3 h: late
    await order('elevator', 'emergency', 5, 20, null, true); // on site in 20 min
    await order('elevator', 'emergency', 5, 45, 4, false); // 45 min: late
    L.t.clock.set('2026-12-01T01:00:00Z');
    await order('civil', 'general', 10, 30, 1, true); // December: not in November's numbers
    const kpi = await (await L.t.client().login('manager-a')).get(`/api/v1/work-orders/kpi?communityId=${L.seed.a.id}&month=2026-11`);
    expect(kpi.status).toBe(200);
    expect(kpi.body).toMatchObject({
      total: 4,
      responseCompliance: { onTime: 1, of: 2, rate: 0.5 },
      onSiteCompliance: { onTime: 1, of: 2, rate: 0.5 },
      callbackRate: 0.75,
      callbacks: { done: 3, of: 4 },
      fixedAtCallbackRate: 0.6667,
      satisfaction: 4,
      ratedCount: 3,
    });
    expect(kpi.body.byType.map((t: any) => [t.type, t.total])).toEqual([['elevator', 2], ['water_electric', 2]]);
    expect(kpi.body.byServiceItem).toMatchObject([{ code: 'SD-02', name: '疏通下水道', total: 2, satisfaction: 4 }]);
    expect((await (await L.t.client().login('engineer-a')).get(`/api/v1/work-orders/kpi?communityId=${L.seed.a.id}&month=2026-11`)).status).toBe(403);
  });
});

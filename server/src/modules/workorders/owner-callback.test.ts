import { afterAll, beforeAll, expect, it } from 'vitest';
import { loopApp, type Loop } from './loop.fixtures.ts';

let L: Loop;
beforeAll(async () => {
  L = await loopApp();
});
afterAll(() => L.t.close());

it('the owner answers the callback of their own order in the app (R-APP-1); a neighbour cannot', async () => {
  const clerk = await L.t.client().login('clerk-a');
  const id = (await clerk.post('/api/v1/work-orders', { communityId: L.seed.a.id, roomId: L.rooms[0], type: 'water_electric', urgency: 'general', scope: 'household', description: '卫生间漏水' })).body.id;
  await clerk.post(`/api/v1/work-orders/${id}/accept`);
  await (await L.t.client().login('dispatcher-a')).post(`/api/v1/work-orders/${id}/dispatch`, { assigneeId: L.seed.staff.engineerA.id, etaMinutes: 20 });
  const tech = await L.t.client().login('engineer-a');
  await tech.post(`/api/v1/work-orders/${id}/start`);
  await tech.post(`/api/v1/work-orders/${id}/complete`, { summary: '更换密封圈' });
  const owner = await L.t.client().login('13800000001');
  expect((await owner.post(`/api/v1/work-orders/${id}/sign-off`, { satisfaction: 5 })).status).toBe(200);

  const neighbour = await L.t.client().login('13800000002');
  const refused = await neighbour.post(`/api/v1/work-orders/${id}/callback`, { fixed: false });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('WO_NOT_YOURS');

  const answered = await owner.post(`/api/v1/work-orders/${id}/callback`, { fixed: true, satisfaction: 4, note: '已经不漏了' });
  expect(answered.status).toBe(200);
  const detail = (await owner.get(`/api/v1/work-orders/${id}`)).body;
  expect(detail.status).toBe('callback_done');
  expect(detail.callbackFixed).toBe(true);
  const last = detail.history[detail.history.length - 1];
  expect(last).toMatchObject({ action: 'callback', actorId: owner.user.id });
  // Closing stays with the staff.
  expect((await owner.post(`/api/v1/work-orders/${id}/close`)).status).toBe(403);
});

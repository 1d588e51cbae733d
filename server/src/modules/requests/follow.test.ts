import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/index.ts';
import { loopApp, type Loop } from '../workorders/loop.fixtures.ts';

let L: Loop;
beforeAll(async () => {
  L = await loopApp();
  L.t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00 Shanghai
});
afterAll(() => L.t.close());

const clients = new Map<string, Promise<TestClient>>();
const as = (username: string) => {
  if (!clients.has(username)) clients.set(username, L.t.client().login(username));
  return clients.get(username)!;
};
const a = () => L.seed.a.id;
const request = async (description: string, roomId?: string) => {
  const res = await (await as('clerk-a')).post('/api/v1/requests', { communityId: a(), channel: 'phone', description, ...(roomId ? { roomId } : {}) });
  expect(res.status).toBe(201);
  return res.body;
};

describe('classification preview for the desk (R-DESK-2)', () => {
  it('proposes category, urgency and the words that triggered it, and stores nothing', async () => {
    const before = await L.q(`SELECT count(*)::int AS n FROM requests`);
    const res = await (await as('clerk-a')).post('/api/v1/requests/classify', { text: '3号楼电梯困人了，快来' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ category: 'elevator', urgency: 'emergency', matched: ['电梯困人'] });
    const leak = await (await as('clerk-a')).post('/api/v1/requests/classify', { text: '厨房水管漏水' });
    expect(leak.body).toMatchObject({ category: 'water_electric', urgency: 'general' });
    expect(leak.body.matched).toContain('漏水');
    expect((await (await as('clerk-a')).post('/api/v1/requests/classify', { text: '' })).body).toEqual({ category: 'other', urgency: 'general', matched: [] });
    expect(await L.q(`SELECT count(*)::int AS n FROM requests`)).toEqual(before);
  });

  it('needs a login and refuses unknown fields', async () => {
    expect((await L.t.client().post('/api/v1/requests/classify', { text: '漏水' })).status).toBe(401);
    const bad = await (await as('clerk-a')).post('/api/v1/requests/classify', { text: '漏水', extra: 1 });
    expect(bad.status).toBe(400);
  });
});

describe('request list items carry the room code', () => {
  it('each item has its room code (or null for a common place) from the list call itself', async () => {
    await request('卫生间马桶堵了', L.rooms[1]);
    await request('大堂灯不亮');
    const list = await (await as('clerk-a')).get(`/api/v1/requests?communityId=${a()}&limit=2`);
    expect(list.body.items.map((r: any) => r.roomCode)).toEqual([null, '1-1-102']);
    const page2 = await (await as('clerk-a')).get(`/api/v1/requests?communityId=${a()}&limit=1&cursor=${encodeURIComponent(list.body.nextCursor)}`);
    expect(page2.status).toBe(200);
  });
});

describe('the request follows its work order to the end', () => {
  it('work order closed → request closed; cancelled → request cancelled (same transaction, live event, audit)', async () => {
    const r = await request('厨房水管漏水', L.rooms[0]);
    expect(r.status).toBe('routed');
    const woId = r.workOrder.id;
    const clerk = await as('clerk-a');
    const tech = await as('engineer-a');
    await clerk.post(`/api/v1/work-orders/${woId}/accept`);
    await (await as('dispatcher-a')).post(`/api/v1/work-orders/${woId}/dispatch`, { assigneeId: L.seed.staff.engineerA.id, etaMinutes: 30 });
    await tech.post(`/api/v1/work-orders/${woId}/start`);
    await tech.post(`/api/v1/work-orders/${woId}/complete`, { summary: '更换密封圈' });
    expect((await clerk.get(`/api/v1/requests/${r.id}`)).body.status).toBe('routed'); // not yet: only when the order ends
    await (await as('supervisor-a')).post(`/api/v1/work-orders/${woId}/callback`, { fixed: true, satisfaction: 5 });
    const closed = await clerk.post(`/api/v1/work-orders/${woId}/close`);
    expect(closed.status).toBe(200);
    const after = (await clerk.get(`/api/v1/requests/${r.id}`)).body;
    expect(after.status).toBe('closed');
    expect(after.closedAt).not.toBeNull();
    expect(await L.q(`SELECT count(*)::int AS n FROM audit_log WHERE subject_id = $1 AND action = 'request.follow'`, [r.id])).toEqual([{ n: 1 }]);
    expect(await L.q(`SELECT count(*)::int AS n FROM outbox_events WHERE subject_id = $1 AND type = 'request.changed'`, [r.id])).toEqual([{ n: 1 }]);

    const r2 = await request('阳台地漏堵塞', L.rooms[0]);
    const cancelled = await clerk.post(`/api/v1/work-orders/${r2.workOrder.id}/cancel`, { reason: '业主已自行处理' });
    expect(cancelled.status).toBe(200);
    expect((await clerk.get(`/api/v1/requests/${r2.id}`)).body).toMatchObject({ status: 'cancelled' });
  });

  it('a refused close changes neither the order nor the request', async () => {
    const r = await request('卫生间水龙头漏水', L.rooms[0]);
    const res = await (await as('clerk-a')).post(`/api/v1/work-orders/${r.workOrder.id}/close`);
    expect(res.status).toBe(409);
    expect((await (await as('clerk-a')).get(`/api/v1/requests/${r.id}`)).body.status).toBe('routed');
  });
});

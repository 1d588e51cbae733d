import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/index.ts';
import { loopApp, type Loop } from '../workorders/loop.fixtures.ts';

let L: Loop;
beforeAll(async () => {
  L = await loopApp();
});
afterAll(() => L.t.close());

const clients = new Map<string, Promise<TestClient>>();
const as = (username: string) => {
  if (!clients.has(username)) clients.set(username, L.t.client().login(username));
  return clients.get(username)!;
};
/** Sessions expire after 12 idle hours of the manual clock: log in again after a jump. */
const at = (iso: string) => {
  L.t.clock.set(iso);
  clients.clear();
};
const a = () => L.seed.a.id;

describe('intake (R-DESK-1/2/4)', () => {
  it('a clerk takes a phone call: classified, first-contact recorded, contact phone masked, no work order for an enquiry', async () => {
    at('2026-11-24T02:00:00Z'); // Tuesday 10:00 Shanghai: office hours
    const res = await (await as('clerk-a')).post('/api/v1/requests', { communityId: a(), channel: 'phone', description: '请问物业费怎么交？', contactPhone: '13712345678' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ category: 'enquiry', urgency: 'enquiry', status: 'open', firstContactId: L.seed.staff.clerkA.id, contactPhone: '137****5678', afterHours: false, workOrder: null });
    expect(res.body.classification.matched).toEqual(['请问', '怎么交']);
    const raw = await L.q(`SELECT contact_phone_enc FROM requests WHERE id = $1`, [res.body.id]);
    expect(JSON.stringify(raw)).not.toContain('13712345678');
  });

  it('the clerk overrides the proposal: a repair gets its work order; back to a complaint, the undispatched order is withdrawn', async () => {
    const clerk = await as('clerk-a');
    const r = (await clerk.post('/api/v1/requests', { communityId: a(), channel: 'walk_in', description: '楼下邻居每天晚上很吵' })).body;
    expect(r.category).toBe('complaint');
    const asRepair = await clerk.post(`/api/v1/requests/${r.id}/classify`, { category: 'civil', urgency: 'general' });
    expect(asRepair.body.workOrder).toMatchObject({ status: 'new' });
    const back = await clerk.post(`/api/v1/requests/${r.id}/classify`, { category: 'complaint', urgency: 'general' });
    expect(back.body.workOrder).toBeNull();
    const [wo] = await L.q(`SELECT status, cancel_reason FROM work_orders WHERE id = $1`, [asRepair.body.workOrder.id]);
    expect(wo.status).toBe('cancelled');
    expect(back.body.deadlines.find((d: any) => d.kind === 'response').metAt).not.toBeNull(); // a complaint is responded to when classified
  });

  it('owners file for their own rooms only', async () => {
    const owner = await as('13800000001');
    const res = await owner.post('/api/v1/requests', { communityId: a(), roomId: L.rooms[1], channel: 'app', description: '客厅灯不亮' });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'REQUEST_ROOM_NOT_YOURS', message: '只能为自己的房屋报事' });
    expect((await owner.post('/api/v1/requests', { communityId: L.seed.b.id, channel: 'app', description: '客厅灯不亮' })).status).toBe(404);
    const ok = await owner.post('/api/v1/requests', { communityId: a(), roomId: L.rooms[0], channel: 'phone', description: '客厅灯不亮' });
    expect(ok.body).toMatchObject({ channel: 'app', reporterUserId: L.owners[0].id, firstContactId: null, category: 'water_electric' });
    expect(ok.body.workOrder.id).toBeTruthy();
    // the first clerk who handles it becomes its first-contact owner
    const classified = await (await as('clerk-a')).post(`/api/v1/requests/${ok.body.id}/classify`, { category: 'water_electric', urgency: 'general' });
    expect(classified.body.firstContactId).toBe(L.seed.staff.clerkA.id);
  });

  it('abuse guard: an identical repeat and the daily cap are refused with a clear message (configurable per community)', async () => {
    const admin = await as('admin');
    expect((await admin.put('/api/v1/desk-settings', { communityId: a(), maxPerDay: 3, repeatWindowMinutes: 30 })).status).toBe(200);
    const owner = await as('13800000002');
    const file = (description: string) => owner.post('/api/v1/requests', { communityId: a(), roomId: L.rooms[1], channel: 'app', description });
    expect((await file('阳台地漏堵了')).status).toBe(201);
    const again = await file('阳台地漏  堵了！');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REQUEST_REPEATED');
    expect(again.body.error.message).toContain('30 分钟内提交过');
    L.t.clock.advanceMinutes(31);
    expect((await file('阳台地漏堵了')).status).toBe(201);
    expect((await file('门禁卡失灵')).status).toBe(201);
    const capped = await file('楼道灯不亮');
    expect(capped.status).toBe(429);
    expect(capped.body.error).toMatchObject({ code: 'REQUEST_DAILY_LIMIT', message: '今天已提交 3 条报事，已达每日上限；如有紧急情况请直接致电物业服务中心' });
    at('2026-11-24T16:05:00Z'); // 00:05 next day in Shanghai
    expect((await (await as('13800000002')).post('/api/v1/requests', { communityId: a(), roomId: L.rooms[1], channel: 'app', description: '楼道灯不亮' })).status).toBe(201);
  });
});

describe('after hours and QR codes (R-DESK-1/5)', () => {
  it('the monitoring centre takes requests at night; customer service takes over the list in the morning', async () => {
    at('2026-11-25T15:30:00Z'); // 23:30 Shanghai
    const night = await as('monitor-a');
    const r = await night.post('/api/v1/requests', { communityId: a(), channel: 'phone', location: '2栋地下室', description: '地下室水管爆裂，水很大' });
    expect(r.body).toMatchObject({ afterHours: true, urgency: 'emergency', firstContactId: L.monitor.id });
    at('2026-11-26T00:40:00Z'); // 08:40
    const clerk = await as('clerk-a');
    const list = await clerk.get(`/api/v1/requests/handover?communityId=${a()}`);
    expect(list.body.items.map((x: any) => x.id)).toContain(r.body.id);
    expect((await clerk.post('/api/v1/requests/handover', { communityId: a() })).body.handedOver).toBeGreaterThanOrEqual(1);
    expect((await clerk.get(`/api/v1/requests/handover?communityId=${a()}`)).body.items).toEqual([]);
  });

  it('a signed QR code on equipment pre-fills the place; a tampered code is refused', async () => {
    const clerk = await as('clerk-a');
    const qr = await clerk.post('/api/v1/qr', { communityId: a(), equipmentId: L.lift });
    expect(qr.status).toBe(200);
    const owner = await as('13800000001');
    const place = await owner.get(`/api/v1/qr/${qr.body.token}`);
    expect(place.body).toMatchObject({ communityId: a(), equipmentId: L.lift, location: '1栋1号电梯（1栋）', equipmentKind: 'elevator' });
    const filed = await owner.post('/api/v1/requests', { communityId: a(), channel: 'qr', qrToken: qr.body.token, description: '按钮没反应' });
    expect(filed.body).toMatchObject({ channel: 'qr', equipmentId: L.lift, location: '1栋1号电梯（1栋）', category: 'elevator' });
    const [payload, sig] = qr.body.token.split('.');
    // (the tampered signature must differ from the real one: change its last character whatever it is)
    const forged = Buffer.concat([Buffer.from([0]), Buffer.from(a().replace(/-/g, ''), 'hex'), Buffer.from(L.lobby.replace(/-/g, ''), 'hex')]).toString('base64url');
    for (const bad of [`${forged}.${sig}`, `${payload}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`]) {
      const res = await owner.get(`/api/v1/qr/${bad}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('QR_INVALID');
    }
  });
});

describe('SLA policies as data and notifications (R-DESK-3, R-COM-2)', () => {
  it('a manager edits the rules without a release; new clocks follow the first matching rule', async () => {
    const manager = await as('manager-a');
    const current = (await manager.get(`/api/v1/sla-policies?communityId=${a()}`)).body;
    expect(current.source).toBe('default');
    const rules = [{ subjectType: 'request', kind: 'response', category: 'water_electric', urgency: 'general', minutes: 60, workingDays: null, milestones: [0.5], repeatEveryMinutes: null }, ...current.rules];
    const saved = await manager.put('/api/v1/sla-policies', { communityId: a(), rules });
    expect(saved.body).toMatchObject({ source: 'community' });
    expect((await (await as('clerk-a')).put('/api/v1/sla-policies', { communityId: a(), rules })).status).toBe(403);
    const leak = await (await as('clerk-a')).post('/api/v1/requests', { communityId: a(), channel: 'phone', description: '厨房漏水' });
    const resp = leak.body.deadlines.find((d: any) => d.kind === 'response');
    expect(Date.parse(resp.dueAt) - Date.parse(resp.startedAt)).toBe(60 * 60_000);
    const other = await (await as('clerk-a')).post('/api/v1/requests', { communityId: a(), channel: 'phone', description: '墙皮脱落' });
    const resp2 = other.body.deadlines.find((d: any) => d.kind === 'response');
    expect(Date.parse(resp2.dueAt) - Date.parse(resp2.startedAt)).toBe(120 * 60_000);
  });

  it('notification centre: own messages only, mark read; SMS copies are delivered by the outbox through the provider', async () => {
    const owner = await as('13800000001');
    const filed = await owner.post('/api/v1/requests', { communityId: a(), roomId: L.rooms[0], channel: 'app', description: '卫生间马桶堵了' });
    await (await as('clerk-a')).post(`/api/v1/work-orders/${filed.body.workOrder.id}/accept`);
    const mine = await owner.get('/api/v1/notifications');
    expect(mine.body.items[0]).toMatchObject({ kind: 'workorder.accept', title: '您的报修已受理', readAt: null });
    expect(mine.body.items.length).toBeGreaterThan(0);
    const id = mine.body.items[0].id;
    expect((await (await as('clerk-a')).post(`/api/v1/notifications/${id}/read`)).status).toBe(404);
    expect((await owner.post(`/api/v1/notifications/${id}/read`)).status).toBe(200);
    expect((await owner.get('/api/v1/notifications?unread=true')).body.items.map((n: any) => n.id)).not.toContain(id);
    const queued = await L.q(`SELECT count(*)::int AS n FROM notifications WHERE channel = 'sms' AND state = 'queued'`);
    expect(queued[0].n).toBeGreaterThan(0);
    while ((await L.t.deps.dispatcher.runOnce()) > 0);
    const after = await L.q(`SELECT state, count(*)::int AS n FROM notifications WHERE channel = 'sms' GROUP BY state ORDER BY state`);
    expect(after.find((r: any) => r.state === 'queued')).toBeUndefined();
    expect(after.find((r: any) => r.state === 'sent')!.n).toBeGreaterThan(0); // the monitoring centre has a phone …
    const failed = await L.q(`SELECT error FROM notifications WHERE channel = 'sms' AND state = 'failed' AND recipient_id = $1`, [L.seed.staff.clerkA.id]);
    expect(failed[0].error).toBe('no phone'); // … the clerk has none: recorded, not lost
  });
});

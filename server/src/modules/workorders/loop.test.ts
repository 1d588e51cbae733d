import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../kernel/permissions/index.ts';
import { eventVisibleTo } from '../../kernel/live/index.ts';
import { loopApp, uploadPng, type Loop } from './loop.fixtures.ts';

let L: Loop;
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pms-loop-'));
  L = await loopApp({ dataDir });
});
afterAll(async () => {
  await L.t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the whole loop over HTTP (R-DESK-1/2, R-WO-2/5/7/8, R-COM-2)', () => {
  it('owner reports 电梯困人 → emergency → accepted → dispatched → on site → completed with signature → signed off → callback → closed, live on the owner page', async () => {
    const { t, seed, rooms, owners, engineer2 } = L;
    const a = seed.a.id;
    const owner = await t.client().login('13800000001');
    const photo = await uploadPng(owner, a, 'lift.png');

    // 1. intake from the app: proposed emergency elevator, with the words that decided it
    const filed = await owner.post('/api/v1/requests', { communityId: a, roomId: rooms[0], channel: 'app', description: '电梯困人！1栋电梯停在5楼出不来', photos: [photo] });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ category: 'elevator', urgency: 'emergency', status: 'routed', channel: 'app', reporterUserId: owners[0].id, firstContactId: null });
    expect(filed.body.classification.matched).toContain('电梯困人');
    const response = filed.body.deadlines.find((d: any) => d.kind === 'response');
    expect(new Date(response.dueAt).getTime() - t.clock.now().getTime()).toBe(15 * 60_000);
    const woId = filed.body.workOrder.id;
    expect(filed.body.workOrder.status).toBe('new');

    // the desk was alerted (in-app and SMS) about the emergency
    const alerts = await L.notes('request.emergency');
    expect(alerts.some((n) => n.recipient_id === seed.staff.clerkA.id && n.channel === 'sms')).toBe(true);

    // 2. the clerk confirms and accepts within the clock
    const clerk = await t.client().login('clerk-a');
    expect((await clerk.post(`/api/v1/requests/${filed.body.id}/classify`, { category: 'elevator', urgency: 'emergency' })).body.classifiedBy).toBe(seed.staff.clerkA.id);
    t.clock.advanceMinutes(3);
    const accepted = await clerk.post(`/api/v1/work-orders/${woId}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.photos).toEqual([photo]); // request photos carried over

    // 3. the dispatcher takes the suggestion (elevator skill) and dispatches
    const dispatcher = await t.client().login('dispatcher-a');
    const sugg = await dispatcher.get(`/api/v1/work-orders/${woId}/suggestions`);
    expect(sugg.body.items[0]).toMatchObject({ userId: engineer2.id, skillMatch: true });
    t.clock.advanceMinutes(5);
    const dispatched = await dispatcher.post(`/api/v1/work-orders/${woId}/dispatch`, { assigneeId: engineer2.id, etaMinutes: 10 });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body).toMatchObject({ status: 'dispatched', assignee: { id: engineer2.id, name: '李师傅', phone: '139****0022' } });
    const told = await L.notes('workorder.dispatch', owners[0].id);
    expect(told.at(-1)!.title).toContain('李师傅（139****0022）');

    // 4. the technician departs, starts and completes with the owner's drawn signature
    const tech = await t.client().login('engineer-a2');
    expect((await tech.post(`/api/v1/work-orders/${woId}/depart`)).body.status).toBe('on_the_way');
    t.clock.advanceMinutes(6);
    expect((await tech.post(`/api/v1/work-orders/${woId}/start`)).body.status).toBe('in_progress');
    const signature = await uploadPng(tech, a);
    t.clock.advanceMinutes(20);
    const done = await tech.post(`/api/v1/work-orders/${woId}/complete`, { summary: '门机板复位，已放人，电梯恢复运行', signatureFileId: signature });
    expect(done.body).toMatchObject({ status: 'completed', signatureFileId: signature });

    // 5. the owner signs off and rates
    const signed = await owner.post(`/api/v1/work-orders/${woId}/sign-off`, { satisfaction: 5, punctuality: 5, attitude: 4, comment: '很快' });
    expect(signed.body).toMatchObject({ status: 'signed_off', satisfaction: 5, attitude: 4 });

    // 6. callback by the supervisor, then close (elevator: report first)
    const sup = await t.client().login('supervisor-a');
    expect((await sup.post(`/api/v1/work-orders/${woId}/callback`, { fixed: true, satisfaction: 5 })).body.status).toBe('callback_done');
    const refused = await clerk.post(`/api/v1/work-orders/${woId}/close`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('WO_CLOSE_NEEDS_REPORT');
    const report = await uploadPng(tech, a, 'test-report.png');
    expect((await tech.post(`/api/v1/work-orders/${woId}/report`, { operationRecord: '断电-盘车-放人-复位-试运行 10 次正常', testReportFileId: report })).status).toBe(200);
    const closed = await clerk.post(`/api/v1/work-orders/${woId}/close`);
    expect(closed.body.status).toBe('closed');

    // the timeline names every step with its actor; every clock was met, none breached
    const detail = (await clerk.get(`/api/v1/work-orders/${woId}`)).body;
    expect(detail.history.map((h: any) => h.action)).toEqual(['create', 'accept', 'dispatch', 'depart', 'start', 'complete', 'sign-off', 'callback', 'report', 'close']);
    expect(detail.history.find((h: any) => h.action === 'dispatch')).toMatchObject({ from: 'accepted', to: 'dispatched', actorId: seed.staff.dispatcherA.id });
    const kinds = Object.fromEntries(detail.deadlines.map((d: any) => [`${d.subjectType}.${d.kind}`, d]));
    for (const k of ['request.response', 'work_order.dispatch', 'work_order.on_site', 'work_order.callback', 'work_order.rating', 'request.result']) {
      expect(kinds[k], k).toBeDefined();
      expect(kinds[k].metAt, k).not.toBeNull();
      expect(kinds[k].breached, k).toBe(false);
    }
    expect(detail.formNumber).toBe('A-000001');

    // the owner's open page saw each step live; the other owner saw none of it
    const events = await L.live();
    const me = (await loadActor(t.deps.database.db, owners[0].id, t.clock.now()))!;
    const other = (await loadActor(t.deps.database.db, owners[1].id, t.clock.now()))!;
    const mine = events.filter((e) => e.type === 'workorder.changed' && e.subjectId === woId && eventVisibleTo(me, e)).map((e) => e.payload.to);
    expect(mine).toEqual(['new', 'accepted', 'dispatched', 'on_the_way', 'in_progress', 'completed', 'signed_off', 'callback_done', 'callback_done', 'closed']);
    expect(events.filter((e) => e.subjectId === woId && eventVisibleTo(other, e))).toEqual([]);
    expect(events.some((e) => e.type === 'notification.created' && eventVisibleTo(me, e) && String(e.payload.title).includes('李师傅'))).toBe(true);
  });
});

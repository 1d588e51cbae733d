import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestApp } from '../../kernel/testing/index.ts';
import { createWorkOrder } from '../workorders/index.ts';
import { createLoggedTestApp, seedArchive, makeOwnerUser, transcript, leaks, PHONES, IDS } from './archive.fixtures.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
let ownerId: string;
let woId: string;
let woNo: number;
const login = (u: string) => t.client().login(u);

beforeAll(async () => {
  t = await createLoggedTestApp();
  s = await seedArchive(t);
  await makeUser(t.deps.database.db, t.deps.pii, s.roleIds, { companyId: s.company.id, username: 'inspector-a', name: 'inspector-a', roles: [['quality_inspector', s.a.id]] });
  const c = await login('clerk-a');
  ownerId = (await c.post('/api/v1/persons', { communityId: s.a.id, name: '郑业主', phone: PHONES[0], idNumber: IDS[0] })).body.id;
  await c.post(`/api/v1/rooms/${s.rooms.r101.id}/occupancies`, { personId: ownerId, relation: 'owner', startedOn: '2025-06-01' });
  await makeOwnerUser(t, s.roleIds, s.company.id, ownerId, PHONES[0]);
  const wo = await t.deps.database.db.transaction((tx) =>
    createWorkOrder(t.deps, tx as never, { companyId: s.company.id, communityId: s.a.id, roomId: s.rooms.r101.id, type: 'elevator', urgency: 'urgent', scope: 'common', description: '电梯困人', createdBy: s.staff.clerkA.id }),
  );
  woId = wo.id;
  woNo = wo.formNo;
});
afterAll(() => t.close());

describe('important events for the console (R-ARC-5)', () => {
  let evId: string;
  it('a work order given by its form number is stored by id and shown with its number', async () => {
    const c = await login('clerk-a');
    const ev = await c.post(`/api/v1/communities/${s.a.id}/archive/events`, {
      kind: 'liability_accident', title: '电梯困人', description: '2 号梯困人 40 分钟', occurredOn: '2026-11-01', roomId: s.rooms.r101.id, personId: ownerId,
      links: [{ kind: 'work_order', refId: `No.${woNo}` }, { kind: 'complaint', refId: 'TS-2026-0012' }],
    });
    expect(ev.status).toBe(201);
    evId = ev.body.id;
    expect(ev.body.links).toEqual([{ kind: 'work_order', refId: woId }, { kind: 'complaint', refId: 'TS-2026-0012' }]);
    const list = await c.get(`/api/v1/communities/${s.a.id}/archive/events`);
    const item = list.body.items.find((e: { id: string }) => e.id === evId);
    expect(item).toMatchObject({ roomCode: '1-1-101', personName: '郑业主', createdByName: expect.any(String), status: 'draft' });
    expect(item.links).toEqual([
      { kind: 'work_order', refId: woId, label: `No.${woNo}`, status: 'new', found: true },
      { kind: 'complaint', refId: 'TS-2026-0012', label: 'TS-2026-0012', status: null, found: false },
    ]);
  });

  it('a draft can be edited; once submitted it is frozen until returned', async () => {
    const c = await login('clerk-a');
    const edited = await c.patch(`/api/v1/archive/events/${evId}`, { title: '2 号电梯困人', links: [{ kind: 'work_order', refId: String(woNo) }] });
    expect(edited.body).toMatchObject({ title: '2 号电梯困人', links: [{ kind: 'work_order', refId: woId }] });
    expect((await (await login('engineer-a')).patch(`/api/v1/archive/events/${evId}`, { title: 'x' })).status).toBe(403);
    await c.post(`/api/v1/archive/events/${evId}/submit`, {});
    const frozen = await c.patch(`/api/v1/archive/events/${evId}`, { title: '改' });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error.code).toBe('ILLEGAL_TRANSITION');
    const m = await login('manager-a');
    await m.post(`/api/v1/archive/events/${evId}/return`, { note: '补充处理记录' });
    expect((await c.patch(`/api/v1/archive/events/${evId}`, { description: '2 号梯困人 40 分钟，已安抚并赔偿' })).status).toBe(200);
    await c.post(`/api/v1/archive/events/${evId}/submit`, {});
    const filed = await m.post(`/api/v1/archive/events/${evId}/file`, { note: '已审阅' });
    expect(filed.body.status).toBe('filed');
    const list = await c.get(`/api/v1/communities/${s.a.id}/archive/events?status=filed`);
    expect(list.body.items[0]).toMatchObject({ id: evId, reviewerName: expect.any(String), reviewNote: '已审阅' });
  });

  it('an unknown work-order number is refused (404 naming it), nothing written', async () => {
    const c = await login('clerk-a');
    const before = (await c.get(`/api/v1/communities/${s.a.id}/archive/events`)).body.items.length;
    const res = await c.post(`/api/v1/communities/${s.a.id}/archive/events`, { kind: 'major_complaint', title: '投诉', description: '噪音', occurredOn: '2026-11-01', links: [{ kind: 'work_order', refId: 'No.99999' }] });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('工单 No.99999');
    expect((await c.get(`/api/v1/communities/${s.a.id}/archive/events`)).body.items.length).toBe(before);
  });

  it('a room of another community is refused (404), nothing written', async () => {
    const c = await login('clerk-a');
    const before = (await c.get(`/api/v1/communities/${s.a.id}/archive/events`)).body.items.length;
    const res = await c.post(`/api/v1/communities/${s.a.id}/archive/events`, { kind: 'legal_matter', title: '诉讼', description: '欠费诉讼', occurredOn: '2026-11-01', roomId: s.rooms.b101.id });
    expect(res.status).toBe(404);
    expect((await c.get(`/api/v1/communities/${s.a.id}/archive/events`)).body.items.length).toBe(before);
  });

  const readers: Array<[string, number]> = [['clerk-a', 200], ['manager-a', 200], ['archive-a', 200], ['engineer-a', 403], ['guard-a', 403], ['finance-a', 403], ['inspector-a', 403], ['clerk-b', 404]];
  it.each(readers)('%s lists the events → %i', async (u, status) => {
    expect((await (await login(u)).get(`/api/v1/communities/${s.a.id}/archive/events`)).status).toBe(status);
  });
});

describe('key-owner profiles list (R-ARC-4)', () => {
  it('lists the community profiles with labelled links; opening the list is logged', async () => {
    const c = await login('clerk-a');
    const saved = await c.put(`/api/v1/persons/${ownerId}/key-profile`, { birthday: '1958-03-02', specialNeeds: '独居老人', links: [{ kind: 'work_order', refId: `No.${woNo}` }] });
    expect(saved.body.profile.links).toEqual([{ kind: 'work_order', refId: woId }]);
    const list = await c.get(`/api/v1/communities/${s.a.id}/archive/key-profiles`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ personId: ownerId, personName: '郑业主', birthday: '1958-03-02', specialNeeds: '独居老人', links: [{ kind: 'work_order', refId: woId, label: `No.${woNo}`, status: 'new', found: true }] })]);
    expect(JSON.stringify(list.body)).not.toContain(PHONES[0]);
    const got = await c.get(`/api/v1/persons/${ownerId}/key-profile`);
    expect(got.body.profile.links[0].label).toBe(`No.${woNo}`);
    const logged = await t.deps.database.query(`select 1 from archive_access_log where action = 'view' and detail->>'what' = 'key_profiles'`);
    expect(logged).toHaveLength(1);
  });

  const matrix: Array<[string, number]> = [['clerk-a', 200], ['manager-a', 200], ['archive-a', 200], ['engineer-a', 403], ['guard-a', 403], ['finance-a', 403], ['clerk-b', 404]];
  it.each(matrix)('%s reads the profile list → %i', async (u, status) => {
    expect((await (await login(u)).get(`/api/v1/communities/${s.a.id}/archive/key-profiles`)).status).toBe(status);
  });

  it('owners cannot read the list or save profiles', async () => {
    const o = await t.client().login(PHONES[0]);
    expect((await o.get(`/api/v1/communities/${s.a.id}/archive/key-profiles`)).status).toBe(403);
    expect((await o.put(`/api/v1/persons/${ownerId}/key-profile`, { opinions: 'x' })).status).toBe(404);
  });

  it('no plaintext in responses or logs', () => {
    expect(leaks(transcript.responses)).toEqual([]);
    expect(leaks(transcript.logs)).toEqual([]);
  });
});

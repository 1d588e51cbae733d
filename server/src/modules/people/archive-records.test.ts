import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../kernel/testing/index.ts';
import { files } from '../../kernel/files/index.ts';
import { buildings, entrances, rooms } from '../property/index.ts';
import { createLoggedTestApp, seedArchive, makeRoom, transcript, leaks, PHONES, IDS } from './archive.fixtures.ts';
import { sampleSize, halfYear } from './audits.service.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
let ownerId: string;
const login = (u: string) => t.client().login(u);

async function fileIn(communityId: string) {
  const [f] = await t.deps.database.db.insert(files).values({ companyId: s.company.id, communityId, sha256: 'x', mime: 'image/jpeg', size: 10, uploadedBy: s.staff.clerkA.id, createdAt: t.clock.now() }).returning();
  return f.id;
}

beforeAll(async () => {
  t = await createLoggedTestApp();
  s = await seedArchive(t);
  const c = await login('clerk-a');
  ownerId = (await c.post('/api/v1/persons', { communityId: s.a.id, name: '孙业主', phone: PHONES[0], idNumber: IDS[0] })).body.id;
  await c.post(`/api/v1/rooms/${s.rooms.r101.id}/occupancies`, { personId: ownerId, relation: 'owner', startedOn: '2025-06-01' });
});
afterAll(() => t.close());

describe('document packages and missing items (R-ARC-2/3)', () => {
  it('seeds the checklists exactly as the seed lists them', async () => {
    const res = await (await login('clerk-a')).get(`/api/v1/communities/${s.a.id}/archive/checklists`);
    const by = (k: string) => res.body.items.filter((i: { packageKind: string }) => i.packageKind === k);
    expect(by('move_in')).toHaveLength(10);
    expect(by('renovation')).toHaveLength(12);
    expect(by('transfer')).toHaveLength(5);
    expect(by('move_in')[0].nameZh).toBe('《前期物业管理协议书》');
    expect(by('renovation').filter((i: { required: boolean }) => !i.required).map((i: { code: string }) => i.code)).toEqual(['extension_application', 'hot_work_application', 'violation_records']);
  });

  it('records items with scans; the room leaves the missing list when all required items are in', async () => {
    const c = await login('clerk-a');
    let arch = await c.get(`/api/v1/rooms/${s.rooms.r101.id}/archive`);
    const pkg = arch.body.packages[0];
    expect(pkg.missing).toHaveLength(10);
    let missing = await c.get(`/api/v1/communities/${s.a.id}/archive/missing`);
    expect(missing.body.items).toEqual([{ roomId: s.rooms.r101.id, roomCode: '1-1-101', archiveCode: '1-1-101', missingItems: 10, failedFindings: null }]);
    // A file of another community is refused, and nothing is recorded.
    const foreign = await fileIn(s.b.id);
    expect((await c.put(`/api/v1/archive/packages/${pkg.id}/items/${pkg.items[0].itemId}`, { fileIds: [foreign], receivedOn: '2025-06-01' })).status).toBe(404);
    const f = await fileIn(s.a.id);
    for (const item of pkg.items.slice(0, 9)) expect((await c.put(`/api/v1/archive/packages/${pkg.id}/items/${item.itemId}`, { fileIds: [f], receivedOn: '2025-06-01' })).status).toBe(200);
    arch = await c.get(`/api/v1/rooms/${s.rooms.r101.id}/archive`);
    expect(arch.body.packages[0].missing).toEqual(['household_form']);
    expect(arch.body.packages[0].items[0]).toMatchObject({ collected: true, fileIds: [f] });
    await c.put(`/api/v1/archive/packages/${pkg.id}/items/${pkg.items[9].itemId}`, { fileIds: [], receivedOn: '2025-06-02', note: '纸质件已归档' });
    missing = await c.get(`/api/v1/communities/${s.a.id}/archive/missing`);
    expect(missing.body.items).toEqual([]);
  });

  it('a renovation package can be opened; optional items never count as missing', async () => {
    const c = await login('clerk-a');
    expect((await c.post(`/api/v1/rooms/${s.rooms.r101.id}/archive/packages`, { kind: 'renovation', openedOn: '2026-03-01' })).status).toBe(201);
    const missing = await c.get(`/api/v1/communities/${s.a.id}/archive/missing`);
    expect(missing.body.items[0].missingItems).toBe(9);
  });

  it('a community can change its checklist (per-community data)', async () => {
    const m = await login('manager-a');
    const add = await m.post(`/api/v1/communities/${s.a.id}/archive/checklists`, { packageKind: 'transfer', code: 'tax_receipt', nameZh: '契税完税证明', nameEn: 'Deed-tax receipt' });
    expect(add.status).toBe(201);
    const list = await m.get(`/api/v1/communities/${s.a.id}/archive/checklists`);
    expect(list.body.items.filter((i: { packageKind: string }) => i.packageKind === 'transfer')).toHaveLength(6);
    expect((await (await login('clerk-b')).get(`/api/v1/communities/${s.b.id}/archive/checklists`)).body.items.filter((i: { packageKind: string }) => i.packageKind === 'transfer')).toHaveLength(5);
  });

  it('archive rooms list sorts and filters by building-floor-room', async () => {
    const c = await login('clerk-a');
    const all = await c.get(`/api/v1/communities/${s.a.id}/archive/rooms`);
    expect(all.body.items.map((r: { archiveCode: string }) => r.archiveCode)).toEqual(['1-1-101', '1-1-102', '2-2-201']);
    const f = await c.get(`/api/v1/communities/${s.a.id}/archive/rooms?archiveCode=2-`);
    expect(f.body.items.map((r: { archiveCode: string }) => r.archiveCode)).toEqual(['2-2-201']);
  });
});

describe('archive codes stay unique where entrances repeat room numbers', () => {
  it('adds the entrance after building-floor-room', async () => {
    const db = t.deps.database.db;
    const [b] = await db.insert(buildings).values({ communityId: s.b.id, code: '7', name: '7栋', floorsAbove: 10 }).returning();
    const es = await db.insert(entrances).values([1, 2].map((n) => ({ communityId: s.b.id, buildingId: b.id, code: String(n), name: `${n}单元` }))).returning();
    await db.insert(rooms).values(es.map((e) => ({ communityId: s.b.id, buildingId: b.id, entranceId: e.id, floor: 5, number: '501', code: `7-${e.code}-501`, areaM2: '80.00' })));
    const res = await (await login('clerk-b')).get(`/api/v1/communities/${s.b.id}/archive/rooms?archiveCode=7-5-501`);
    expect(res.body.items.map((r: { archiveCode: string }) => r.archiveCode)).toEqual(['7-5-501/1', '7-5-501/2']);
  });
});

describe('key-owner profile and important events (R-ARC-4/5)', () => {
  it('saves a profile with complaint/work-order references (not copies); reading it is logged', async () => {
    const c = await login('clerk-a');
    const saved = await c.put(`/api/v1/persons/${ownerId}/key-profile`, { birthday: '1968-05-20', character: '直爽', preferences: '喜欢书法', skills: '退休医生', specialNeeds: '腿脚不便', opinions: '希望加装电梯', links: [{ kind: 'complaint', refId: 'TS-2026-0012' }, { kind: 'work_order', refId: '0190a000-0000-7000-8000-000000000001' }] });
    expect(saved.status).toBe(200);
    const got = await c.get(`/api/v1/persons/${ownerId}/key-profile`);
    expect(got.body.profile).toMatchObject({ birthday: '1968-05-20', links: [{ kind: 'complaint', refId: 'TS-2026-0012' }, { kind: 'work_order', refId: '0190a000-0000-7000-8000-000000000001' }] });
    expect((await (await login('engineer-a')).get(`/api/v1/persons/${ownerId}/key-profile`)).status).toBe(403);
    const logged = await t.deps.database.query(`select 1 from archive_access_log where action = 'view' and detail->>'what' = 'key_profile'`);
    expect(logged).toHaveLength(1);
  });

  it('important events are filed only after the manager reviews them', async () => {
    const c = await login('clerk-a');
    const ev = await c.post(`/api/v1/communities/${s.a.id}/archive/events`, { kind: 'liability_accident', title: '电梯困人', description: '2 号梯困人 40 分钟', occurredOn: '2026-11-01', roomId: s.rooms.r101.id, links: [{ kind: 'work_order', refId: 'WO-1' }] });
    expect(ev.body.status).toBe('draft');
    expect((await c.post(`/api/v1/archive/events/${ev.body.id}/file`, {})).status).toBe(403);
    expect((await c.post(`/api/v1/archive/events/${ev.body.id}/submit`, {})).body.status).toBe('submitted');
    const m = await login('manager-a');
    expect((await m.post(`/api/v1/archive/events/${ev.body.id}/return`, {})).body.error.code).toBe('REASON_REQUIRED');
    expect((await m.post(`/api/v1/archive/events/${ev.body.id}/return`, { note: '补充处理记录' })).body.status).toBe('returned');
    // Not yet filed: the room archive does not show it.
    expect((await c.get(`/api/v1/rooms/${s.rooms.r101.id}/archive`)).body.events).toEqual([]);
    await c.post(`/api/v1/archive/events/${ev.body.id}/submit`, {});
    const filed = await m.post(`/api/v1/archive/events/${ev.body.id}/file`, { note: '已审阅' });
    expect(filed.body).toMatchObject({ status: 'filed', reviewerId: s.staff.managerA.id });
    expect((await m.post(`/api/v1/archive/events/${ev.body.id}/file`, {})).status).toBe(409);
    expect((await c.get(`/api/v1/rooms/${s.rooms.r101.id}/archive`)).body.events.map((e: { title: string }) => e.title)).toEqual(['电梯困人']);
  });
});

describe('archive checks (R-ARC-7)', () => {
  it('sample size is ceil(5 %), at least one; half-years', () => {
    expect([1, 19, 20, 21, 100, 101].map(sampleSize)).toEqual([1, 1, 1, 2, 5, 6]);
    expect([halfYear('2026-06-30'), halfYear('2026-07-01')]).toEqual(['2026-H1', '2026-H2']);
  });

  it('tells when the full check is due: 80 % occupancy or a year after the first move-in', async () => {
    const a = await login('archive-a');
    let st = await a.get(`/api/v1/communities/${s.a.id}/archive/audit-status`);
    expect(st.body).toMatchObject({ rooms: 3, occupiedRooms: 1, firstMoveIn: '2025-06-01', fullCheck: { done: false, due: true, reasons: ['one_year_after_move_in'] }, sample: { due: false } });
    t.clock.set('2026-05-01T02:00:00Z');
    st = await (await login('archive-a')).get(`/api/v1/communities/${s.a.id}/archive/audit-status`);
    expect(st.body.fullCheck).toMatchObject({ due: false, dueOn: '2026-06-01', reasons: [] });
    const c = await login('clerk-a');
    for (const r of [s.rooms.r102, s.rooms.r201]) await c.post(`/api/v1/rooms/${r.id}/occupancies`, { personId: ownerId, relation: 'owner', startedOn: '2026-04-01' });
    st = await (await login('archive-a')).get(`/api/v1/communities/${s.a.id}/archive/audit-status`);
    expect(st.body.fullCheck).toMatchObject({ due: true, reasons: ['occupancy_80'] });
    expect(st.body.occupancyRate).toBe(100);
    t.clock.set('2026-11-24T02:00:00Z');
    expect((await (await login('engineer-a')).get(`/api/v1/communities/${s.a.id}/archive/audit-status`)).status).toBe(403);
  });

  it('draws and stores the sample (≥ 5 %, once per half-year); failures feed the missing list', async () => {
    const db = t.deps.database.db;
    for (let i = 0; i < 37; i++) await makeRoom(db, s.a.id, '3', 1 + Math.floor(i / 4), `${300 + i}`);
    const a = await login('archive-a');
    const full = await a.post(`/api/v1/communities/${s.a.id}/archive/audits`, { kind: 'full' });
    expect(full.body).toMatchObject({ kind: 'full', roomTotal: 40, sampleSize: 40 });
    const sample = await a.post(`/api/v1/communities/${s.a.id}/archive/audits`, { kind: 'sample' });
    expect(sample.status).toBe(201);
    expect(sample.body).toMatchObject({ kind: 'sample', period: '2026-H2', roomTotal: 40, sampleSize: 2 });
    expect(new Set(sample.body.rooms.map((r: { roomId: string }) => r.roomId)).size).toBe(2);
    const stored = await t.deps.database.query(`select * from archive_audit_rooms where audit_id = $1`, [sample.body.id]);
    expect(stored).toHaveLength(2);
    const again = await a.post(`/api/v1/communities/${s.a.id}/archive/audits`, { kind: 'sample' });
    expect(again.status).toBe(409);
    const st = await a.get(`/api/v1/communities/${s.a.id}/archive/audit-status`);
    expect(st.body).toMatchObject({ fullCheck: { done: true, due: false }, sample: { due: false, auditId: sample.body.id } });
    const room = sample.body.rooms[0];
    expect((await a.put(`/api/v1/archive/audits/${sample.body.id}/rooms/${room.roomId}`, { result: 'fail' })).status).toBe(400);
    const res = await a.put(`/api/v1/archive/audits/${sample.body.id}/rooms/${room.roomId}`, { result: 'fail', findings: '缺《装修竣工申请表》' });
    expect(res.body).toMatchObject({ result: 'fail', inspectorId: s.staff.archiveA.id });
    const missing = await a.get(`/api/v1/communities/${s.a.id}/archive/missing`);
    expect(missing.body.items.find((m: { roomId: string }) => m.roomId === room.roomId)).toMatchObject({ failedFindings: '缺《装修竣工申请表》' });
    expect((await a.put(`/api/v1/archive/audits/${sample.body.id}/rooms/${s.rooms.b101.id}`, { result: 'pass' })).status).toBe(404);
  });
});

describe('no plaintext in responses or logs', () => {
  it('scans every response and log line of this file', () => {
    expect(leaks(transcript.responses)).toEqual([]);
    expect(leaks(transcript.logs)).toEqual([]);
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestApp } from '../../kernel/testing/index.ts';
import { createLoggedTestApp, seedArchive, makeOwnerUser, transcript, leaks, PHONES, IDS } from './archive.fixtures.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
let personId: string;
let otherId: string;
const login = (u: string) => t.client().login(u);
const logRows = (action: string) => t.deps.database.query<{ actor_name: string; person_id: string; field: string; reason: string }>(`select * from archive_access_log where action = $1 order by id`, [action]);

beforeAll(async () => {
  t = await createLoggedTestApp();
  s = await seedArchive(t);
  await makeUser(t.deps.database.db, t.deps.pii, s.roleIds, { companyId: s.company.id, username: 'inspector-a', name: 'inspector-a', roles: [['quality_inspector', s.a.id]] });
  const c = await login('clerk-a');
  personId = (await c.post('/api/v1/persons', { communityId: s.a.id, name: '赵业主', phone: PHONES[4], idNumber: IDS[4] })).body.id;
  otherId = (await c.post('/api/v1/persons', { communityId: s.a.id, name: '钱业主', phone: PHONES[5], idNumber: IDS[5] })).body.id;
  await c.post(`/api/v1/rooms/${s.rooms.r101.id}/occupancies`, { personId, relation: 'owner', startedOn: '2025-03-01' });
  await c.post(`/api/v1/rooms/${s.rooms.r201.id}/occupancies`, { personId: otherId, relation: 'owner', startedOn: '2025-03-01' });
  await makeOwnerUser(t, s.roleIds, s.company.id, personId, PHONES[4]);
});
afterAll(() => t.close());

describe('permission matrix on archive details (R-ARC-6)', () => {
  const cases: Array<[string, number, string | null]> = [
    ['clerk-a', 200, 'permission'],
    ['manager-a', 200, 'permission'],
    ['archive-a', 200, 'permission'],
    ['admin', 200, 'permission'],
    ['engineer-a', 403, null],
    ['guard-a', 403, null],
    ['finance-a', 403, null],
    ['inspector-a', 403, null],
    ['clerk-b', 404, null],
  ];
  it.each(cases)('%s reads person details → %i (masked)', async (user, status, via) => {
    const res = await (await login(user)).get(`/api/v1/persons/${personId}`);
    expect(res.status).toBe(status);
    if (status === 200) {
      expect(res.body).toMatchObject({ access: via, phoneMasked: '177****6666' });
      expect(res.body.idNumberMasked).toMatch(/^330\*{11}\d{3}[\dX]$/);
    } else if (status === 403) expect(res.body.error.code).toBe('ARCHIVE_ACCESS_DENIED');
  });

  it('owners cannot open staff archive endpoints, even for themselves', async () => {
    const o = await t.client().login(PHONES[4]);
    expect((await o.get(`/api/v1/persons/${personId}`)).status).toBe(404);
    expect((await o.get(`/api/v1/rooms/${s.rooms.r101.id}/archive`)).status).toBe(404);
    expect((await o.post(`/api/v1/persons/${personId}/reveal`, { field: 'phone', reason: '核对' })).status).toBe(404);
  });

  it('reveal needs archive.reveal and a reason, returns the value and is logged', async () => {
    for (const u of ['clerk-a', 'engineer-a', 'finance-a']) expect((await (await login(u)).post(`/api/v1/persons/${personId}/reveal`, { field: 'phone', reason: '回访核对' })).status).toBe(403);
    const a = await login('archive-a');
    const noReason = await a.post(`/api/v1/persons/${personId}/reveal`, { field: 'idNumber', reason: ' ' });
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
    expect((await logRows('reveal')).length).toBe(0);
    const ok = await a.post(`/api/v1/persons/${personId}/reveal`, { field: 'idNumber', reason: '办理过户核对身份' });
    expect(ok.body).toEqual({ field: 'idNumber', value: IDS[4] });
    const m = await (await login('manager-a')).post(`/api/v1/persons/${personId}/reveal`, { field: 'phone', reason: '紧急联系' });
    expect(m.body.value).toBe(PHONES[4]);
    expect((await logRows('reveal')).map((r) => [r.actor_name, r.person_id, r.field, r.reason])).toEqual([
      ['archive-a', personId, 'idNumber', '办理过户核对身份'],
      ['manager-a', personId, 'phone', '紧急联系'],
    ]);
  });
});

describe('borrowing requests (借阅登记)', () => {
  let reqId: string;
  it('an engineer asks for one room; cannot approve it; the manager approves; access follows the scope', async () => {
    const e = await login('engineer-a');
    const created = await e.post('/api/v1/borrowing-requests', {
      communityId: s.a.id, purpose: '漏水维修需联系业主', scope: 'records', roomIds: [s.rooms.r101.id],
      validFrom: '2026-11-24T00:00:00Z', validTo: '2026-11-25T00:00:00Z',
    });
    expect(created.status).toBe(201);
    reqId = created.body.id;
    expect((await e.post(`/api/v1/borrowing-requests/${reqId}/approve`, {})).status).toBe(403);
    expect((await e.get(`/api/v1/persons/${personId}`)).status).toBe(403); // pending grants nothing
    const m = await login('manager-a');
    expect((await m.post(`/api/v1/borrowing-requests/${reqId}/approve`, { note: '同意' })).body.status).toBe('approved');
    const view = await e.get(`/api/v1/persons/${personId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ access: 'borrowing', phoneMasked: '177****6666' });
    expect((await e.get(`/api/v1/rooms/${s.rooms.r101.id}/archive`)).status).toBe(200);
    // Outside the scope: another room and its owner stay closed; still no reveal.
    expect((await e.get(`/api/v1/persons/${otherId}`)).status).toBe(403);
    expect((await e.get(`/api/v1/rooms/${s.rooms.r201.id}/archive`)).status).toBe(403);
    expect((await e.post(`/api/v1/persons/${personId}/reveal`, { field: 'phone', reason: '联系' })).status).toBe(403);
    // Another engineer's request does not help the guard.
    expect((await (await login('guard-a')).get(`/api/v1/persons/${personId}`)).status).toBe(403);
    const views = await t.deps.database.query<{ borrowing_request_id: string }>(`select borrowing_request_id from archive_access_log where action = 'view' and actor_name = 'engineer-a'`);
    expect(views.map((v) => v.borrowing_request_id)).toEqual([reqId, reqId]);
  });

  it('expiry revokes access by itself (checked at read time)', async () => {
    t.clock.set('2026-11-24T23:59:00Z');
    const e = await login('engineer-a');
    expect((await e.get(`/api/v1/persons/${personId}`)).status).toBe(200);
    t.clock.set('2026-11-25T00:00:00Z');
    const res = await e.get(`/api/v1/persons/${personId}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ARCHIVE_ACCESS_DENIED');
    t.clock.set('2026-11-24T02:00:00Z');
  });

  it('a cancelled (revoked) request stops access at once', async () => {
    const g = await login('guard-a');
    const r = await g.post('/api/v1/borrowing-requests', { communityId: s.a.id, purpose: '核对访客', scope: 'community', validFrom: '2026-11-24T00:00:00Z', validTo: '2026-11-30T00:00:00Z' });
    const m = await login('manager-a');
    await m.post(`/api/v1/borrowing-requests/${r.body.id}/approve`, {});
    expect((await g.get(`/api/v1/persons/${otherId}`)).status).toBe(200);
    expect((await m.post(`/api/v1/borrowing-requests/${r.body.id}/cancel`, { note: '已完成' })).body.status).toBe('cancelled');
    expect((await g.get(`/api/v1/persons/${otherId}`)).status).toBe(403);
  });

  it('external requests need the written approval; nobody approves their own; bad periods refused', async () => {
    const c = await login('clerk-a');
    const ext = await c.post('/api/v1/borrowing-requests', { communityId: s.a.id, purpose: '法院调查取证', scope: 'records', personIds: [personId], validFrom: '2026-11-24T00:00:00Z', validTo: '2026-11-26T00:00:00Z', external: true, externalParty: '某区人民法院' });
    const m = await login('manager-a');
    expect((await m.post(`/api/v1/borrowing-requests/${ext.body.id}/approve`, {})).body.error.code).toBe('BORROWING_WRITTEN_APPROVAL_REQUIRED');
    const ok = await m.post(`/api/v1/borrowing-requests/${ext.body.id}/approve`, { approvalText: '经理批示：同意法院查阅赵业主资料，客服陪同。' });
    expect(ok.body).toMatchObject({ status: 'approved', approvalText: '经理批示：同意法院查阅赵业主资料，客服陪同。' });
    const own = await m.post('/api/v1/borrowing-requests', { communityId: s.a.id, purpose: '自查', scope: 'community', validFrom: '2026-11-24T00:00:00Z', validTo: '2026-11-25T00:00:00Z' });
    expect((await m.post(`/api/v1/borrowing-requests/${own.body.id}/approve`, {})).body.error.code).toBe('BORROWING_SELF_APPROVAL');
    const long = await c.post('/api/v1/borrowing-requests', { communityId: s.a.id, purpose: '长期', scope: 'community', validFrom: '2026-11-24T00:00:00Z', validTo: '2027-03-01T00:00:00Z' });
    expect(long.body.error.code).toBe('BORROWING_PERIOD_INVALID');
    const list = await (await login('engineer-a')).get(`/api/v1/borrowing-requests?communityId=${s.a.id}`);
    expect(list.body.items.every((r: { requesterName: string }) => r.requesterName === 'engineer-a')).toBe(true);
  });
});

describe('export, print and the access log', () => {
  async function sheet(buf: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const out: string[][] = [];
    ws.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return out;
  }
  const exportRaw = async (user: string, body: object) => t.app.inject({ method: 'POST', url: `/api/v1/communities/${s.a.id}/owners/export`, payload: body, headers: await authHeaders(user) });
  async function authHeaders(user: string) {
    const c = await login(user);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user, password: 'pass1234' } });
    return { cookie: String(res.headers['set-cookie']).split(';')[0], 'x-csrf-token': res.json().csrfToken, _unused: c.csrf } as Record<string, string>;
  }

  it('needs archive.export: clerk and finance are refused', async () => {
    for (const u of ['clerk-a', 'finance-a', 'engineer-a']) expect((await exportRaw(u, {})).statusCode).toBe(403);
  });

  it('exports masked values under a watermark line naming the exporter and time', async () => {
    const res = await exportRaw('archive-a', {});
    expect(res.statusCode).toBe(200);
    const rows = await sheet(res.rawPayload);
    expect(rows[0][0]).toMatch(/导出人：archive-a\s+导出时间：2026\/11\/24/);
    expect(rows[1].slice(0, 7)).toEqual(['档案编号', '房号', '关系', '姓名', '性别', '手机号码', '身份证号码']);
    const data = rows.slice(2);
    expect(data.map((r) => [r[0], r[3], r[5]])).toEqual([['1-1-101', '赵业主', '177****6666'], ['2-2-201', '钱业主', '136****2222']]);
    expect(leaks(rows.flat())).toEqual([]);
  });

  it('full values only with archive.reveal and a reason', async () => {
    expect((await exportRaw('archive-a', { reveal: true })).json().error.code).toBe('REASON_REQUIRED');
    const res = await exportRaw('archive-a', { reveal: true, reason: '移交开发商备案（经理批准）' });
    const rows = await sheet(res.rawPayload);
    expect(rows[0][0]).toContain('含完整信息');
    expect(rows[2][5]).toBe(PHONES[4]);
    expect(rows[2][6]).toBe(IDS[4]);
    const logged = await logRows('export');
    expect(logged.map((r) => [r.actor_name, r.field, r.reason])).toEqual([['archive-a', null, null], ['archive-a', 'all', '移交开发商备案（经理批准）']]);
  });

  it('copying a revealed value is logged; clerks cannot', async () => {
    expect((await (await login('clerk-a')).post(`/api/v1/persons/${personId}/copy`, { field: 'phone' })).status).toBe(403);
    expect((await (await login('archive-a')).post(`/api/v1/persons/${personId}/copy`, { field: 'phone', reason: '办理过户核对身份' })).status).toBe(200);
    expect((await logRows('copy')).map((r) => [r.actor_name, r.field])).toEqual([['archive-a', 'phone']]);
  });

  it('the GET download twin applies the same checks and is logged too', async () => {
    const before = (await logRows('export')).length;
    expect((await (await login('finance-a')).get(`/api/v1/communities/${s.a.id}/owners/export`)).status).toBe(403);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/communities/${s.a.id}/owners/export`, headers: await authHeaders('archive-a') });
    expect(res.statusCode).toBe(200);
    expect(leaks((await sheet(res.rawPayload)).flat())).toEqual([]);
    expect((await logRows('export')).length).toBe(before + 1);
  });

  it('print needs archive.export and is logged', async () => {
    expect((await (await login('clerk-a')).post(`/api/v1/persons/${personId}/print`, {})).status).toBe(403);
    const p = await (await login('archive-a')).post(`/api/v1/persons/${personId}/print`, { reason: '归档' });
    expect(p.body).toMatchObject({ phoneMasked: '177****6666', watermark: expect.stringContaining('archive-a') });
    expect((await logRows('print')).length).toBe(1);
  });

  it('is searchable by person, room, staff and date; only with accesslog.read', async () => {
    expect((await (await login('clerk-a')).get('/api/v1/access-log')).status).toBe(403);
    const a = await login('archive-a');
    const byPerson = await a.get(`/api/v1/access-log?personId=${personId}&action=reveal`);
    expect(byPerson.body.items.map((i: { actorName: string }) => i.actorName)).toEqual(['manager-a', 'archive-a']);
    const byRoom = await a.get(`/api/v1/access-log?roomId=${s.rooms.r101.id}`);
    expect(byRoom.body.items.length).toBeGreaterThan(0);
    expect(byRoom.body.items.every((i: { roomId: string }) => i.roomId === s.rooms.r101.id)).toBe(true);
    const byStaff = await a.get(`/api/v1/access-log?actorId=${s.staff.engineerA.id}`);
    expect(byStaff.body.items.every((i: { action: string }) => i.action === 'view')).toBe(true);
    expect(byStaff.body.items.length).toBeGreaterThan(2);
    const future = await a.get('/api/v1/access-log?from=2026-12-01T00:00:00Z');
    expect(future.body.items).toEqual([]);
    const paged = await a.get('/api/v1/access-log?limit=2');
    const next = await a.get(`/api/v1/access-log?limit=2&cursor=${paged.body.nextCursor}`);
    expect(next.body.items[0].id).toBeLessThan(paged.body.items[1].id);
    expect((await (await login('clerk-b')).get('/api/v1/access-log')).status).toBe(403);
  });

  it('is append-only in the database itself', async () => {
    await expect(t.deps.database.query(`update archive_access_log set reason = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.deps.database.query(`delete from archive_access_log`)).rejects.toThrow(/append-only/);
    await expect(t.deps.database.query(`truncate archive_access_log`)).rejects.toThrow(/append-only/);
    expect((await t.deps.database.query('select count(*)::int n from archive_access_log'))[0]).toMatchObject({ n: expect.any(Number) });
  });
});

describe('owner self-service (我的信息)', () => {
  it('shows the owner their own data masked, and in full on request (logged)', async () => {
    const o = await t.client().login(PHONES[4]);
    const me = await o.get('/api/v1/me/profile');
    expect(me.body).toMatchObject({ id: personId, name: '赵业主', phoneMasked: '177****6666', rooms: [{ roomId: s.rooms.r101.id, code: '1-1-101', relation: 'owner' }] });
    const full = await o.post('/api/v1/me/profile/reveal', {});
    expect(full.body).toEqual({ phone: PHONES[4], phones: [{ id: expect.any(String), label: 'self', primary: true, phone: PHONES[4] }], idNumber: IDS[4] });
    const rows = await t.deps.database.query<{ actor_id: string; field: string }>(`select actor_id, field from archive_access_log where action = 'reveal' and person_id = $1 and field = 'all'`, [personId]);
    expect(rows).toHaveLength(1);
    expect((await (await login('clerk-a')).get('/api/v1/me/profile')).status).toBe(403);
  });
});

describe('no plaintext anywhere but the reveal answers', () => {
  it('scans every response body and every log line of this file', () => {
    const responses = transcript.responses.filter((r) => !/\/reveal /.test(r));
    expect(transcript.responses.length).toBeGreaterThan(60);
    expect(transcript.logs.length).toBeGreaterThan(100);
    expect(leaks(responses)).toEqual([]);
    expect(leaks(transcript.logs)).toEqual([]);
    // The reveal answers did carry the values (so the scan can see them when they appear).
    expect(leaks(transcript.responses.filter((r) => /\/reveal /.test(r))).length).toBeGreaterThan(0);
  });
});

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../kernel/testing/index.ts';
import { makeUser } from '../../kernel/testing/index.ts';
import { persons } from './people.tables.ts';
import { createLoggedTestApp, seedArchive, makeOwnerUser, transcript, leaks, PHONES, IDS } from './archive.fixtures.ts';
import { validatePersonRow } from './person-row.validate.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
let personId: string;
const login = (u: string) => t.client().login(u);
const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => t.deps.database.query<T>(text, params);
const phoneCount = async () => Number((await q<{ n: number }>('select count(*)::int n from person_phones'))[0].n);

beforeAll(async () => {
  t = await createLoggedTestApp();
  s = await seedArchive(t);
  await makeUser(t.deps.database.db, t.deps.pii, s.roleIds, { companyId: s.company.id, username: 'inspector-a', name: 'inspector-a', roles: [['quality_inspector', s.a.id]] });
});
afterAll(() => t.close());

describe('several phones per person', () => {
  it('creates a person with three labelled phones, all masked; the raw tables hold no plaintext', async () => {
    const c = await login('clerk-a');
    const res = await c.post('/api/v1/persons', {
      communityId: s.a.id, name: '孙业主', idNumber: IDS[0],
      phones: [{ phone: PHONES[0], label: 'self' }, { phone: PHONES[1], label: 'family', primary: true }, { phone: `+86 ${PHONES[2]}`, label: 'work' }],
    });
    expect(res.status).toBe(201);
    personId = res.body.id;
    expect(res.body.phoneMasked).toBe('139****4321'); // the primary
    expect(res.body.phones.map((p: { label: string; primary: boolean; phoneMasked: string }) => [p.label, p.primary, p.phoneMasked])).toEqual([
      ['family', true, '139****4321'],
      ['self', false, '138****5678'],
      ['work', false, '150****2222'],
    ]);
    const raw = JSON.stringify([await q('select * from person_phones'), await q('select * from persons')]);
    for (const v of [PHONES[0], PHONES[1], PHONES[2], IDS[0]]) expect(raw).not.toContain(v);
    const rows = await q<{ phone_enc: string; phone_bidx: string; is_primary: boolean }>('select phone_enc, phone_bidx, is_primary from person_phones where person_id = $1 order by sort', [personId]);
    expect(rows.map((r) => t.deps.pii.decrypt(r.phone_enc))).toEqual([PHONES[0], PHONES[1], PHONES[2]]);
    expect(rows.map((r) => r.phone_bidx)).toEqual([PHONES[0], PHONES[1], PHONES[2]].map((p) => t.deps.pii.blindIndex('phone', p)));
    // persons.phone_* mirrors the primary phone.
    const [p] = await q<{ phone_bidx: string }>('select phone_bidx from persons where id = $1', [personId]);
    expect(p.phone_bidx).toBe(t.deps.pii.blindIndex('phone', PHONES[1]));
  });

  it('staff find the person by any of the phones, only within visible communities', async () => {
    const a = await login('clerk-a');
    for (const phone of [PHONES[0], PHONES[1], `150-1111-2222`]) {
      const found = await a.post('/api/v1/persons/search', { phone });
      expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([personId]);
    }
    expect((await (await login('clerk-b')).post('/api/v1/persons/search', { phone: PHONES[2] })).body.items).toEqual([]);
  });

  it('refuses a bad number, a repeated number, two primaries and too many phones — nothing written', async () => {
    const c = await login('clerk-a');
    const before = [await phoneCount(), Number((await q<{ n: number }>('select count(*)::int n from persons'))[0].n)];
    const bad = await c.post('/api/v1/persons', { communityId: s.a.id, name: '坏号', phones: [{ phone: PHONES[3] }, { phone: '12812345678' }] });
    expect(bad.body.error.code).toBe('PHONE_INVALID');
    const dup = await c.post('/api/v1/persons', { communityId: s.a.id, name: '重号', phones: [{ phone: PHONES[3] }, { phone: `+86${PHONES[3]}` }] });
    expect(dup.status).toBe(400);
    expect(dup.body.error).toMatchObject({ code: 'PHONES_INVALID', message: '电话列表不正确：同一号码填写了两次' });
    const two = await c.post('/api/v1/persons', { communityId: s.a.id, name: '双主', phones: [{ phone: PHONES[3], primary: true }, { phone: PHONES[4], primary: true }] });
    expect(two.body.error.message).toBe('电话列表不正确：只能有一个主要电话');
    const many = await c.patch(`/api/v1/persons/${personId}`, { phones: ['13800000001', '13800000002', '13800000003', '13800000004', '13800000005', '13800000006'].map((phone) => ({ phone })) });
    expect(many.body.error.code).toBe('PHONES_INVALID');
    for (const r of [bad, dup, two, many]) expect(r.raw).not.toContain(PHONES[3]);
    expect([await phoneCount(), Number((await q<{ n: number }>('select count(*)::int n from persons'))[0].n)]).toEqual(before);
  });

  it('editing the list keeps the ids of kept numbers, switches the primary and drops removed ones', async () => {
    const c = await login('clerk-a');
    const before = (await c.get(`/api/v1/persons/${personId}`)).body.phones as Array<{ id: string; phoneMasked: string }>;
    const kept = before.find((p) => p.phoneMasked === '138****5678')!.id;
    const res = await c.patch(`/api/v1/persons/${personId}`, { phones: [{ phone: PHONES[0], label: 'self', primary: true }, { phone: PHONES[3], label: 'other' }] });
    expect(res.status).toBe(200);
    expect(res.body.phones.map((p: { id: string; label: string; primary: boolean; phoneMasked: string }) => [p.label, p.primary, p.phoneMasked])).toEqual([['self', true, '138****5678'], ['other', false, '186****1111']]);
    expect(res.body.phones[0].id).toBe(kept);
    expect(res.body.phoneMasked).toBe('138****5678');
    expect((await c.post('/api/v1/persons/search', { phone: PHONES[1] })).body.items).toEqual([]); // removed number no longer finds them
    // Legacy single `phone` replaces only the primary.
    const legacy = await c.patch(`/api/v1/persons/${personId}`, { phone: PHONES[2] });
    expect(legacy.body.phones.map((p: { primary: boolean; phoneMasked: string }) => [p.primary, p.phoneMasked])).toEqual([[true, '150****2222'], [false, '186****1111']]);
    await c.patch(`/api/v1/persons/${personId}`, { phones: [{ phone: PHONES[0], label: 'self' }, { phone: PHONES[1], label: 'family' }] });
  });

  it('the editor keeps stored phones by id (no reveal needed); a phone id of another person is 404', async () => {
    const c = await login('clerk-a');
    const phones = (await c.get(`/api/v1/persons/${personId}`)).body.phones as Array<{ id: string; label: string; phoneMasked: string }>;
    const res = await c.patch(`/api/v1/persons/${personId}`, { phones: [{ id: phones[1].id, label: 'family', primary: true }, { id: phones[0].id, label: 'self' }, { phone: PHONES[4], label: 'work' }] });
    expect(res.status).toBe(200);
    expect(res.body.phones.map((p: { id: string; primary: boolean; phoneMasked: string }) => [p.id === phones[1].id, p.primary, p.phoneMasked])).toEqual([[true, true, phones[1].phoneMasked], [false, false, phones[0].phoneMasked], [false, false, '177****6666']]);
    const other = (await c.post('/api/v1/persons', { communityId: s.a.id, name: '冯业主', phone: '13700001111' })).body;
    expect((await c.patch(`/api/v1/persons/${personId}`, { phones: [{ id: other.phones[0].id }] })).status).toBe(404);
    await c.patch(`/api/v1/persons/${personId}`, { phones: [{ phone: PHONES[0], label: 'self' }, { phone: PHONES[1], label: 'family' }] });
  });

  it('reveal per phone: archive.reveal + reason, 404 for a phone of someone else, logged with the phone id', async () => {
    const c = await login('clerk-a');
    const other = (await c.post('/api/v1/persons', { communityId: s.a.id, name: '周业主', phone: PHONES[5] })).body;
    const phones = (await c.get(`/api/v1/persons/${personId}`)).body.phones as Array<{ id: string; label: string }>;
    const family = phones.find((p) => p.label === 'family')!;
    for (const u of ['clerk-a', 'engineer-a', 'guard-a', 'finance-a', 'inspector-a']) {
      expect((await (await login(u)).post(`/api/v1/persons/${personId}/reveal`, { field: 'phone', phoneId: family.id, reason: '联系家属' })).status).toBe(403);
    }
    const a = await login('archive-a');
    const ok = await a.post(`/api/v1/persons/${personId}/reveal`, { field: 'phone', phoneId: family.id, reason: '联系家属' });
    expect(ok.body).toEqual({ field: 'phone', phoneId: family.id, value: PHONES[1] });
    const primary = await (await login('manager-a')).post(`/api/v1/persons/${personId}/reveal`, { field: 'phone', reason: '紧急联系' });
    expect(primary.body.value).toBe(PHONES[0]);
    const foreign = await a.post(`/api/v1/persons/${personId}/reveal`, { field: 'phone', phoneId: other.phones[0].id, reason: '核对' });
    expect(foreign.status).toBe(404);
    const log = await q<{ actor_name: string; detail: { phoneId?: string; label?: string } }>(`select actor_name, detail from archive_access_log where action = 'reveal' and person_id = $1 order by id`, [personId]);
    expect(log.map((r) => [r.actor_name, r.detail.label])).toEqual([['archive-a', 'family'], ['manager-a', 'self']]);
    expect(log[0].detail.phoneId).toBe(family.id);
    expect((await a.post(`/api/v1/persons/${personId}/copy`, { field: 'phone', phoneId: family.id, reason: '联系家属' })).status).toBe(200);
  });

  it('lists, room archive, print and export show every phone masked', async () => {
    const c = await login('clerk-a');
    await c.post(`/api/v1/rooms/${s.rooms.r101.id}/occupancies`, { personId, relation: 'owner', startedOn: '2025-03-01' });
    const list = await c.get(`/api/v1/communities/${s.a.id}/persons?q=孙`);
    expect(list.body.items[0].phones).toHaveLength(2);
    const arch = await c.get(`/api/v1/rooms/${s.rooms.r101.id}/archive`);
    expect(arch.body.occupancies[0].person.phones.map((p: { phoneMasked: string }) => p.phoneMasked)).toEqual(['138****5678', '139****4321']);
    const printed = await (await login('archive-a')).post(`/api/v1/persons/${personId}/print`, {});
    expect(printed.body.phones).toHaveLength(2);
  });
});

describe('owner login and 我的信息 with several phones', () => {
  it('the login phone stays the account phone; 我的信息 lists every phone masked and reveals them (logged)', async () => {
    await makeOwnerUser(t, s.roleIds, s.company.id, personId, PHONES[0]);
    // A secondary phone is contact data, not a login: the account phone alone signs in.
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: PHONES[1], password: 'pass1234' } });
    expect(wrong.statusCode).toBe(401);
    const o = await t.client().login(PHONES[0]);
    const me = await o.get('/api/v1/me/profile');
    expect(me.body.phones.map((p: { label: string; phoneMasked: string }) => [p.label, p.phoneMasked])).toEqual([['self', '138****5678'], ['family', '139****4321']]);
    const full = await o.post('/api/v1/me/profile/reveal', {});
    expect(full.body.phones.map((p: { phone: string }) => p.phone)).toEqual([PHONES[0], PHONES[1]]);
    const logged = await q(`select 1 from archive_access_log where action = 'reveal' and person_id = $1 and field = 'all'`, [personId]);
    expect(logged).toHaveLength(1);
  });
});

describe('data migration 0016 (existing single phones, manager permission)', () => {
  const migration = () => fs.readFileSync(new URL('../../../migrations/0016_people_phones_data.sql', import.meta.url), 'utf8').split('--> statement-breakpoint');

  it('older writers that set persons.phone_* only still get a findable phone (trigger)', async () => {
    const [p] = await t.deps.database.db.insert(persons).values({ companyId: s.company.id, communityId: s.a.id, name: '旧写法', phoneEnc: t.deps.pii.encrypt('13711112222'), phoneBidx: t.deps.pii.blindIndex('phone', '13711112222') }).returning();
    const found = await (await login('clerk-a')).post('/api/v1/persons/search', { phone: '13711112222' });
    expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect(found.body.items[0].phones).toEqual([{ id: expect.any(String), label: 'self', primary: true, phoneMasked: '137****2222' }]);
  });

  it('copies every existing single phone as the primary one and grants archive.event.review — idempotently', async () => {
    // Back to the state before the migration: phones only on persons, managers without the permission.
    const [p] = await t.deps.database.db.insert(persons).values({ companyId: s.company.id, communityId: s.a.id, name: '迁移前', phoneEnc: t.deps.pii.encrypt('13722223333'), phoneBidx: t.deps.pii.blindIndex('phone', '13722223333') }).returning();
    await q('delete from person_phones where person_id = $1', [p.id]);
    await q(`update roles set permissions = array_remove(permissions, 'archive.event.review')`);
    expect((await (await login('clerk-a')).post('/api/v1/persons/search', { phone: '13722223333' })).body.items).toEqual([]);
    const [copyPhones, , , grant] = migration();
    for (let i = 0; i < 2; i++) {
      await q(copyPhones);
      await q(grant);
    }
    const rows = await q<{ is_primary: boolean; label: string; phone_bidx: string }>('select is_primary, label, phone_bidx from person_phones where person_id = $1', [p.id]);
    expect(rows).toEqual([{ is_primary: true, label: 'self', phone_bidx: t.deps.pii.blindIndex('phone', '13722223333') }]);
    expect((await (await login('clerk-a')).post('/api/v1/persons/search', { phone: '13722223333' })).body.items).toHaveLength(1);
    const roles = await q<{ code: string; n: number }>(`select code, cardinality(array_positions(permissions, 'archive.event.review'))::int n from roles order by code`);
    const granted = Object.fromEntries(roles.map((r) => [r.code, r.n]));
    expect([granted.company_admin, granted.general_manager, granted.community_manager]).toEqual([1, 1, 1]);
    expect([granted.clerk, granted.archive_admin, granted.engineer, granted.security_guard, granted.finance]).toEqual([0, 0, 0, 0, 0]);
  });

  it('after the grant: the manager files an event; clerk, archive admin, engineer, guard, finance and owners cannot', async () => {
    const c = await login('clerk-a');
    const ev = await c.post(`/api/v1/communities/${s.a.id}/archive/events`, { kind: 'major_complaint', title: '噪音投诉', description: '楼上装修噪音', occurredOn: '2026-11-02' });
    await c.post(`/api/v1/archive/events/${ev.body.id}/submit`, {});
    for (const u of ['clerk-a', 'archive-a', 'engineer-a', 'guard-a', 'finance-a']) expect((await (await login(u)).post(`/api/v1/archive/events/${ev.body.id}/file`, {})).status).toBe(403);
    expect((await (await t.client().login(PHONES[0])).post(`/api/v1/archive/events/${ev.body.id}/file`, {})).status).toBe(403);
    expect((await (await login('manager-a')).post(`/api/v1/archive/events/${ev.body.id}/file`, { note: '已审阅' })).body.status).toBe('filed');
  });
});

describe('one row validator for both imports', () => {
  it('parses several labelled phones in one cell, first is primary; refuses unknown labels', () => {
    const ok = validatePersonRow({ name: '甲', phones: `${PHONES[0]}；家属:${PHONES[1]}, 工作：${PHONES[2]}` }, '2026-11-24');
    expect(ok.errors).toEqual([]);
    expect(ok.value.phones.map((p) => [p.label, p.primary])).toEqual([['self', true], ['family', false], ['work', false]]);
    const bad = validatePersonRow({ name: '', phones: `朋友:${PHONES[0]}`, idNumber: '110105198002301234', relation: '房东' }, '2026-11-24');
    expect(bad.errors.map((e) => e.field)).toEqual(['relation', 'name', 'phones', 'idNumber']);
    expect(JSON.stringify(bad.errors)).not.toContain(PHONES[0]);
  });
});

describe('room archive print (watermark, logged)', () => {
  const cases: Array<[string, number]> = [['archive-a', 200], ['manager-a', 200], ['clerk-a', 403], ['engineer-a', 403], ['guard-a', 403], ['finance-a', 403], ['clerk-b', 404]];
  it.each(cases)('%s prints the room archive → %i', async (user, status) => {
    const res = await (await login(user)).post(`/api/v1/rooms/${s.rooms.r101.id}/archive/print`, {});
    expect(res.status).toBe(status);
    if (status === 200) expect(res.body.watermark).toMatch(new RegExp(`业户资料 — 公司一级保密资料，严禁外传。打印人：${user}\\s+打印时间：2026/11/24`));
  });

  it('owners cannot print; every print is in the access log with the room', async () => {
    expect((await (await t.client().login(PHONES[0])).post(`/api/v1/rooms/${s.rooms.r101.id}/archive/print`, {})).status).toBe(404);
    const rows = await q<{ actor_name: string; room_id: string }>(`select actor_name, room_id from archive_access_log where action = 'print' and room_id is not null order by id`);
    expect(rows.map((r) => [r.actor_name, r.room_id])).toEqual([['archive-a', s.rooms.r101.id], ['manager-a', s.rooms.r101.id]]);
  });
});

describe('no plaintext phone anywhere but the reveal answers', () => {
  it('scans every response and log line of this file', () => {
    expect(transcript.responses.length).toBeGreaterThan(40);
    expect(leaks(transcript.responses.filter((r) => !/\/reveal /.test(r)))).toEqual([]);
    expect(leaks(transcript.logs)).toEqual([]);
    expect(leaks(transcript.responses.filter((r) => /\/reveal /.test(r))).length).toBeGreaterThan(0);
  });
});

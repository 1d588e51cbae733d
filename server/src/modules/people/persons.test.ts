import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../kernel/testing/index.ts';
import { createLoggedTestApp, seedArchive, transcript, leaks, PHONES, IDS } from './archive.fixtures.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
const count = async (table: string) => Number((await t.deps.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);

beforeAll(async () => {
  t = await createLoggedTestApp();
  s = await seedArchive(t);
});
afterAll(() => t.close());

describe('persons (R-ARC-1)', () => {
  it('creates a person; the raw table holds only ciphertext and blind indexes', async () => {
    const c = await t.client().login('clerk-a');
    const res = await c.post('/api/v1/persons', { communityId: s.a.id, name: '张三', gender: 'male', phone: PHONES[0], idNumber: IDS[0], nativePlace: '江苏南京', hukouLocation: '北京市西城区' });
    expect(res.status).toBe(201);
    expect(res.body.phoneMasked).toBe('138****5678');
    expect(res.body.idNumberMasked).toBe(`${IDS[0].slice(0, 3)}***********${IDS[0].slice(-4)}`);
    expect(res.raw).not.toContain(PHONES[0]);
    const dump = JSON.stringify(await t.deps.database.query('select * from persons'));
    expect(dump).not.toContain(PHONES[0]);
    expect(dump).not.toContain(IDS[0]);
    expect(dump).not.toContain(IDS[0].slice(6, 14)); // not even the birth date part
    const [row] = await t.deps.database.query<{ phone_enc: string; phone_bidx: string }>('select phone_enc, phone_bidx from persons where id = $1', [res.body.id]);
    expect(t.deps.pii.decrypt(row.phone_enc)).toBe(PHONES[0]);
    expect(row.phone_bidx).toBe(t.deps.pii.blindIndex('phone', PHONES[0]));
  });

  it('refuses a bad ID checksum, an impossible birth date and a malformed phone, writing nothing', async () => {
    const c = await t.client().login('clerk-a');
    const before = await count('persons');
    const badCheck = IDS[1].slice(0, 17) + (IDS[1][17] === '0' ? '1' : '0');
    const r1 = await c.post('/api/v1/persons', { communityId: s.a.id, name: '李四', idNumber: badCheck });
    expect(r1.status).toBe(400);
    expect(r1.body.error).toMatchObject({ code: 'ID_NUMBER_INVALID', message: '身份证号码不正确：校验位错误，请核对号码' });
    expect(r1.raw).not.toContain(badCheck);
    const r2 = await c.post('/api/v1/persons', { communityId: s.a.id, name: '李四', idNumber: '110105198002301234' });
    expect(r2.body.error.code).toBe('ID_NUMBER_INVALID');
    c.lang = 'en';
    const r3 = await c.post('/api/v1/persons', { communityId: s.a.id, name: '李四', phone: '12812345678' });
    expect(r3.status).toBe(400);
    expect(r3.body.error).toMatchObject({ code: 'PHONE_INVALID', message: 'Invalid phone number; expected an 11-digit mainland mobile number' });
    expect(await count('persons')).toBe(before);
  });

  it('accepts a lower-case x check digit and stores it normalised', async () => {
    const c = await t.client().login('clerk-a');
    const res = await c.post('/api/v1/persons', { communityId: s.a.id, name: '王五', idNumber: '11010519491231002x' });
    expect(res.status).toBe(201);
    const found = await c.post('/api/v1/persons/search', { idNumber: '11010519491231002X' });
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([res.body.id]);
  });

  it('refuses a second person with the same ID number (409, nothing written)', async () => {
    const c = await t.client().login('clerk-a');
    const before = await count('persons');
    const res = await c.post('/api/v1/persons', { communityId: s.a.id, name: '张三二', idNumber: IDS[0] });
    expect(res.status).toBe(409);
    expect(await count('persons')).toBe(before);
  });

  it('finds by full phone through the blind index, only within visible communities', async () => {
    const a = await t.client().login('clerk-a');
    expect((await a.post('/api/v1/persons/search', { phone: `+86 ${PHONES[0]}` })).body.items).toHaveLength(1);
    const b = await t.client().login('clerk-b');
    expect((await b.post('/api/v1/persons/search', { phone: PHONES[0] })).body.items).toHaveLength(0);
  });

  it('a clerk without archive permission in the community gets 404 for a foreign community', async () => {
    const b = await t.client().login('clerk-b');
    expect((await b.post('/api/v1/persons', { communityId: s.a.id, name: 'x' })).status).toBe(404);
  });
});

describe('occupancy and transfer (过户)', () => {
  let seller: string;
  let buyer: string;
  let tenant: string;
  beforeAll(async () => {
    const c = await t.client().login('clerk-a');
    seller = (await c.post('/api/v1/persons', { communityId: s.a.id, name: '卖方', phone: PHONES[1] })).body.id;
    buyer = (await c.post('/api/v1/persons', { communityId: s.a.id, name: '买方', phone: PHONES[2] })).body.id;
    tenant = (await c.post('/api/v1/persons', { communityId: s.a.id, name: '租户', phone: PHONES[3] })).body.id;
  });

  it('one person holds several rooms; adding the first owner opens the move-in package', async () => {
    const c = await t.client().login('clerk-a');
    expect((await c.post(`/api/v1/rooms/${s.rooms.r101.id}/occupancies`, { personId: seller, relation: 'owner', startedOn: '2024-05-01' })).status).toBe(201);
    expect((await c.post(`/api/v1/rooms/${s.rooms.r102.id}/occupancies`, { personId: seller, relation: 'owner', startedOn: '2024-06-01' })).status).toBe(201);
    expect((await c.post(`/api/v1/rooms/${s.rooms.r101.id}/occupancies`, { personId: tenant, relation: 'tenant', startedOn: '2025-01-01' })).status).toBe(201);
    const p = await c.get(`/api/v1/persons/${seller}`);
    expect(p.body.occupancies.map((o: { archiveCode: string }) => o.archiveCode).sort()).toEqual(['1-1-101', '1-1-102']);
    const arch = await c.get(`/api/v1/rooms/${s.rooms.r101.id}/archive`);
    expect(arch.body.room.archiveCode).toBe('1-1-101');
    expect(arch.body.packages.map((x: { kind: string }) => x.kind)).toEqual(['move_in']);
    expect(arch.body.packages[0].missing).toHaveLength(10);
  });

  it('transfer ends the old ownership and opens the new one in one step, keeping history', async () => {
    const c = await t.client().login('clerk-a');
    const res = await c.post(`/api/v1/rooms/${s.rooms.r101.id}/transfer`, { transferOn: '2026-11-20', newOwners: [{ personId: buyer, relation: 'owner' }] });
    expect(res.status).toBe(200);
    expect(res.body.ended).toBe(1);
    const arch = await c.get(`/api/v1/rooms/${s.rooms.r101.id}/archive`);
    const occ = arch.body.occupancies.map((o: any) => [o.person.name, o.relation, o.startedOn, o.endedOn, o.endReason]);
    expect(occ).toEqual([
      ['卖方', 'owner', '2024-05-01', '2026-11-20', 'transfer'],
      ['租户', 'tenant', '2025-01-01', null, null],
      ['买方', 'owner', '2026-11-20', null, null],
    ]);
    expect(arch.body.packages.map((x: { kind: string }) => x.kind)).toEqual(['move_in', 'transfer']);
    // The seller still owns 1-1-102.
    const rows = await t.deps.database.query<{ n: number }>(`select count(*)::int n from room_occupancies where person_id = $1 and ended_on is null`, [seller]);
    expect(rows[0].n).toBe(1);
  });

  it('transfer to an unknown room or a room of another community → 404, nothing written', async () => {
    const c = await t.client().login('clerk-a');
    const before = [await count('room_occupancies'), await count('archive_room_packages')];
    const body = { transferOn: '2026-11-21', newOwners: [{ personId: seller, relation: 'owner' }] };
    const unknown = await c.post('/api/v1/rooms/0190a000-0000-7000-8000-000000000000/transfer', body);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('房屋不存在或无权查看');
    expect((await c.post(`/api/v1/rooms/${s.rooms.b101.id}/transfer`, body)).status).toBe(404);
    const noOwner = await c.post(`/api/v1/rooms/${s.rooms.r201.id}/transfer`, { transferOn: '2026-11-21', newOwners: [{ personId: seller, relation: 'co_owner' }] });
    expect(noOwner.status).toBe(400);
    const unknownPerson = await c.post(`/api/v1/rooms/${s.rooms.r201.id}/transfer`, { transferOn: '2026-11-21', newOwners: [{ personId: '0190a000-0000-7000-8000-000000000000', relation: 'owner' }] });
    expect(unknownPerson.status).toBe(404);
    expect([await count('room_occupancies'), await count('archive_room_packages')]).toEqual(before);
  });

  it('move-out before move-in is refused; a proper move-out closes the occupancy', async () => {
    const c = await t.client().login('clerk-a');
    const arch = await c.get(`/api/v1/rooms/${s.rooms.r101.id}/archive`);
    const occId = arch.body.occupancies.find((o: any) => o.relation === 'tenant').id;
    expect((await c.post(`/api/v1/occupancies/${occId}/end`, { endedOn: '2024-01-01' })).body.error.code).toBe('OCCUPANCY_DATES_INVALID');
    const ok = await c.post(`/api/v1/occupancies/${occId}/end`, { endedOn: '2026-11-22' });
    expect(ok.body.endedOn).toBe('2026-11-22');
  });

  it('engineers (no archive.manage) cannot change occupancy', async () => {
    const c = await t.client().login('engineer-a');
    const res = await c.post(`/api/v1/rooms/${s.rooms.r201.id}/occupancies`, { personId: tenant, relation: 'tenant', startedOn: '2026-01-01' });
    expect(res.status).toBe(403);
  });
});

describe('no plaintext in responses or logs', () => {
  it('scans every response and log line of this file', () => {
    expect(transcript.responses.length).toBeGreaterThan(20);
    expect(transcript.logs.length).toBeGreaterThan(40);
    expect(leaks(transcript.responses)).toEqual([]);
    expect(leaks(transcript.logs)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeStructure } from './testing/fixtures.ts';

/** Everything of one community a foreign clerk must not reach. */
async function populate(c: TestClient, communityId: string, code: string) {
  const s = await makeStructure(c, communityId, code, 2);
  const parking = await c.post(`/api/v1/communities/${communityId}/parking-spaces`, { code: `P-${code}` });
  const area = await c.post(`/api/v1/communities/${communityId}/common-areas`, { code: `CA-${code}`, name: '大堂' });
  const eq = await c.post(`/api/v1/communities/${communityId}/equipment`, { code: `EQ-${code}`, name: '电梯', kind: 'elevator', buildingId: s.building.id });
  return { ...s, parking: parking.body, area: area.body, equipment: eq.body };
}

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let A: Awaited<ReturnType<typeof populate>>;
let B: Awaited<ReturnType<typeof populate>>;
let owner: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const admin = await t.client().login('admin');
  A = await populate(admin, seed.a.id, '1');
  B = await populate(admin, seed.b.id, '2');
  // An owner of A's first room (person + occupancy + owner user logging in by phone).
  const { db } = t.deps.database;
  // Plain SQL: property must not import people (people depends on property).
  const q = t.deps.database.query.bind(t.deps.database);
  const [person] = await q<{ id: string }>(`insert into persons (company_id, name) values ($1, '张三') returning id`, [seed.company.id]);
  await q(`insert into room_occupancies (community_id, room_id, person_id, relation, started_on) values ($1, $2, $3, 'owner', '2020-01-01')`, [seed.a.id, A.rooms[0].id, person.id]);
  await makeUser(db, t.deps.pii, seed.roleIds, { companyId: seed.company.id, kind: 'owner', phone: '13800000001', personId: person.id, name: '张三', roles: [['owner', null]] });
  owner = await t.client().login('13800000001');
});
afterAll(() => t.close());

const denied = (status: number) => status === 403 || status === 404;

describe('a clerk of community A and community B', () => {
  it('cannot read any record of B by id', async () => {
    const clerk = await t.client().login('clerk-a');
    const urls = [
      `/api/v1/rooms/${B.rooms[0].id}`,
      `/api/v1/parking-spaces/${B.parking.id}`,
      `/api/v1/common-areas/${B.area.id}`,
      `/api/v1/equipment/${B.equipment.id}`,
      `/api/v1/communities/${seed.b.id}`,
      `/api/v1/communities/${seed.b.id}/buildings/${B.building.id}/entrances`,
    ];
    for (const url of urls) {
      const res = await clerk.get(url);
      expect(denied(res.status), `${url} → ${res.status}`).toBe(true);
      expect(res.raw).not.toContain(B.rooms[0].code);
      expect(res.raw).not.toContain('EQ-2');
    }
  });

  it('cannot list anything of B', async () => {
    const clerk = await t.client().login('clerk-a');
    for (const sub of ['rooms', 'buildings', 'tree', 'parking-spaces', 'common-areas', 'equipment', 'rooms/export', 'equipment/export']) {
      const res = await clerk.get(`/api/v1/communities/${seed.b.id}/${sub}`);
      expect(res.status, sub).toBe(404);
      expect(res.raw).not.toContain('2-1-10');
    }
    const communities = await clerk.get('/api/v1/communities');
    expect(communities.body.items.map((c: { id: string }) => c.id)).toEqual([seed.a.id]);
  });

  it("B's building or entrance ids used inside A's community find nothing", async () => {
    const clerk = await t.client().login('clerk-a');
    const rooms = await clerk.get(`/api/v1/communities/${seed.a.id}/rooms?buildingId=${B.building.id}`);
    expect(rooms.status).toBe(200);
    expect(rooms.body.items).toEqual([]);
    expect((await clerk.get(`/api/v1/communities/${seed.a.id}/rooms?entranceId=${B.entrance.id}`)).body.items).toEqual([]);
    expect((await clerk.get(`/api/v1/communities/${seed.a.id}/buildings/${B.building.id}/entrances`)).status).toBe(404);
  });

  it('cannot write to B (edits of B records and creates in B)', async () => {
    const manager = await t.client().login('manager-a');
    expect(denied((await manager.patch(`/api/v1/rooms/${B.rooms[0].id}`, { status: 'occupied' })).status)).toBe(true);
    expect(denied((await manager.patch(`/api/v1/equipment/${B.equipment.id}`, { status: 'fault' })).status)).toBe(true);
    expect(denied((await manager.patch(`/api/v1/parking-spaces/${B.parking.id}`, { status: 'occupied' })).status)).toBe(true);
    expect(denied((await manager.post(`/api/v1/communities/${seed.b.id}/buildings`, { code: 'X' })).status)).toBe(true);
    // A's community with B's building id: not found, nothing created.
    const cross = await manager.post(`/api/v1/communities/${seed.a.id}/rooms`, { buildingId: B.building.id, floor: 1, number: '1', areaM2: 10 });
    expect(cross.status).toBe(404);
    const [b] = await t.deps.database.query<{ status: string }>('select status from rooms where id = $1', [B.rooms[0].id]);
    expect(b.status).toBe('vacant');
  });

  it('the clerk of B sees B and not A', async () => {
    const clerkB = await t.client().login('clerk-b');
    expect((await clerkB.get(`/api/v1/communities/${seed.b.id}/rooms`)).body.items).toHaveLength(2);
    expect((await clerkB.get(`/api/v1/rooms/${A.rooms[0].id}`)).status).toBe(404);
  });
});

describe('owners and the company administrator', () => {
  it('an owner reads their own room and nothing else', async () => {
    expect((await owner.get(`/api/v1/rooms/${A.rooms[0].id}`)).status).toBe(200);
    expect((await owner.get(`/api/v1/rooms/${A.rooms[1].id}`)).status).toBe(404);
    expect((await owner.get(`/api/v1/rooms/${B.rooms[0].id}`)).status).toBe(404);
    const list = await owner.get(`/api/v1/communities/${seed.a.id}/rooms`);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([A.rooms[0].id]);
    expect((await owner.get(`/api/v1/communities/${seed.b.id}/rooms`)).status).toBe(404);
    expect(denied((await owner.get(`/api/v1/equipment/${A.equipment.id}`)).status)).toBe(true);
    expect(denied((await owner.get(`/api/v1/communities/${seed.a.id}/buildings`)).status)).toBe(true);
    expect(denied((await owner.patch(`/api/v1/rooms/${A.rooms[0].id}`, { status: 'vacant' })).status)).toBe(true);
  });

  it('the company administrator sees both communities', async () => {
    const admin = await t.client().login('admin');
    expect((await admin.get('/api/v1/communities')).body.items.map((c: { id: string }) => c.id).sort()).toEqual([seed.a.id, seed.b.id].sort());
    expect((await admin.get(`/api/v1/rooms/${A.rooms[0].id}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/rooms/${B.rooms[0].id}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/communities/${seed.b.id}/equipment`)).body.items).toHaveLength(1);
  });

  it("another company's administrator sees neither", async () => {
    const { db } = t.deps.database;
    const { makeCompany } = await import('../../kernel/testing/index.ts');
    const other = await makeCompany(db, '别家物业');
    await makeUser(db, t.deps.pii, other.roleIds, { companyId: other.company.id, username: 'other-admin', roles: [['company_admin', null]] });
    const foreign = await t.client().login('other-admin');
    expect((await foreign.get(`/api/v1/rooms/${A.rooms[0].id}`)).status).toBe(404);
    expect((await foreign.get(`/api/v1/communities/${seed.a.id}/rooms`)).status).toBe(404);
    expect((await foreign.get(`/api/v1/communities/${seed.a.id}`)).status).toBe(404);
    expect((await foreign.get('/api/v1/communities')).body.items).toEqual([]);
  });
});

import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { PiiCipher } from '../../kernel/crypto/index.ts';
import { makeUser } from '../../kernel/testing/factories.ts';
import { buildings, rooms } from '../property/property.tables.ts';
import { persons, roomOccupancies } from '../people/people.tables.ts';

/** Test and bench helpers: rooms in bulk (set-based) and owners with logins. */
export async function makeBuilding(db: Db, communityId: string, code = '1') {
  const [b] = await db.insert(buildings).values({ communityId, code, name: `${code}号楼` }).returning();
  return b;
}

export async function makeRoom(db: Db, communityId: string, buildingId: string, r: { code: string; areaM2: string; indoorAreaM2?: string; use?: 'residential' | 'commercial' | 'parking'; status?: 'unsold' | 'vacant' | 'occupied' }) {
  const [room] = await db
    .insert(rooms)
    .values({ communityId, buildingId, floor: 1, number: r.code, code: r.code, areaM2: r.areaM2, indoorAreaM2: r.indoorAreaM2 ?? null, use: r.use ?? 'residential', status: r.status ?? 'occupied' })
    .returning();
  return room;
}

/** n residential rooms with areas 60.00–159.99 m² (deterministic), in one statement. */
export async function makeRoomsBulk(db: Db, communityId: string, buildingId: string, n: number, prefix = 'R') {
  await db.execute(sql`
    INSERT INTO rooms (community_id, building_id, floor, number, code, area_m2, indoor_area_m2, use, status)
    SELECT ${communityId}::uuid, ${buildingId}::uuid, 1 + g % 30, g::text, ${prefix} || '-' || g, 60 + (g * 7919 % 10000) / 100.0, 50 + (g * 7919 % 10000) / 120.0, 'residential', 'occupied'
    FROM generate_series(1, ${n}) g`);
  const [c] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM rooms WHERE community_id = ${communityId}::uuid`);
  return c.n;
}

/** An owner (person + occupancy from `since` + owner login by phone). */
export async function makeOwner(db: Db, pii: PiiCipher, roleIds: Map<string, string>, companyId: string, roomId: string, communityId: string, phone: string, since = '2020-01-01') {
  const [p] = await db.insert(persons).values({ companyId, name: `业主${phone.slice(-4)}`, phoneEnc: pii.encrypt(phone), phoneBidx: pii.blindIndex('phone', phone) }).returning();
  await db.insert(roomOccupancies).values({ communityId, roomId, personId: p.id, relation: 'owner', startedOn: since });
  const user = await makeUser(db, pii, roleIds, { companyId, kind: 'owner', phone, personId: p.id, name: p.name, roles: [['owner', null]] });
  return { person: p, user };
}

/** A person with an owner login but no occupancy yet (e.g. the buyer of a transfer). */
export async function makeBuyer(db: Db, pii: PiiCipher, roleIds: Map<string, string>, companyId: string, phone: string) {
  const [p] = await db.insert(persons).values({ companyId, name: `业主${phone.slice(-4)}`, phoneEnc: pii.encrypt(phone), phoneBidx: pii.blindIndex('phone', phone) }).returning();
  const user = await makeUser(db, pii, roleIds, { companyId, kind: 'owner', phone, personId: p.id, name: p.name, roles: [['owner', null]] });
  return { person: p, user };
}

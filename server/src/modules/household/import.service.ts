import { and, eq, inArray } from 'drizzle-orm';
import { uuid7, type Db } from '../../kernel/db/index.ts';
import { insertJsonRows } from '../../kernel/db/bulk-insert.ts';
import type { Deps } from '../../kernel/deps.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { buildings, entrances } from '../property/index.ts';
import { insertPhonesBulk, personPhones, type CheckedPhone } from '../people/index.ts';
import type { ImportRoom } from './import.validate.ts';

/** Rows per statement: set-based, yet a bounded JSON document per INSERT. */
const CHUNK = 5000;

// Columns written by the import (one JSON parameter per statement, see insertJsonRows).
const ROOM_COLUMNS = { community_id: 'uuid', building_id: 'uuid', entrance_id: 'uuid', floor: 'integer', number: 'text', code: 'text', area_m2: 'numeric', indoor_area_m2: 'numeric', use: 'text', status: 'text' };
const PERSON_COLUMNS = { id: 'uuid', company_id: 'uuid', community_id: 'uuid', name: 'text' };
const OCCUPANCY_COLUMNS = { community_id: 'uuid', room_id: 'uuid', person_id: 'uuid', relation: 'text', started_on: 'date' };
function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

export interface ImportResult {
  rooms: number;
  buildingsCreated: number;
  entrancesCreated: number;
  personsCreated: number;
  occupancies: number;
}

/**
 * Writes validated rooms in one transaction with set-based inserts (JSON rows, see insertJsonRows): missing buildings and
 * entrances, the rooms, owners (phones encrypted + blind-indexed; an existing person with the
 * same phone is reused) and their ownerships. Any failure rolls everything back.
 */
export async function importRooms(deps: Deps, actor: Actor, communityId: string, list: ImportRoom[], requestId?: string): Promise<ImportResult> {
  const { pii, clock } = deps;
  const today = shanghaiDate(clock.now());
  return deps.database.db.transaction(async (txRaw) => {
    const tx = txRaw as Db;
    const buildingIds = new Map((await tx.select({ id: buildings.id, code: buildings.code }).from(buildings).where(eq(buildings.communityId, communityId))).map((b) => [b.code, b.id]));
    const newBuildings = [...new Set(list.map((r) => r.building))].filter((c) => !buildingIds.has(c));
    for (const part of chunks(newBuildings)) {
      const made = await tx.insert(buildings).values(part.map((code) => ({ communityId, code, name: `${code}栋` }))).returning({ id: buildings.id, code: buildings.code });
      made.forEach((b) => buildingIds.set(b.code, b.id));
    }

    const entranceKey = (buildingId: string, code: string) => `${buildingId}/${code}`;
    const entranceIds = new Map(
      (await tx.select({ id: entrances.id, buildingId: entrances.buildingId, code: entrances.code }).from(entrances).where(eq(entrances.communityId, communityId))).map((e) => [entranceKey(e.buildingId, e.code), e.id]),
    );
    const wanted = new Map<string, { buildingId: string; code: string }>();
    for (const r of list) {
      if (!r.entrance) continue;
      const buildingId = buildingIds.get(r.building)!;
      const key = entranceKey(buildingId, r.entrance);
      if (!entranceIds.has(key)) wanted.set(key, { buildingId, code: r.entrance });
    }
    for (const part of chunks([...wanted.values()])) {
      const made = await tx.insert(entrances).values(part.map((e) => ({ communityId, buildingId: e.buildingId, code: e.code, name: `${e.code}单元` }))).returning({ id: entrances.id, buildingId: entrances.buildingId, code: entrances.code });
      made.forEach((e) => entranceIds.set(entranceKey(e.buildingId, e.code), e.id));
    }

    const roomIds = new Map<string, string>();
    for (const part of chunks(list)) {
      const made = await insertJsonRows<{ id: string; code: string }>(tx, 'rooms', ROOM_COLUMNS, part.map((r) => {
        const buildingId = buildingIds.get(r.building)!;
        return { community_id: communityId, building_id: buildingId, entrance_id: r.entrance ? entranceIds.get(entranceKey(buildingId, r.entrance))! : null, floor: r.floor, number: r.number, code: r.code, area_m2: r.areaM2, indoor_area_m2: r.indoorAreaM2, use: r.use, status: r.status };
      }), 'id, code');
      made.forEach((m) => roomIds.set(m.code, m.id));
    }

    // Owners: one person per primary phone (reusing the company's record that has that number
    // among any of its phones), one per row without a phone.
    const owned = list.filter((r) => r.owner);
    const bidxOf = (phone: string) => pii.blindIndex('phone', phone);
    const primaryOf = (r: ImportRoom) => r.owner!.phones[0]?.phone ?? '';
    const phones = [...new Set(owned.map(primaryOf).filter(Boolean))];
    const personByBidx = new Map<string, string>();
    for (const part of chunks(phones.map(bidxOf))) {
      const found = await tx.select({ id: personPhones.personId, bidx: personPhones.phoneBidx }).from(personPhones).where(and(eq(personPhones.companyId, actor.companyId), inArray(personPhones.phoneBidx, part)));
      found.forEach((p) => personByBidx.set(p.bidx, p.id));
    }
    const toCreate: Array<{ key: string; name: string; phones: CheckedPhone[] }> = [];
    const firstRowOfPhone = new Set<string>();
    for (const r of owned) {
      const phone = primaryOf(r);
      if (phone && (personByBidx.has(bidxOf(phone)) || firstRowOfPhone.has(phone))) continue;
      if (phone) firstRowOfPhone.add(phone);
      toCreate.push({ key: phone ? bidxOf(phone) : `row:${r.row}`, name: r.owner!.name, phones: r.owner!.phones });
    }
    const personByKey = new Map(personByBidx);
    // Ids made here, so each new person maps to its rows without relying on RETURNING order.
    const now = clock.now().getTime();
    for (const part of chunks(toCreate)) {
      const values = part.map((p) => ({ id: uuid7(now), company_id: actor.companyId, community_id: communityId, name: p.name }));
      await insertJsonRows(tx, 'persons', PERSON_COLUMNS, values);
      await insertPhonesBulk(tx, pii, actor.companyId, values.map((v, i) => ({ personId: v.id, phones: part[i].phones })));
      values.forEach((v, i) => personByKey.set(part[i].key, v.id));
    }
    const occupancies = owned.map((r) => ({
      community_id: communityId,
      room_id: roomIds.get(r.code)!,
      person_id: personByKey.get(primaryOf(r) ? bidxOf(primaryOf(r)) : `row:${r.row}`)!,
      relation: 'owner',
      started_on: today,
    }));
    for (const part of chunks(occupancies)) await insertJsonRows(tx, 'room_occupancies', OCCUPANCY_COLUMNS, part);

    const result = { rooms: list.length, buildingsCreated: newBuildings.length, entrancesCreated: wanted.size, personsCreated: toCreate.length, occupancies: occupancies.length };
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId, action: 'property.rooms.imported', subjectType: 'community', subjectId: communityId, data: { ...result }, requestId });
    await emit(tx, { type: 'property.rooms.imported', companyId: actor.companyId, communityId, subjectType: 'community', subjectId: communityId, payload: { ...result } });
    return result;
  });
}

import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import { uuid7 } from '../../kernel/db/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { persons, roomOccupancies } from './people.tables.ts';
import { roomPackages } from './archive.tables.ts';
import { ensureChecklists } from './documents.service.ts';
import { sealPii } from './person-fields.ts';
import { insertPhonesBulk } from './phones.ts';
import { logAccess } from './access-log.ts';
import type { OwnerRow, RowError } from './owners-import.validate.ts';

const CHUNK = 1000;
const chunks = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Writes validated rows in one transaction, set-based: people already on file (same ID number)
 * are linked, not duplicated; a person already living in that room is a row error (nothing written).
 */
export async function importOwners(deps: Deps, actor: Actor, communityId: string, list: OwnerRow[], requestId?: string): Promise<{ errors: RowError[] } | { persons: number; linked: number; occupancies: number }> {
  const { db } = deps.database;
  const bidx = (r: OwnerRow) => (r.idNumber ? deps.pii.blindIndex('idNumber', r.idNumber) : null);
  return db.transaction(async (tx) => {
    const keys = [...new Set(list.map(bidx).filter((b): b is string => !!b))];
    const existing = new Map<string, string>();
    for (const part of chunks(keys)) {
      for (const p of await tx.select({ id: persons.id, b: persons.idNumberBidx }).from(persons).where(and(eq(persons.companyId, actor.companyId), inArray(persons.idNumberBidx, part)))) existing.set(p.b!, p.id);
    }
    // Already living in that room → the row is a duplicate of what is on file.
    const open = existing.size
      ? await tx.select({ personId: roomOccupancies.personId, roomId: roomOccupancies.roomId }).from(roomOccupancies).where(and(inArray(roomOccupancies.personId, [...existing.values()]), isNull(roomOccupancies.endedOn)))
      : [];
    const errors: RowError[] = [];
    for (const r of list) {
      const pid = existing.get(bidx(r) ?? '');
      if (pid && open.some((o) => o.personId === pid && o.roomId === r.roomId)) errors.push({ row: r.row, column: '身份证号码', zh: '此人已登记在该房屋', en: 'this person is already registered in that room' });
    }
    if (errors.length) return { errors };

    const ids = new Map(existing);
    const newPersons: Array<typeof persons.$inferInsert> = [];
    const newPhones: Array<{ personId: string; phones: OwnerRow['phones'] }> = [];
    for (const r of list) {
      const key = bidx(r);
      if (key && ids.has(key)) continue;
      const id = uuid7();
      if (key) ids.set(key, id);
      newPersons.push({ id, companyId: actor.companyId, communityId, name: r.name, gender: r.gender, nativePlace: r.nativePlace, hukouLocation: r.hukouLocation, ...sealPii(deps.pii, { idNumber: r.idNumber }) });
      newPhones.push({ personId: id, phones: r.phones });
      (r as OwnerRow & { personId?: string }).personId = id;
    }
    for (const part of chunks(newPersons)) await tx.insert(persons).values(part);
    await insertPhonesBulk(tx, deps.pii, actor.companyId, newPhones);
    const occ = list.map((r) => ({ communityId, roomId: r.roomId, personId: (r as OwnerRow & { personId?: string }).personId ?? ids.get(bidx(r)!)!, relation: r.relation, startedOn: r.startedOn }));
    for (const part of chunks(occ)) await tx.insert(roomOccupancies).values(part);
    // Rooms getting their first owner open their move-in package (same rule as one-by-one).
    const ownerRooms = [...new Set(list.filter((r) => r.relation === 'owner').map((r) => r.roomId))];
    const hasMoveIn = ownerRooms.length ? new Set((await tx.select({ roomId: roomPackages.roomId }).from(roomPackages).where(and(inArray(roomPackages.roomId, ownerRooms), eq(roomPackages.packageKind, 'move_in')))).map((p) => p.roomId)) : new Set<string>();
    const toOpen = ownerRooms.filter((r) => !hasMoveIn.has(r));
    if (toOpen.length) {
      await ensureChecklists(tx, communityId);
      for (const part of chunks(toOpen)) await tx.insert(roomPackages).values(part.map((roomId) => ({ communityId, roomId, packageKind: 'move_in' as const, openedOn: list.find((r) => r.roomId === roomId && r.relation === 'owner')!.startedOn })));
    }
    const result = { persons: newPersons.length, linked: list.length - newPersons.length, occupancies: occ.length };
    await logAccess(tx, actor, deps.clock.now(), { communityId, action: 'import', detail: result, requestId });
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId, action: 'owners.import', subjectType: 'community', subjectId: communityId, data: result, requestId });
    await emit(tx, { type: 'owners.imported', companyId: actor.companyId, communityId, subjectType: 'community', subjectId: communityId, payload: result });
    return result;
  });
}

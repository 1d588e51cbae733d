import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { persons, roomOccupancies } from './people.tables.ts';
import { importantEvents, archiveAuditRooms } from './archive.tables.ts';
import { personView, revealField } from './person-fields.ts';
import { loadPhones } from './phones.ts';
import { printWatermark } from './watermark.ts';
import { loadPerson } from './persons.service.ts';
import { requireArchiveGrant, requireAnyPermission } from './archive.policy.ts';
import { logAccess } from './access-log.ts';
import { findRoom, roomsByIds } from './rooms.lookup.ts';
import { roomDocuments } from './documents.service.ts';

/** Person details with rooms (current and past); reading them is itself logged (R-ARC-6). */
export async function viewPerson(deps: Deps, actor: Actor, personId: string, requestId?: string) {
  const { db } = deps.database;
  const now = deps.clock.now();
  const loaded = await loadPerson(db, actor, personId);
  const grant = await requireArchiveGrant(db, actor, { communityIds: loaded.communityIds, personId, roomIds: loaded.roomIds }, now, '人员');
  const roomInfo = await roomsByIds(db, loaded.roomIds);
  await logAccess(db, actor, now, { communityId: grant.communityId, action: 'view', personId, borrowingRequestId: grant.via === 'borrowing' ? grant.requestId : null, requestId });
  const phones = await loadPhones(db, [personId]);
  return {
    ...personView(deps.pii, loaded.person, phones.get(personId)),
    access: grant.via,
    occupancies: loaded.occupancies.map((o) => {
      const r = roomInfo.find((x) => x.id === o.roomId);
      return { id: o.id, roomId: o.roomId, roomCode: r?.code ?? '', archiveCode: r?.archiveCode ?? '', communityId: o.communityId, relation: o.relation, startedOn: o.startedOn, endedOn: o.endedOn, endReason: o.endReason };
    }),
  };
}

/**
 * The full value of one field, for staff holding archive.reveal in the person's community,
 * with a reason; the access-log row is written before the value leaves.
 */
export async function revealPerson(deps: Deps, actor: Actor, personId: string, input: { field: 'phone' | 'idNumber'; phoneId?: string; reason: string }, requestId?: string) {
  const { db } = deps.database;
  const loaded = await loadPerson(db, actor, personId);
  const communityId = requireAnyPermission(actor, 'archive.reveal', loaded.communityIds, '人员');
  const reason = input.reason.trim();
  if (reason.length < 2) throw new AppError('REASON_REQUIRED');
  const phone = input.field === 'phone' ? await pickPhone(deps, personId, input.phoneId) : null;
  await logAccess(db, actor, deps.clock.now(), { communityId, action: 'reveal', personId, field: input.field, reason, detail: phone ? { phoneId: phone.id, label: phone.label } : {}, requestId });
  if (input.field === 'phone') return { field: input.field, phoneId: phone?.id ?? null, value: phone ? deps.pii.decrypt(phone.phoneEnc) : null };
  return { field: input.field, value: revealField(deps.pii, loaded.person, input.field) };
}

/** One phone of the person: the given one (404 when it is not theirs) or the primary. */
async function pickPhone(deps: Deps, personId: string, phoneId?: string) {
  const list = (await loadPhones(deps.database.db, [personId])).get(personId) ?? [];
  if (!phoneId) return list.find((p) => p.isPrimary) ?? null;
  const hit = list.find((p) => p.id === phoneId);
  if (!hit) throw new AppError('NOT_FOUND', { what: '电话' });
  return hit;
}

/** A print of the (masked) person sheet: needs archive.export, carries the watermark, is logged. */
export async function printPerson(deps: Deps, actor: Actor, personId: string, input: { reason?: string }, requestId?: string) {
  const { db } = deps.database;
  const now = deps.clock.now();
  const loaded = await loadPerson(db, actor, personId);
  const communityId = requireAnyPermission(actor, 'archive.export', loaded.communityIds, '人员');
  await logAccess(db, actor, now, { communityId, action: 'print', personId, reason: input.reason ?? null, requestId });
  const phones = await loadPhones(db, [personId]);
  return { ...personView(deps.pii, loaded.person, phones.get(personId)), watermark: await printWatermark(db, actor, communityId, now) };
}

/** Printing a room archive: needs archive.export in the room's community; logged; returns the watermark. */
export async function printRoomArchive(deps: Deps, actor: Actor, roomId: string, input: { reason?: string }, requestId?: string) {
  const { db } = deps.database;
  const now = deps.clock.now();
  const room = await findRoom(db, actor.companyId, roomId);
  if (!room) throw new AppError('NOT_FOUND', { what: '房屋' });
  requireAnyPermission(actor, 'archive.export', [room.communityId], '房屋');
  await logAccess(db, actor, now, { communityId: room.communityId, action: 'print', roomId, reason: input.reason ?? null, requestId });
  return { watermark: await printWatermark(db, actor, room.communityId, now) };
}

/** Room archive: people over time (masked), document packages with missing items, events, checks. */
export async function viewRoomArchive(deps: Deps, actor: Actor, roomId: string, requestId?: string) {
  const { db } = deps.database;
  const now = deps.clock.now();
  const room = await findRoom(db, actor.companyId, roomId);
  if (!room) throw new AppError('NOT_FOUND', { what: '房屋' });
  const grant = await requireArchiveGrant(db, actor, { communityIds: [room.communityId], roomIds: [roomId] }, now, '房屋');
  const occ = await db.select().from(roomOccupancies).where(eq(roomOccupancies.roomId, roomId)).orderBy(asc(roomOccupancies.startedOn), asc(roomOccupancies.id));
  const people = occ.length ? await db.select().from(persons).where(inArray(persons.id, [...new Set(occ.map((o) => o.personId))])) : [];
  const phones = await loadPhones(db, people.map((p) => p.id));
  const events = await db.select().from(importantEvents).where(and(eq(importantEvents.roomId, roomId), eq(importantEvents.status, 'filed'))).orderBy(desc(importantEvents.occurredOn));
  const checks = await db.select().from(archiveAuditRooms).where(eq(archiveAuditRooms.roomId, roomId)).orderBy(desc(archiveAuditRooms.checkedAt));
  await logAccess(db, actor, now, { communityId: room.communityId, action: 'view', roomId, borrowingRequestId: grant.via === 'borrowing' ? grant.requestId : null, requestId });
  return {
    room: { id: room.id, code: room.code, archiveCode: room.archiveCode, communityId: room.communityId, status: room.status },
    access: grant.via,
    occupancies: occ.map((o) => {
      const p = people.find((x) => x.id === o.personId)!;
      return { id: o.id, relation: o.relation, startedOn: o.startedOn, endedOn: o.endedOn, endReason: o.endReason, current: !o.endedOn, person: personView(deps.pii, p, phones.get(p.id)) };
    }),
    packages: await roomDocuments(db, room.communityId, roomId),
    events: events.map((e) => ({ id: e.id, kind: e.kind, title: e.title, occurredOn: e.occurredOn })),
    checks: checks.map((c) => ({ auditId: c.auditId, result: c.result, findings: c.findings, checkedAt: c.checkedAt?.toISOString() ?? null })),
  };
}

/** The console tells us when a revealed value is copied to the clipboard: logged like a reveal. */
export async function logCopy(deps: Deps, actor: Actor, personId: string, input: { field: 'phone' | 'idNumber'; phoneId?: string; reason?: string }, requestId?: string) {
  const { db } = deps.database;
  const loaded = await loadPerson(db, actor, personId);
  const communityId = requireAnyPermission(actor, 'archive.reveal', loaded.communityIds, '人员');
  const phone = input.field === 'phone' ? await pickPhone(deps, personId, input.phoneId) : null;
  await logAccess(db, actor, deps.clock.now(), { communityId, action: 'copy', personId, field: input.field, reason: input.reason ?? null, detail: phone ? { phoneId: phone.id } : {}, requestId });
  return { logged: true };
}

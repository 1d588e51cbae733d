import { and, eq, inArray, isNull, or, gt } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { persons, roomOccupancies } from './people.tables.ts';
import { findRoom } from './rooms.lookup.ts';
import { openPackage } from './documents.service.ts';

type Relation = (typeof roomOccupancies.$inferInsert)['relation'];

/** The room (of the actor's company) with archive.manage in its community, else 404/403. */
async function manageableRoom(db: Db, actor: Actor, roomId: string) {
  const room = await findRoom(db, actor.companyId, roomId);
  if (!room) throw new AppError('NOT_FOUND', { what: '房屋' });
  requirePermission(actor, 'archive.manage', room.communityId, '房屋');
  return room;
}

async function requirePersons(db: Db, companyId: string, ids: string[]) {
  const found = await db.select({ id: persons.id }).from(persons).where(and(eq(persons.companyId, companyId), inArray(persons.id, ids)));
  if (found.length !== new Set(ids).size) throw new AppError('NOT_FOUND', { what: '人员' });
}

/** Occupancies of a room still open on `day`. */
function openOn(roomId: string, day: string) {
  return and(eq(roomOccupancies.roomId, roomId), or(isNull(roomOccupancies.endedOn), gt(roomOccupancies.endedOn, day)));
}

export async function addOccupancy(deps: Deps, actor: Actor, roomId: string, input: { personId: string; relation: Relation; startedOn: string }, requestId?: string) {
  const { db } = deps.database;
  const room = await manageableRoom(db, actor, roomId);
  await requirePersons(db, actor.companyId, [input.personId]);
  return db.transaction(async (tx) => {
    const hadOwner = await tx.select({ id: roomOccupancies.id }).from(roomOccupancies).where(and(eq(roomOccupancies.roomId, roomId), eq(roomOccupancies.relation, 'owner'))).limit(1);
    const [row] = await tx.insert(roomOccupancies).values({ communityId: room.communityId, roomId, personId: input.personId, relation: input.relation, startedOn: input.startedOn }).returning();
    // The first owner of a room starts its move-in (入伙) document package.
    if (input.relation === 'owner' && hadOwner.length === 0) await openPackage(tx, room.communityId, roomId, 'move_in', input.startedOn);
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: room.communityId, action: 'occupancy.add', subjectType: 'room', subjectId: roomId, data: { personId: input.personId, relation: input.relation, startedOn: input.startedOn }, requestId });
    await emit(tx, { type: 'occupancy.added', companyId: actor.companyId, communityId: room.communityId, subjectType: 'room', subjectId: roomId, roomIds: [roomId] });
    return row;
  });
}

export async function endOccupancy(deps: Deps, actor: Actor, occupancyId: string, input: { endedOn: string }, requestId?: string) {
  const { db } = deps.database;
  const [occ] = await db.select().from(roomOccupancies).where(eq(roomOccupancies.id, occupancyId));
  if (!occ) throw new AppError('NOT_FOUND', { what: '入住记录' });
  await manageableRoom(db, actor, occ.roomId);
  if (occ.endedOn) throw new AppError('ILLEGAL_TRANSITION', { from: '已迁出', action: '迁出' });
  if (input.endedOn < occ.startedOn) throw new AppError('OCCUPANCY_DATES_INVALID');
  return db.transaction(async (tx) => {
    const [row] = await tx.update(roomOccupancies).set({ endedOn: input.endedOn, endReason: 'move_out' }).where(eq(roomOccupancies.id, occupancyId)).returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: occ.communityId, action: 'occupancy.end', subjectType: 'room', subjectId: occ.roomId, data: { occupancyId, endedOn: input.endedOn }, requestId });
    await emit(tx, { type: 'occupancy.ended', companyId: actor.companyId, communityId: occ.communityId, subjectType: 'room', subjectId: occ.roomId, roomIds: [occ.roomId] });
    return row;
  });
}

export interface TransferInput {
  transferOn: string;
  newOwners: Array<{ personId: string; relation: 'owner' | 'co_owner' }>;
  /** Also end the old owner's family members and tenants (usual when a flat is sold). */
  endResidents?: boolean;
}

/**
 * 过户: in one transaction end every open ownership of the room on the transfer date and open
 * the new ones; the old rows stay as history. Also opens the transfer document package.
 */
export async function transferRoom(deps: Deps, actor: Actor, roomId: string, input: TransferInput, requestId?: string) {
  const { db } = deps.database;
  const room = await manageableRoom(db, actor, roomId);
  if (!input.newOwners.some((o) => o.relation === 'owner')) throw new AppError('VALIDATION_FAILED', { reason: 'newOwners 须包含一名业主 / newOwners needs one owner' });
  await requirePersons(db, actor.companyId, input.newOwners.map((o) => o.personId));
  return db.transaction(async (tx) => {
    const open = await tx.select().from(roomOccupancies).where(openOn(roomId, input.transferOn));
    const toEnd = open.filter((o) => o.relation === 'owner' || o.relation === 'co_owner' || (input.endResidents && o.startedOn <= input.transferOn));
    if (toEnd.some((o) => o.startedOn > input.transferOn)) throw new AppError('OCCUPANCY_DATES_INVALID');
    if (toEnd.length) await tx.update(roomOccupancies).set({ endedOn: input.transferOn, endReason: 'transfer' }).where(inArray(roomOccupancies.id, toEnd.map((o) => o.id)));
    const opened = await tx
      .insert(roomOccupancies)
      .values(input.newOwners.map((o) => ({ communityId: room.communityId, roomId, personId: o.personId, relation: o.relation, startedOn: input.transferOn })))
      .returning();
    await openPackage(tx, room.communityId, roomId, 'transfer', input.transferOn);
    await audit(tx, {
      actorId: actor.userId, companyId: actor.companyId, communityId: room.communityId, action: 'room.transfer', subjectType: 'room', subjectId: roomId,
      data: { transferOn: input.transferOn, ended: toEnd.map((o) => o.id), opened: opened.map((o) => o.id) }, requestId,
    });
    await emit(tx, { type: 'room.transferred', companyId: actor.companyId, communityId: room.communityId, subjectType: 'room', subjectId: roomId, roomIds: [roomId] });
    return { ended: toEnd.length, opened };
  });
}

export function todayIn(deps: Deps): string {
  return shanghaiDate(deps.clock.now());
}

import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { attachFileCheck } from '../../kernel/files/index.ts';
import { communityOf, requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import { importantEvents, EVENT_KINDS } from './archive.tables.ts';
import { persons } from './people.tables.ts';
import { users } from '../../kernel/auth/auth.tables.ts';
import { findRoom, roomsByIds } from './rooms.lookup.ts';
import { linkViews, resolveLinks, type Link } from './links.ts';

type Row = typeof importantEvents.$inferSelect;
type Status = Row['status'];
export type { Link } from './links.ts';

export interface EventInput {
  kind: (typeof EVENT_KINDS)[number];
  title: string;
  description: string;
  occurredOn: string;
  roomId?: string;
  personId?: string;
  links?: Link[];
  fileIds?: string[];
}

/** Rooms, persons and files of an event must belong to its community (404 otherwise). */
async function checkRefs(deps: Deps, actor: Actor, communityId: string, input: Partial<EventInput>) {
  const { db } = deps.database;
  if (input.roomId) {
    const room = await findRoom(db, actor.companyId, input.roomId);
    if (!room || room.communityId !== communityId) throw new AppError('NOT_FOUND', { what: '房屋' });
  }
  if (input.personId) {
    const [p] = await db.select({ id: persons.id }).from(persons).where(and(eq(persons.id, input.personId), eq(persons.companyId, actor.companyId)));
    if (!p) throw new AppError('NOT_FOUND', { what: '人员' });
  }
  if (input.fileIds?.length) await attachFileCheck(db, actor, input.fileIds, communityId);
}

/** 重要事件 as a draft (archive.manage); rooms, persons and files must belong to the community. */
export async function createEvent(deps: Deps, actor: Actor, communityId: string, input: EventInput, requestId?: string) {
  const { db } = deps.database;
  await communityOf(db, actor, communityId);
  requirePermission(actor, 'archive.manage', communityId);
  await checkRefs(deps, actor, communityId, input);
  const links = await resolveLinks(db, actor.companyId, communityId, input.links);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(importantEvents).values({ communityId, ...input, links: links ?? [], fileIds: input.fileIds ?? [], createdBy: actor.userId }).returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId, action: 'archive_event.create', subjectType: 'important_event', subjectId: row.id, requestId });
    await emit(tx, { type: 'archive_event.created', companyId: actor.companyId, communityId, subjectType: 'important_event', subjectId: row.id });
    return row;
  });
}

/** Edit a draft or a returned event (archive.manage); submitted and filed events are frozen. */
export async function updateEvent(deps: Deps, actor: Actor, id: string, input: Partial<EventInput> & { roomId?: string | null; personId?: string | null }, requestId?: string) {
  const { db } = deps.database;
  const [ev] = await db.select().from(importantEvents).where(eq(importantEvents.id, id));
  if (!ev) throw new AppError('NOT_FOUND', { what: '重要事件' });
  await communityOf(db, actor, ev.communityId);
  requirePermission(actor, 'archive.manage', ev.communityId, '重要事件');
  if (ev.status !== 'draft' && ev.status !== 'returned') throw new AppError('ILLEGAL_TRANSITION', { from: ev.status, action: 'edit' });
  await checkRefs(deps, actor, ev.communityId, { ...input, roomId: input.roomId ?? undefined, personId: input.personId ?? undefined });
  const links = await resolveLinks(db, actor.companyId, ev.communityId, input.links);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(importantEvents)
      .set({ ...input, ...(links ? { links } : {}), updatedAt: deps.clock.now() })
      .where(and(eq(importantEvents.id, id), eq(importantEvents.status, ev.status)))
      .returning();
    if (!row) throw new AppError('CONFLICT', { reason: '状态已变化 / status changed' });
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: ev.communityId, action: 'archive_event.update', subjectType: 'important_event', subjectId: id, data: { fields: Object.keys(input) }, requestId });
    await emit(tx, { type: 'archive_event.updated', companyId: actor.companyId, communityId: ev.communityId, subjectType: 'important_event', subjectId: id });
    return row;
  });
}

const TRANSITIONS: Record<'submit' | 'file' | 'return', { from: Status[]; to: Status; perm: 'archive.manage' | 'archive.event.review' }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', perm: 'archive.manage' },
  file: { from: ['submitted'], to: 'filed', perm: 'archive.event.review' },
  return: { from: ['submitted'], to: 'returned', perm: 'archive.event.review' },
};

/** draft → submitted → filed (manager reviewed) or returned (back to the clerk, resubmittable). */
export async function transitionEvent(deps: Deps, actor: Actor, id: string, action: keyof typeof TRANSITIONS, input: { note?: string }, requestId?: string) {
  const { db } = deps.database;
  const [ev] = await db.select().from(importantEvents).where(eq(importantEvents.id, id));
  if (!ev) throw new AppError('NOT_FOUND', { what: '重要事件' });
  await communityOf(db, actor, ev.communityId);
  const t = TRANSITIONS[action];
  requirePermission(actor, t.perm, ev.communityId, '重要事件');
  if (!t.from.includes(ev.status)) throw new AppError('ILLEGAL_TRANSITION', { from: ev.status, action });
  if (action === 'return' && !input.note?.trim()) throw new AppError('REASON_REQUIRED');
  const now = deps.clock.now();
  const set: Partial<Row> = { status: t.to, updatedAt: now };
  if (action !== 'submit') Object.assign(set, { reviewerId: actor.userId, reviewedAt: now, reviewNote: input.note ?? null });
  return db.transaction(async (tx) => {
    const [row] = await tx.update(importantEvents).set(set).where(and(eq(importantEvents.id, id), eq(importantEvents.status, ev.status))).returning();
    if (!row) throw new AppError('CONFLICT', { reason: '状态已变化 / status changed' });
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: ev.communityId, action: `archive_event.${action}`, subjectType: 'important_event', subjectId: id, data: { from: ev.status, to: t.to }, requestId });
    await emit(tx, { type: `archive_event.${t.to}`, companyId: actor.companyId, communityId: ev.communityId, subjectType: 'important_event', subjectId: id });
    return row;
  });
}

export async function listEvents(deps: Deps, actor: Actor, communityId: string, status?: Status) {
  const { db } = deps.database;
  requirePermission(actor, 'archive.read', communityId);
  const conds = [eq(importantEvents.communityId, communityId)];
  if (status) conds.push(eq(importantEvents.status, status));
  const rows = await db.select().from(importantEvents).where(and(...conds)).orderBy(desc(importantEvents.occurredOn), desc(importantEvents.id)).limit(500);
  return eventViews(deps, actor, rows);
}

/** Events with their room code, person name, author/reviewer names and labelled links. */
export async function eventViews(deps: Deps, actor: Actor, rows: Row[]) {
  const { db } = deps.database;
  const roomInfo = await roomsByIds(db, [...new Set(rows.map((r) => r.roomId).filter((x): x is string => !!x))]);
  const personIds = [...new Set(rows.map((r) => r.personId).filter((x): x is string => !!x))];
  const people = personIds.length ? await db.select({ id: persons.id, name: persons.name }).from(persons).where(inArray(persons.id, personIds)) : [];
  const userIds = [...new Set(rows.flatMap((r) => [r.createdBy, r.reviewerId]).filter((x): x is string => !!x))];
  const names = userIds.length ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds)) : [];
  const links = await linkViews(db, actor.companyId, rows.map((r) => r.links));
  return rows.map((r, i) => ({
    ...r,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    roomCode: roomInfo.find((x) => x.id === r.roomId)?.code ?? null,
    personName: people.find((p) => p.id === r.personId)?.name ?? null,
    createdByName: names.find((u) => u.id === r.createdBy)?.name ?? null,
    reviewerName: names.find((u) => u.id === r.reviewerId)?.name ?? null,
    links: links[i],
  }));
}

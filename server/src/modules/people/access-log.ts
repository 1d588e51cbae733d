import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { can, communityScope } from '../../kernel/permissions/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { encodeCursor, decodeCursor } from '../../kernel/http/index.ts';
import { archiveAccessLog } from './protection.tables.ts';

export type AccessAction = (typeof archiveAccessLog.$inferInsert)['action'];

export interface AccessEntry {
  communityId: string | null;
  action: AccessAction;
  personId?: string | null;
  roomId?: string | null;
  field?: 'phone' | 'idNumber' | 'all' | null;
  reason?: string | null;
  borrowingRequestId?: string | null;
  detail?: Record<string, unknown>;
  requestId?: string;
}

/** Append one access-log row (in the caller's transaction when there is one). */
export async function logAccess(db: Db, actor: Actor, at: Date, e: AccessEntry): Promise<void> {
  await db.insert(archiveAccessLog).values({
    at,
    companyId: actor.companyId,
    communityId: e.communityId,
    actorId: actor.userId,
    actorName: actor.name,
    action: e.action,
    personId: e.personId ?? null,
    roomId: e.roomId ?? null,
    field: e.field ?? null,
    reason: e.reason ?? null,
    borrowingRequestId: e.borrowingRequestId ?? null,
    detail: e.detail ?? {},
    requestId: e.requestId ?? null,
  });
}

export interface AccessLogQuery {
  communityId?: string;
  personId?: string;
  roomId?: string;
  actorId?: string;
  action?: AccessAction;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** Newest first; scoped to communities where the actor holds accesslog.read. */
export async function searchAccessLog(db: Db, actor: Actor, q: AccessLogQuery) {
  if (!can(actor, 'accesslog.read')) throw new AppError('FORBIDDEN', { permission: 'accesslog.read' });
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor);
  const conds = [eq(archiveAccessLog.companyId, actor.companyId), communityScope(actor, archiveAccessLog.communityId, 'accesslog.read')];
  if (q.communityId) conds.push(eq(archiveAccessLog.communityId, q.communityId));
  if (q.personId) conds.push(eq(archiveAccessLog.personId, q.personId));
  if (q.roomId) conds.push(eq(archiveAccessLog.roomId, q.roomId));
  if (q.actorId) conds.push(eq(archiveAccessLog.actorId, q.actorId));
  if (q.action) conds.push(eq(archiveAccessLog.action, q.action));
  if (q.from) conds.push(gte(archiveAccessLog.at, new Date(q.from)));
  if (q.to) conds.push(lt(archiveAccessLog.at, new Date(q.to)));
  if (after) conds.push(sql`${archiveAccessLog.id} < ${Number(after[0])}`);
  const rows = await db.select().from(archiveAccessLog).where(and(...conds)).orderBy(desc(archiveAccessLog.id)).limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ ...r, at: r.at.toISOString() }));
  return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1].id]) : null };
}

import { performance } from 'node:perf_hooks';
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import { users } from '../../kernel/auth/auth.tables.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { maskPhone, type PiiCipher } from '../../kernel/crypto/index.ts';
import { communityScope, type Actor } from '../../kernel/permissions/index.ts';
import { clockViews } from '../sla/index.ts';
import { rooms } from '../property/index.ts';
import { workOrderHistory, workOrders, type WoStatus } from './workorders.tables.ts';
import { actionsFrom } from './state-machine.ts';
import type { WorkOrder } from './transition-runner.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The list row: enough for boards and lists, no joins. */
export function listView(w: WorkOrder) {
  return {
    id: w.id, formNo: w.formNo, communityId: w.communityId, requestId: w.requestId, roomId: w.roomId, location: w.location,
    type: w.type, urgency: w.urgency, scope: w.scope, repairNow: w.repairNow, description: w.description, status: w.status,
    assigneeId: w.assigneeId, inPool: w.inPool, etaAt: iso(w.etaAt), createdAt: w.createdAt.toISOString(), updatedAt: w.updatedAt.toISOString(),
  };
}

// The community code prefixes every form number; it is read for every detail view and
// changes almost never: cached for a minute (monotonic time, cache freshness only).
const codes = new Map<string, { at: number; code: Promise<string> }>();
function communityCode(db: Db, id: string): Promise<string> {
  const hit = codes.get(id);
  if (hit && performance.now() - hit.at < 60_000) return hit.code;
  const code = db.select({ code: communities.code }).from(communities).where(eq(communities.id, id)).then((r) => r[0]?.code ?? '');
  codes.set(id, { at: performance.now(), code });
  code.catch(() => codes.delete(id));
  return code;
}

type HistoryRow = typeof workOrderHistory.$inferSelect;
type ClockViewRow = Awaited<ReturnType<typeof clockViews>>[number];

/** What the caller just wrote and need not be read back (creation). */
export interface KnownParts {
  history?: Array<Pick<HistoryRow, 'action' | 'fromStatus' | 'toStatus' | 'actorId' | 'at' | 'data'>>;
  clocks?: ClockViewRow[];
}

/** The API view of a clock that was started a moment ago (same shape as `clockViews`). */
export function freshClockView(c: { kind: string; startedAt: Date; dueAt: Date }, now: Date): ClockViewRow {
  return {
    kind: c.kind, startedAt: c.startedAt.toISOString(), dueAt: c.dueAt.toISOString(), metAt: null, cancelledAt: null,
    paused: false, pausedMs: 0, breached: c.dueAt <= now, breachedAt: null,
  };
}

/** The detail: assignee (masked phone), timeline, every clock of the order and its request, legal next actions. */
export async function detailView(db: Db, pii: PiiCipher, w: WorkOrder, now: Date, known: KnownParts = {}) {
  // independent reads: in parallel on PostgreSQL (PGlite queues them on its one connection)
  const [code, [assignee], history, woClocks, requestClocks] = await Promise.all([
    communityCode(db, w.communityId),
    w.assigneeId ? db.select({ id: users.id, name: users.displayName, phoneEnc: users.phoneEnc }).from(users).where(eq(users.id, w.assigneeId)) : Promise.resolve([]),
    known.history ?? db.select().from(workOrderHistory).where(eq(workOrderHistory.workOrderId, w.id)).orderBy(asc(workOrderHistory.at), asc(workOrderHistory.id)),
    known.clocks ?? clockViews(db, 'work_order', w.id, now),
    w.requestId ? clockViews(db, 'request', w.requestId, now) : Promise.resolve([]),
  ]);
  const deadlines = [...woClocks.map((c) => ({ ...c, subjectType: 'work_order' })), ...requestClocks.map((c) => ({ ...c, subjectType: 'request' }))];
  // Object.assign, not `{ ...listView(w), … }`: V8 builds a spread followed by ~30 more
  // properties through its slow path (≈50 µs per call, measured), on every creation and action.
  return Object.assign(listView(w), {
    formNumber: `${code}-${String(w.formNo).padStart(6, '0')}`,
    appointmentAt: iso(w.appointmentAt),
    assignee: assignee ? { id: assignee.id, name: assignee.name, phone: assignee.phoneEnc ? maskPhone(pii.decrypt(assignee.phoneEnc)) : null } : null,
    handlers: w.handlers, photos: w.photos, completionPhotos: w.completionPhotos, signatureFileId: w.signatureFileId,
    waitReason: w.waitReason, waitNote: w.waitNote, summary: w.summary,
    satisfaction: w.satisfaction, punctuality: w.punctuality, attitude: w.attitude, ratingComment: w.ratingComment,
    callbackFixed: w.callbackFixed, callbackSatisfaction: w.callbackSatisfaction, reopenCount: w.reopenCount, escalationLevel: w.escalationLevel,
    operationRecord: w.operationRecord, testReportFileId: w.testReportFileId, quote: w.quote, chargeFen: w.chargeFen, cancelReason: w.cancelReason,
    acceptedAt: iso(w.acceptedAt), dispatchedAt: iso(w.dispatchedAt), arrivedAt: iso(w.arrivedAt), completedAt: iso(w.completedAt), closedAt: iso(w.closedAt),
    history: history.map((h) => ({ action: h.action, from: h.fromStatus, to: h.toStatus, actorId: h.actorId, at: h.at.toISOString(), data: h.data })),
    deadlines,
    actions: actionsFrom(w.status),
  });
}

export interface ListFilter {
  communityId?: string;
  status?: WoStatus[];
  urgency?: string[];
  assigneeId?: string;
  pool?: boolean;
  /** Only orders with an open clock past its due time (or already breached). */
  overdue?: boolean;
  limit: number;
  cursor: string | null;
  now: Date;
}

/**
 * The clocks that count for an order: its own, and for an order from a request the request's
 * response clock (met when the order is accepted). Open = neither met nor cancelled; each
 * branch is an index probe on deadlines (subject_type, subject_id, kind).
 */
const openClocksOf = (orderId: SQL, requestId: SQL) => sql`
  d.met_at IS NULL AND d.cancelled_at IS NULL
  AND ((d.subject_type = 'work_order' AND d.subject_id = ${orderId}::text)
    OR (d.subject_type = 'request' AND d.kind = 'response' AND d.subject_id = ${requestId}::text))`;

interface ListRow {
  id: string; form_no: number; community_id: string; request_id: string | null; room_id: string | null; location: string;
  type: string; urgency: string; scope: string; repair_now: boolean; description: string; status: string;
  assignee_id: string | null; in_pool: boolean; eta_at: Date | null; created_at: Date; updated_at: Date;
  clock_kind: string | null; clock_due_at: Date | null; clock_paused_at: Date | null; clock_breached_at: Date | null;
  room_code: string | null;
}
const asDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

/**
 * Newest first, keyset on id (time-ordered uuids): every page is an index range scan on
 * (community, id), (community, status, id) or (assignee, status, id); no count, no offset.
 * Each row carries its next open clock (`clock`: kind, dueAt, paused, breached) for the
 * countdowns of the list and the dispatch board, joined after the page is cut (≤ limit probes).
 */
export async function listWorkOrders(db: Db, actor: Actor, f: ListFilter) {
  const where: SQL[] = [];
  if (actor.kind === 'owner') where.push(sql`(${workOrders.reporterUserId} = ${actor.userId} OR ${workOrders.roomId} IN (${sql.join([sql`NULL::uuid`, ...actor.rooms.map((r) => sql`${r.roomId}::uuid`)], sql`, `)}))`);
  else where.push(communityScope(actor, workOrders.communityId, 'workorder.read'));
  if (f.communityId) where.push(eq(workOrders.communityId, f.communityId));
  if (f.urgency?.length) where.push(f.urgency.length === 1 ? eq(workOrders.urgency, f.urgency[0]) : inArray(workOrders.urgency, f.urgency));
  if (f.assigneeId) where.push(eq(workOrders.assigneeId, f.assigneeId));
  if (f.pool) where.push(eq(workOrders.inPool, true));
  if (f.overdue) {
    // two separate probes (not one OR) so each is a single scan of the open-clock index
    const late = sql`d.met_at IS NULL AND d.cancelled_at IS NULL AND (d.breached_at IS NOT NULL OR (d.paused_at IS NULL AND d.due_at <= ${f.now.toISOString()}::timestamptz))`;
    where.push(sql`(EXISTS (SELECT 1 FROM deadlines d WHERE d.subject_type = 'work_order' AND d.subject_id = ${workOrders.id}::text AND ${late})
      OR (${workOrders.requestId} IS NOT NULL AND EXISTS (SELECT 1 FROM deadlines d WHERE d.subject_type = 'request' AND d.subject_id = ${workOrders.requestId}::text AND d.kind = 'response' AND ${late})))`);
  }
  if (f.cursor) where.push(lt(workOrders.id, f.cursor));
  const branch = (status?: WoStatus) =>
    db
      .select({
        id: workOrders.id, form_no: workOrders.formNo, community_id: workOrders.communityId, request_id: workOrders.requestId, room_id: workOrders.roomId,
        location: workOrders.location, type: workOrders.type, urgency: workOrders.urgency, scope: workOrders.scope, repair_now: workOrders.repairNow,
        description: workOrders.description, status: workOrders.status, assignee_id: workOrders.assigneeId, in_pool: workOrders.inPool,
        eta_at: workOrders.etaAt, created_at: workOrders.createdAt, updated_at: workOrders.updatedAt,
      })
      .from(workOrders)
      .where(and(...where, status ? eq(workOrders.status, status) : undefined))
      .orderBy(desc(workOrders.id))
      .limit(f.limit + 1);
  // Several statuses: one newest-first range scan per status on (community|assignee, status, id),
  // each cut at the page size, merged — bounded work however rare the combination is.
  const statuses = f.status ?? [];
  const page =
    statuses.length > 1
      ? sql`(SELECT * FROM (${sql.join(statuses.map((st) => sql`${branch(st)}`), sql` UNION ALL `)}) u ORDER BY id DESC LIMIT ${f.limit + 1})`
      : sql`${branch(statuses[0])}`;
  const list = await rows<ListRow>(
    db,
    sql`SELECT p.*, c.kind AS clock_kind, c.due_at AS clock_due_at, c.paused_at AS clock_paused_at, c.breached_at AS clock_breached_at,
               rm.code AS room_code
          FROM ${page} p
          LEFT JOIN ${rooms} rm ON rm.id = p.room_id
          LEFT JOIN LATERAL (
            SELECT d.kind, d.due_at, d.paused_at, d.breached_at FROM deadlines d
             WHERE ${openClocksOf(sql`p.id`, sql`p.request_id`)}
             ORDER BY d.paused_at IS NOT NULL, d.due_at, d.id LIMIT 1
          ) c ON true
         ORDER BY p.id DESC`,
  );
  const now = f.now.getTime();
  const items = list.slice(0, f.limit).map((r) => {
    const due = asDate(r.clock_due_at);
    const paused = r.clock_paused_at !== null;
    return {
      id: r.id, formNo: Number(r.form_no), communityId: r.community_id, requestId: r.request_id, roomId: r.room_id, roomCode: r.room_code, location: r.location,
      type: r.type, urgency: r.urgency, scope: r.scope, repairNow: r.repair_now, description: r.description, status: r.status,
      assigneeId: r.assignee_id, inPool: r.in_pool, etaAt: iso(asDate(r.eta_at)), createdAt: asDate(r.created_at)!.toISOString(), updatedAt: asDate(r.updated_at)!.toISOString(),
      clock: r.clock_kind && due ? { kind: r.clock_kind, dueAt: due.toISOString(), paused, breached: r.clock_breached_at !== null || (!paused && due.getTime() <= now) } : null,
    };
  });
  return { items, last: list.length > f.limit ? items[items.length - 1].id : null };
}

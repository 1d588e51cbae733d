import { performance } from 'node:perf_hooks';
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { prepareQuery, runPrepared, type Database, type Db, type PreparedQuery } from '../../kernel/db/index.ts';
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
  /** The present, read as the query is sent (identical lists asked together share one query). */
  now: () => Date;
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

/** `column` is one of `values` (no condition when there are none): `=` for one, `IN` for several. */
const anyOf = <T extends string>(column: AnyPgColumn, values: readonly T[]) => (values.length === 0 ? undefined : values.length === 1 ? eq(column, values[0]) : inArray(column, values));

/** An ISO-8601 UTC instant with milliseconds, as `Date#toISOString` writes it, made by PostgreSQL. */
const isoSql = (col: SQL) => sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The overdue page: the late clocks walked newest order first, each joined to its order and
 * filtered, stopping at the page — work in proportion to the page, not to the number of late
 * clocks. Late = open and breached (deadlines_breached_idx, in subject order, index-only), or
 * running, due and not yet swept (deadlines_due_idx: its next firing is at or before its due
 * time; a sweep's backlog, few), or the late response clock of the order's request. A paused
 * clock is late only once breached. A uuid's text sorts as the uuid does (fixed-width lowercase
 * hex), so the clocks' subject ids give the orders' newest-first order.
 */
function overduePage(f: ListFilter, where: SQL[], statuses: WoStatus[], columns: string[]): SQL {
  const now = sql`${sql.placeholder('now')}::timestamptz`;
  const inCommunity = f.communityId ? sql` AND d.community_id = ${f.communityId}` : sql``;
  const before = f.cursor ? sql` AND d.subject_id < ${f.cursor}` : sql``;
  const open = sql`d.met_at IS NULL AND d.cancelled_at IS NULL`;
  const unswept = sql`d.breached_at IS NULL AND d.paused_at IS NULL AND d.next_fire_at IS NOT NULL AND d.next_fire_at <= ${now} AND d.due_at <= ${now}`;
  const late = sql`(SELECT DISTINCT ON (k) k FROM (
      (SELECT d.subject_id AS k FROM deadlines d WHERE d.subject_type = 'work_order' AND ${open} AND d.breached_at IS NOT NULL${inCommunity}${before} ORDER BY d.subject_id DESC)
      UNION ALL
      (SELECT d.subject_id FROM deadlines d WHERE d.subject_type = 'work_order' AND ${open} AND ${unswept}${inCommunity}${before} ORDER BY 1 DESC)
      UNION ALL
      (SELECT lw.id::text FROM deadlines d JOIN work_orders lw ON lw.request_id = d.subject_id::uuid
        WHERE d.subject_type = 'request' AND d.kind = 'response' AND ${open} AND (d.breached_at IS NOT NULL OR (${unswept}))${inCommunity}${f.cursor ? sql` AND lw.id < ${f.cursor}` : sql``}
        ORDER BY 1 DESC)
    ) s ORDER BY k DESC) late`;
  const cols = sql.join(columns.map((c) => sql`${workOrders}.${sql.identifier(c)}`), sql`, `);
  const conditions = and(...where, anyOf(workOrders.status, statuses));
  return sql`(SELECT ${cols} FROM ${late} JOIN ${workOrders} ON ${workOrders.id} = late.k::uuid WHERE ${conditions} ORDER BY late.k DESC LIMIT ${f.limit + 1})`;
}

/**
 * Newest first, keyset on id (time-ordered uuids): every page is an index range scan on
 * (community, id), (community, status, id) or (assignee, status, id); no count, no offset.
 * Each row carries its next open clock (`clock`: kind, dueAt, paused, breached) for the
 * countdowns of the list and the dispatch board, joined after the page is cut (≤ limit probes).
 */
export async function listWorkOrders(database: Database, actor: Actor, f: ListFilter) {
  const list = await runPrepared<{ id: string; j: string }>(
    database,
    builtList(database, actor, f),
    // the consoles of a community refetch this list together on every live change: one query serves them
    { shared: true, values: () => ({ now: f.now().toISOString() }) },
  );
  const items = list.slice(0, f.limit);
  return { itemsJson: `[${items.map((r) => r.j).join(',')}]`, last: list.length > f.limit ? items[items.length - 1].id : null };
}

/**
 * Built list statements, per caller and filter. The statement is a pure function of the actor and
 * the filter (`now` travels as a placeholder), and building it cost more than running it: drizzle
 * was 43% of the server's time while fifty consoles refetched one list. Keyed by the actor object
 * itself — the auth cache hands out one immutable actor per session until it reloads — and by the
 * filter's JSON, which holds every field but `now`; so nothing the builder reads is left out.
 */
const builtLists = new WeakMap<Actor, Map<string, PreparedQuery>>();
const BUILT_PER_CALLER = 64;

function builtList(database: Database, actor: Actor, f: ListFilter): PreparedQuery {
  let mine = builtLists.get(actor);
  if (!mine) builtLists.set(actor, (mine = new Map()));
  const key = JSON.stringify(f);
  let built = mine.get(key);
  if (!built) {
    built = prepareQuery(listQuery(database, actor, f));
    if (mine.size >= BUILT_PER_CALLER) mine.delete(mine.keys().next().value!); // the oldest
    mine.set(key, built);
  }
  return built;
}

function listQuery(database: Database, actor: Actor, f: ListFilter): SQL {
  const db = database.db;
  const where: SQL[] = [];
  if (actor.kind === 'owner') where.push(sql`(${workOrders.reporterUserId} = ${actor.userId} OR ${workOrders.roomId} IN (${sql.join([sql`NULL::uuid`, ...actor.rooms.map((r) => sql`${r.roomId}::uuid`)], sql`, `)}))`);
  else where.push(communityScope(actor, workOrders.communityId, 'workorder.read'));
  if (f.communityId) where.push(eq(workOrders.communityId, f.communityId));
  const urgency = anyOf(workOrders.urgency, f.urgency ?? []);
  if (urgency) where.push(urgency);
  if (f.assigneeId) where.push(eq(workOrders.assigneeId, f.assigneeId));
  if (f.pool) where.push(eq(workOrders.inPool, true));
  const statuses = f.status ?? [];
  const columns = {
    id: workOrders.id, form_no: workOrders.formNo, community_id: workOrders.communityId, request_id: workOrders.requestId, room_id: workOrders.roomId,
    location: workOrders.location, type: workOrders.type, urgency: workOrders.urgency, scope: workOrders.scope, repair_now: workOrders.repairNow,
    description: workOrders.description, status: workOrders.status, assignee_id: workOrders.assigneeId, in_pool: workOrders.inPool,
    eta_at: workOrders.etaAt, created_at: workOrders.createdAt, updated_at: workOrders.updatedAt,
  };
  let page: SQL;
  if (f.overdue) {
    page = overduePage(f, where, statuses, Object.keys(columns));
  } else {
    if (f.cursor) where.push(lt(workOrders.id, f.cursor));
    const branch = (status?: WoStatus) =>
      db
        .select(columns)
        .from(workOrders)
        .where(and(...where, status ? eq(workOrders.status, status) : undefined))
        .orderBy(desc(workOrders.id))
        .limit(f.limit + 1);
    // Several statuses: one newest-first range scan per status on (community|assignee, status, id),
    // each cut at the page size, merged — bounded work however rare the combination is.
    page =
      statuses.length > 1
        ? sql`(SELECT * FROM (${sql.join(statuses.map((st) => sql`${branch(st)}`), sql` UNION ALL `)}) u ORDER BY id DESC LIMIT ${f.limit + 1})`
        : sql`${branch(statuses[0])}`;
  }
  // Each row leaves PostgreSQL as its finished JSON text: the list is the hottest read of the
  // console and the board, and parsing 50 rows into objects to stringify them again cost more
  // than the query (measured: ~35% of the server's time per page).
  return sql`SELECT p.id, json_build_object(
               'id', p.id, 'formNo', p.form_no, 'communityId', p.community_id, 'requestId', p.request_id, 'roomId', p.room_id, 'roomCode', rm.code,
               'location', p.location, 'type', p.type, 'urgency', p.urgency, 'scope', p.scope, 'repairNow', p.repair_now, 'description', p.description,
               'status', p.status, 'assigneeId', p.assignee_id, 'inPool', p.in_pool, 'etaAt', ${isoSql(sql`p.eta_at`)},
               'createdAt', ${isoSql(sql`p.created_at`)}, 'updatedAt', ${isoSql(sql`p.updated_at`)},
               'clock', CASE WHEN c.kind IS NULL THEN NULL ELSE json_build_object('kind', c.kind, 'dueAt', ${isoSql(sql`c.due_at`)}, 'paused', c.paused_at IS NOT NULL,
                 'breached', c.breached_at IS NOT NULL OR (c.paused_at IS NULL AND c.due_at <= ${sql.placeholder('now')}::timestamptz)) END
             )::text AS j
          FROM ${page} p
          LEFT JOIN ${rooms} rm ON rm.id = p.room_id
          LEFT JOIN LATERAL (
            SELECT d.kind, d.due_at, d.paused_at, d.breached_at FROM deadlines d
             WHERE ${openClocksOf(sql`p.id`, sql`p.request_id`)}
             ORDER BY d.paused_at IS NOT NULL, d.due_at, d.id LIMIT 1
          ) c ON true
         ORDER BY p.id DESC`;
}

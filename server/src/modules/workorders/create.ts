import { getTableColumns, sql, type SQLWrapper } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { auditLog } from '../../kernel/audit/index.ts';
import { outboxEvents } from '../../kernel/events/index.ts';
import { uuid7 } from '../../kernel/db/index.ts';
import { startSlaClock } from '../sla/index.ts';
import type { historyActors } from './supervision.ts';
import { workOrderHistory, workOrders } from './workorders.tables.ts';
import type { WorkOrder } from './transition-runner.ts';

export interface NewWorkOrder {
  companyId: string;
  communityId: string;
  requestId?: string | null;
  roomId?: string | null;
  location?: string;
  equipmentId?: string | null;
  type: string;
  urgency: string;
  scope: 'common' | 'household';
  repairNow?: boolean;
  appointmentAt?: Date | null;
  description: string;
  reporterUserId?: string | null;
  createdBy: string | null;
  photos?: string[];
}

/** What creation wrote besides the order, so the caller can answer without reading it back. */
export interface Created {
  order: WorkOrder;
  /** The order's own response clock (null for an order from a request, or no SLA rule). */
  clock: Awaited<ReturnType<typeof startSlaClock>>;
  /** Names and roles of the creators (batched creation reads them once per batch). */
  actors?: Awaited<ReturnType<typeof historyActors>>;
}

/** Next form number of the community; the row stays locked until commit, so numbers never skip. */
const counterUpsert = (communityId: string) =>
  sql`INSERT INTO work_order_form_counters (community_id, last_no) VALUES (${communityId}, 1)
      ON CONFLICT (community_id) DO UPDATE SET last_no = work_order_form_counters.last_no + 1
      RETURNING last_no`;

/**
 * Creates a work order in state `new` inside the caller's transaction. An order of its
 * own (not from a request) gets its own response clock; one from a request shares the
 * request's clocks (the request's response clock is met when the order is accepted).
 *
 * Two statements: the SLA clock, then ONE statement that takes the form number and writes
 * the order, its history entry, the audit entry and the outbox event (data-modifying CTEs).
 * The per-community counter row stays locked from that statement until commit, so creation
 * in one community is serialised only over the commit itself, and numbers stay gapless
 * (R-WO-6): a rolled-back creation rolls its number back too.
 */
/** Runs the final statement; the route's version sends COMMIT in the same round trip. */
type RunLast = (query: SQLWrapper) => Promise<WorkOrder>;

export async function createWorkOrderWith(deps: Deps, tx: Db, input: NewWorkOrder, runLast?: RunLast): Promise<Created> {
  const now = deps.clock.now();
  const id = uuid7();
  const repairNow = input.repairNow ?? (input.urgency === 'emergency' || !input.appointmentAt);
  const clock = input.requestId
    ? null
    : await startSlaClock(tx, { companyId: input.companyId, communityId: input.communityId, subjectType: 'work_order', subjectId: id }, 'response', { category: input.type, urgency: input.urgency }, now);

  const formNo = sql`(SELECT last_no FROM n)`;
  const n = tx.$with('n', { lastNo: sql<number>`last_no` }).as(counterUpsert(input.communityId));
  const history = tx
    .$with('h', {})
    .as(tx.insert(workOrderHistory).values({ workOrderId: id, action: 'create', fromStatus: null, toStatus: 'new', actorId: input.createdBy, at: now, data: sql`jsonb_build_object('formNo', ${formNo})` }).getSQL());
  // The same rows audit() and emitChange() write, folded into this statement.
  const auditEntry = tx.$with('a', {}).as(
    tx
      .insert(auditLog)
      .values({
      actorId: input.createdBy,
      companyId: input.companyId,
      communityId: input.communityId,
      action: 'workorder.create',
      subjectType: 'work_order',
      subjectId: id,
      data: { type: input.type, urgency: input.urgency, requestId: input.requestId ?? null },
    })
      .getSQL(),
  );
  const payload = { action: 'create', from: null, to: 'new', assigneeId: null, userIds: input.reporterUserId ? [input.reporterUserId] : [] };
  const event = tx.$with('o', {}).as(
    tx
      .insert(outboxEvents)
      .values({
      type: 'workorder.changed',
      companyId: input.companyId,
      communityId: input.communityId,
      subjectType: 'work_order',
      subjectId: id,
      roomIds: input.roomId ? [input.roomId] : [],
      payload: sql`${JSON.stringify(payload)}::jsonb || jsonb_build_object('formNo', ${formNo})`,
    })
      .getSQL(),
  );
  const insert = tx
    .with(n, history, auditEntry, event)
    .insert(workOrders)
    .values({
      id,
      companyId: input.companyId,
      communityId: input.communityId,
      formNo,
      requestId: input.requestId ?? null,
      roomId: input.roomId ?? null,
      location: input.location ?? '',
      equipmentId: input.equipmentId ?? null,
      type: input.type,
      urgency: input.urgency,
      scope: input.scope,
      repairNow,
      appointmentAt: input.appointmentAt ?? null,
      description: input.description,
      reporterUserId: input.reporterUserId ?? null,
      createdBy: input.createdBy,
      photos: input.photos ?? [],
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const order = runLast ? await runLast(insert) : (await insert)[0];
  return { order, clock };
}

// A drizzle instance per pooled connection (the creation's transaction runs on one connection).
const onClient = new WeakMap<pg.PoolClient, Db>();
const dialect = new PgDialect();

/** A work_orders row as node-pg parsed it (column names) → the drizzle row (field names). */
export function fromRow(raw: Record<string, unknown>): WorkOrder {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(workOrders))) {
    const v = raw[col.name];
    out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
  }
  return out as WorkOrder;
}

/**
 * Creates a work order in its own transaction (the HTTP route). On PostgreSQL the counter row
 * of the community is what every creation there waits for, so it is held as briefly as
 * possible: the statement that takes the number goes last and COMMIT travels in the same
 * round trip (one simple-protocol message, values inlined as escaped literals by drizzle with
 * standard_conforming_strings forced on), so the lock never waits on Node's event loop. The
 * commit does not wait for the WAL flush (`synchronous_commit = off`, this transaction only):
 * the counter row and the outbox trigger's NOTIFY lock would otherwise be held over one fsync
 * per creation. `awaitDurable` then waits for the flush outside any lock, where concurrent
 * waiters share one fsync, so the order is answered only once it is on disk. WAL is
 * sequential: a crash can only lose a tail of creations together with their numbers, so
 * numbers stay gapless.
 */
export async function createWorkOrderCommitted(deps: Deps, input: NewWorkOrder, before?: (tx: Db) => Promise<void>): Promise<Created> {
  const pool = deps.database.pool;
  if (deps.database.kind !== 'postgres' || !pool) {
    return deps.database.db.transaction(async (tx) => {
      await before?.(tx as Db);
      return createWorkOrderWith(deps, tx as Db, input);
    });
  }
  const client = await pool.connect();
  let tx = onClient.get(client);
  if (!tx) {
    tx = drizzlePg(client) as unknown as Db;
    onClient.set(client, tx);
  }
  let committed = false;
  let broken = false;
  try {
    await client.query('BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL standard_conforming_strings = on');
    await before?.(tx);
    return await createWorkOrderWith(deps, tx, input, async (query) => {
      const { sql: text } = dialect.sqlToQuery(query.getSQL().inlineParams());
      const results = (await client.query(`${text}; COMMIT`)) as unknown as pg.QueryResult[];
      committed = true;
      return fromRow(results[0].rows[0] as Record<string, unknown>);
    });
  } catch (err) {
    if (!committed) await client.query('ROLLBACK').catch(() => (broken = true));
    throw err;
  } finally {
    client.release(broken);
  }
}

/** Returns once everything committed so far on this server is flushed (a synchronous commit of a tiny transaction). */
export async function awaitDurable(deps: Deps): Promise<void> {
  if (deps.database.kind === 'postgres') await deps.database.query('SELECT pg_current_xact_id()');
}

export async function createWorkOrder(deps: Deps, tx: Db, input: NewWorkOrder): Promise<WorkOrder> {
  return (await createWorkOrderWith(deps, tx, input)).order;
}

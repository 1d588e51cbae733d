import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { uuid7 } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { startSlaClock } from '../sla/index.ts';
import { historyActors } from './supervision.ts';
import { awaitDurable, createWorkOrderCommitted, fromRow, type Created, type NewWorkOrder } from './create.ts';

/**
 * Group commit for work-order creation (the HTTP route, PostgreSQL and PGlite). The first creation starts
 * a batch once the requests that arrived with it are read; creations arriving while it is in flight wait and form the next batch (up to
 * MAX_BATCH). A batch is ONE transaction: one clock insert per distinct community/category/
 * urgency (the SLA rules decide it; the batch's other orders get copies), then ONE set-based statement that advances each community's counter by its number of
 * orders (numbers in arrival order, gapless, R-WO-6) and writes orders, history, audit entries and
 * outbox events as multi-row inserts, sent together with COMMIT; then one durability wait for the
 * whole batch. Per-request work (Node's query building, round trips, the counter row's lock) is
 * paid once per batch instead of once per order.
 *
 * If the batch fails (a constraint on one row), its orders are created one by one through the
 * plain path, so one bad input fails only its own request.
 */
const MAX_BATCH = 64;

interface Item {
  input: NewWorkOrder;
  resolve(c: Created): void;
  reject(e: unknown): void;
}

/** The columns the batch statement reads from its JSON rows (names are from code, never input). */
const COLUMNS = {
  ord: 'int',
  id: 'uuid',
  company_id: 'uuid',
  community_id: 'uuid',
  request_id: 'uuid',
  room_id: 'uuid',
  location: 'text',
  equipment_id: 'uuid',
  type: 'text',
  urgency: 'text',
  scope: 'text',
  repair_now: 'boolean',
  appointment_at: 'timestamptz',
  description: 'text',
  reporter_user_id: 'uuid',
  created_by: 'uuid',
  created_at: 'timestamptz',
  audit_data: 'jsonb',
  payload: 'jsonb',
  clock_id: 'uuid',
  clock_template: 'uuid',
};
/** The clock columns a copy takes from its template (all but id, subject and creation time). */
const CLOCK_COPY =
  'company_id, community_id, subject_type, kind, started_at, due_at, duration_minutes, duration_working_days, paused_at, paused_ms, met_at, breached_at, cancelled_at, milestones, fired_milestones, repeat_every_minutes, repeat_count, next_fire_at, payload';
const recordDef = Object.entries(COLUMNS)
  .map(([n, t]) => `${n} ${t}`)
  .join(', ');

/** One statement for the whole batch; $ROWS is the batch as a jsonb literal. */
const batchSql = (rowsLiteral: string) => `
WITH x AS (SELECT * FROM jsonb_to_recordset(${rowsLiteral}::jsonb) AS x(${recordDef})),
c AS (
  INSERT INTO work_order_form_counters AS f (community_id, last_no)
  SELECT community_id, count(*) FROM x GROUP BY community_id
  ON CONFLICT (community_id) DO UPDATE SET last_no = f.last_no + excluded.last_no
  RETURNING community_id, last_no),
n AS (
  SELECT x.*, (c.last_no - count(*) OVER w + row_number() OVER (w ORDER BY x.ord))::int AS form_no
  FROM x JOIN c USING (community_id)
  WINDOW w AS (PARTITION BY x.community_id)),
k AS (
  INSERT INTO deadlines (id, subject_id, ${CLOCK_COPY})
  SELECT n.clock_id, n.id::text, ${CLOCK_COPY.split(', ').map((c) => `d.${c}`).join(', ')}
  FROM n JOIN deadlines d ON d.id = n.clock_template ORDER BY n.ord),
h AS (
  INSERT INTO work_order_history (work_order_id, action, from_status, to_status, actor_id, at, data)
  SELECT id, 'create', NULL, 'new', created_by, created_at, jsonb_build_object('formNo', form_no) FROM n ORDER BY ord),
a AS (
  INSERT INTO audit_log (actor_id, company_id, community_id, action, subject_type, subject_id, data)
  SELECT created_by, company_id, community_id, 'workorder.create', 'work_order', id::text, audit_data FROM n ORDER BY ord),
o AS (
  INSERT INTO outbox_events (type, company_id, community_id, subject_type, subject_id, room_ids, payload)
  SELECT 'workorder.changed', company_id, community_id, 'work_order', id::text,
         CASE WHEN room_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[room_id] END,
         payload || jsonb_build_object('formNo', form_no)
  FROM n ORDER BY ord)
INSERT INTO work_orders (id, company_id, community_id, form_no, request_id, room_id, location, equipment_id, type, urgency, scope,
                         repair_now, appointment_at, description, reporter_user_id, created_by, photos, created_at, updated_at)
SELECT id, company_id, community_id, form_no, request_id, room_id, location, equipment_id, type, urgency, scope,
       repair_now, appointment_at, description, reporter_user_id, created_by, '{}'::uuid[], created_at, created_at
FROM n ORDER BY ord
RETURNING *`;

/** A string as a SQL literal (standard_conforming_strings is forced on in the transaction). */
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

// A drizzle instance per pooled connection (the clock inserts run on the batch's connection).
const onClient = new WeakMap<pg.PoolClient, Db>();

class CreateBatcher {
  private queue: Item[] = [];
  private running = false;

  constructor(private readonly deps: Deps) {}

  submit(input: NewWorkOrder): Promise<Created> {
    return new Promise<Created>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.running) return;
      this.running = true;
      // Started after the I/O callbacks of this event-loop turn, so every request read in the
      // same turn joins the batch. PGlite runs a whole transaction without yielding to I/O: a
      // batch started at once would always hold just the order that started it.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        let written: Created[];
        try {
          written = await this.write(batch.map((b) => b.input));
        } catch (err) {
          if (batch.length > 1 && err instanceof RolledBack) for (const b of batch) this.one(b);
          else for (const b of batch) b.reject(err instanceof RolledBack ? err.cause : err);
          continue;
        }
        // The next batch starts now; this one is answered once its commit is on disk. The
        // creators' names and roles for the answer's history are read once per community.
        const creators = new Map<string, Set<string>>();
        for (const b of batch) if (b.input.createdBy) creators.set(b.input.communityId, (creators.get(b.input.communityId) ?? new Set()).add(b.input.createdBy));
        const names = Promise.all([...creators].map(async ([community, ids]) => [community, await historyActors(this.deps.database.db, community, [...ids])] as const));
        void Promise.all([names, awaitDurable(this.deps)]).then(
          ([found]) => {
            const byCommunity = new Map(found);
            batch.forEach((b, i) => b.resolve({ ...written[i], actors: byCommunity.get(b.input.communityId) }));
          },
          (err: unknown) => batch.forEach((b) => b.reject(err)),
        );
      }
    } finally {
      this.running = false;
    }
  }

  /** The plain path for one order of a failed batch (its own transaction and durability wait). */
  private one(b: Item): void {
    createWorkOrderCommitted(this.deps, b.input)
      .then(async (c) => {
        await awaitDurable(this.deps);
        b.resolve(c);
      })
      .catch(b.reject);
  }

  private write(inputs: NewWorkOrder[]): Promise<Created[]> {
    return this.deps.database.pool ? this.writeOnPool(inputs) : this.writeInTransaction(inputs);
  }

  /**
   * The batch's clocks (started by the SLA module on `tx`) and its statement. Every order of a
   * batch starts its clock at the same instant, so orders with the same community, category and
   * urgency get the same rule and the same clock: the first one's is started by the SLA module,
   * the others are copies of it (other id and subject) written by the batch statement.
   */
  private async prepare(tx: Db, inputs: NewWorkOrder[]): Promise<{ ids: string[]; clocks: Created['clock'][]; statement: string }> {
    const now = this.deps.clock.now();
    const ids = inputs.map(() => uuid7());
    const clocks: Created['clock'][] = [];
    const copyOf: Array<string | null> = [];
    const copyId: Array<string | null> = [];
    const templates = new Map<string, Created['clock']>();
    for (const [i, input] of inputs.entries()) {
      copyOf.push(null);
      copyId.push(null);
      if (input.requestId) {
        clocks.push(null);
        continue;
      }
      const key = `${input.companyId}|${input.communityId}|${input.type}|${input.urgency}`;
      const template = templates.get(key);
      if (template === undefined) {
        const clock = await startSlaClock(tx, { companyId: input.companyId, communityId: input.communityId, subjectType: 'work_order', subjectId: ids[i] }, 'response', { category: input.type, urgency: input.urgency }, now);
        templates.set(key, clock);
        clocks.push(clock);
      } else if (template === null) {
        clocks.push(null);
      } else {
        copyOf[i] = template.id;
        copyId[i] = uuid7();
        clocks.push({ ...template, id: copyId[i], subjectId: ids[i] });
      }
    }
    const rows = inputs.map((input, i) => ({
      ord: i,
      id: ids[i],
      company_id: input.companyId,
      community_id: input.communityId,
      request_id: input.requestId ?? null,
      room_id: input.roomId ?? null,
      location: input.location ?? '',
      equipment_id: input.equipmentId ?? null,
      type: input.type,
      urgency: input.urgency,
      scope: input.scope,
      repair_now: input.repairNow ?? (input.urgency === 'emergency' || !input.appointmentAt),
      appointment_at: input.appointmentAt ? input.appointmentAt.toISOString() : null,
      description: input.description,
      reporter_user_id: input.reporterUserId ?? null,
      created_by: input.createdBy,
      created_at: now.toISOString(),
      audit_data: { type: input.type, urgency: input.urgency, requestId: input.requestId ?? null },
      payload: { action: 'create', from: null, to: 'new', assigneeId: null, userIds: input.reporterUserId ? [input.reporterUserId] : [] },
      clock_id: copyId[i],
      clock_template: copyOf[i],
    }));
    return { ids, clocks, statement: batchSql(literal(JSON.stringify(rows))) };
  }

  private static answer(ids: string[], clocks: Created['clock'][], returned: Array<Record<string, unknown>>): Created[] {
    const byId = new Map(returned.map((r) => [r.id as string, fromRow(r)]));
    return ids.map((id, i) => ({ order: byId.get(id)!, clock: clocks[i] }));
  }

  /** PostgreSQL: the batch statement and COMMIT go in one round trip on a pooled connection. */
  private async writeOnPool(inputs: NewWorkOrder[]): Promise<Created[]> {
    const pool = this.deps.database.pool!;
    const client = await pool.connect();
    let tx = onClient.get(client);
    if (!tx) onClient.set(client, (tx = drizzlePg(client) as unknown as Db));
    let committed = false;
    let broken = false;
    try {
      await client.query('BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL standard_conforming_strings = on');
      const { ids, clocks, statement } = await this.prepare(tx, inputs);
      const results = (await client.query(`${statement}; COMMIT`)) as unknown as pg.QueryResult[];
      committed = true;
      return CreateBatcher.answer(ids, clocks, results[0].rows);
    } catch (err) {
      if (!committed) await client.query('ROLLBACK').catch(() => (broken = true));
      // retried one by one only when the database refused a statement and certainly rolled it
      // back (not a lost connection, not after the commit: that could create orders twice)
      const e = err as { code?: unknown; cause?: { code?: unknown } };
      const code = e.code ?? e.cause?.code; // drizzle wraps the driver's error
      const refused = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57|58|XX)/.test(code);
      throw !committed && !broken && refused ? new RolledBack(err) : err;
    } finally {
      client.release(broken);
    }
  }

  /**
   * PGlite: one connection in this process, so the batch is one transaction there. It saves the
   * per-order statements (counter, history, audit, outbox, order: five per order become one per
   * batch), which is most of what a creation costs on the embedded database.
   */
  private async writeInTransaction(inputs: NewWorkOrder[]): Promise<Created[]> {
    try {
      return await this.deps.database.db.transaction(async (tx) => {
        await tx.execute(sql.raw('SET LOCAL standard_conforming_strings = on'));
        const { ids, clocks, statement } = await this.prepare(tx as unknown as Db, inputs);
        const res = (await tx.execute(sql.raw(statement))) as unknown as { rows: Array<Record<string, unknown>> };
        return CreateBatcher.answer(ids, clocks, res.rows);
      });
    } catch (err) {
      // the transaction was rolled back as a whole: its orders may be retried one by one
      throw new RolledBack(err);
    }
  }
}

/** A batch the database refused and rolled back: its orders may be created one by one. */
class RolledBack extends Error {
  constructor(cause: unknown) {
    super('batch rolled back', { cause });
  }
}

const batchers = new WeakMap<Deps, CreateBatcher>();

/**
 * Creates a work order in its own transaction, coalesced with concurrent creations on this node,
 * and returns once it is durable. Orders with photos (checked inside the transaction) take the
 * plain path.
 */
export async function createWorkOrderBatched(deps: Deps, input: NewWorkOrder, before?: (tx: Db) => Promise<void>): Promise<Created> {
  if ((input.photos?.length ?? 0) > 0) {
    const created = await createWorkOrderCommitted(deps, input, before);
    await awaitDurable(deps);
    return created;
  }
  let b = batchers.get(deps);
  if (!b) batchers.set(deps, (b = new CreateBatcher(deps)));
  return b.submit(input);
}

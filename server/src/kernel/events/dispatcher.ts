import type { Database } from '../db/client.ts';
import type { StoredEvent } from './index.ts';

export type EventHandler = (event: StoredEvent, database: Database) => Promise<void>;

/**
 * Delivers outbox events to registered handlers (notifications, digests …) exactly once
 * across nodes: a batch is claimed with FOR UPDATE SKIP LOCKED and marked in the same
 * transaction. A failing handler leaves the event for the next pass.
 */
export class OutboxDispatcher {
  private handlers = new Map<string, EventHandler[]>();
  constructor(private readonly database: Database) {}

  on(type: string, handler: EventHandler): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler);
    this.handlers.set(type, list);
  }

  /** One pass; returns how many events were handled. */
  async runOnce(batch = 200): Promise<number> {
    const { database } = this;
    if (database.kind === 'postgres') {
      const client = await database.pool!.connect();
      try {
        await client.query('BEGIN');
        const res = await client.query(
          `SELECT id, at, type, company_id, community_id, subject_type, subject_id, room_ids, payload
             FROM outbox_events WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batch],
        );
        const events = res.rows.map(toEvent);
        const done = await this.deliver(events);
        if (done.length) await client.query('UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [done]);
        await client.query('COMMIT');
        return done.length;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    }
    // PGlite is one connection in one process: no competing claimers.
    const rowsRaw = await database.query(
      `SELECT id, at, type, company_id, community_id, subject_type, subject_id, room_ids, payload
         FROM outbox_events WHERE dispatched_at IS NULL ORDER BY id LIMIT $1`,
      [batch],
    );
    const done = await this.deliver(rowsRaw.map(toEvent));
    if (done.length) await database.query('UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [done]);
    return done.length;
  }

  private async deliver(events: StoredEvent[]): Promise<number[]> {
    const done: number[] = [];
    for (const ev of events) {
      try {
        for (const h of this.handlers.get(ev.type) ?? []) await h(ev, this.database);
        for (const h of this.handlers.get('*') ?? []) await h(ev, this.database);
        done.push(ev.id);
      } catch {
        break; // keep order: later events wait for the failed one
      }
    }
    return done;
  }
}

export function toEvent(r: Record<string, unknown>): StoredEvent {
  return {
    id: Number(r.id),
    at: new Date(r.at as string).toISOString(),
    type: r.type as string,
    companyId: (r.company_id as string) ?? null,
    communityId: (r.community_id as string) ?? null,
    subjectType: r.subject_type as string,
    subjectId: r.subject_id as string,
    roomIds: (r.room_ids as string[]) ?? [],
    payload: (r.payload as Record<string, unknown>) ?? {},
  };
}

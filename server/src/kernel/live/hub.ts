import type { Database } from '../db/client.ts';
import { toEvent } from '../events/dispatcher.ts';
import type { StoredEvent } from '../events/index.ts';

type Listener = (ev: StoredEvent) => void;

/**
 * Every node tails the outbox (woken by NOTIFY 'outbox' from the insert trigger, with a
 * slow poll as a safety net) and fans events out to its open SSE connections. Because it
 * tails rather than claims, every node sees every event — live updates cross nodes.
 */
export class LiveHub {
  private listeners = new Set<Listener>();
  private lastId = 0;
  private seen = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly database: Database, private readonly pollMs = 1000) {}

  async start(): Promise<void> {
    const [row] = await this.database.query<{ max: number | null }>('SELECT max(id) AS max FROM outbox_events');
    this.lastId = Number(row?.max ?? 0);
    this.unlisten = await this.database.listen('outbox', () => void this.poll());
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.unlisten?.();
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Fetch new events; looks back a little to catch ids committed out of order. */
  async poll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        const from = Math.max(0, this.lastId - 50);
        const rows = await this.database.query(
          `SELECT id, at, type, company_id, community_id, subject_type, subject_id, room_ids, payload
             FROM outbox_events WHERE id > $1 ORDER BY id LIMIT 1000`,
          [from],
        );
        const now = Date.now();
        for (const r of rows) {
          const ev = toEvent(r);
          if (this.seen.has(ev.id) || ev.id <= from) continue;
          this.seen.set(ev.id, now);
          if (ev.id > this.lastId) this.lastId = ev.id;
          for (const l of this.listeners) l(ev);
        }
        for (const [id, t] of this.seen) if (now - t > 60_000 && id < this.lastId - 50) this.seen.delete(id);
      } while (this.again);
    } catch {
      // database unavailable for a moment: the next poll retries
    } finally {
      this.running = false;
    }
  }
}

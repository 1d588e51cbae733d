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
  private seen = new Set<number>();
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

  /** How many event ids it remembers to skip repeats (the look-back window, not the event rate). */
  get rememberedCount(): number {
    return this.seen.size;
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
        for (const r of rows) {
          const id = Number(r.id);
          if (this.seen.has(id) || id <= from) continue; // the look-back rows are mostly seen: not decoded again
          const ev = toEvent(r);
          this.seen.add(id);
          if (ev.id > this.lastId) this.lastId = ev.id;
          for (const l of this.listeners) l(ev);
        }
        // An id at or below the look-back window is skipped by the test above, so it need not be
        // remembered. Ids are remembered mostly in increasing order: forget from the oldest and
        // stop at the first one still inside the window (a straggler behind it goes on a later
        // poll). Walking the whole map on every poll cost time in proportion to the event rate.
        const floor = Math.max(0, this.lastId - 50);
        for (const id of this.seen.keys()) {
          if (id > floor) break;
          this.seen.delete(id);
        }
      } while (this.again);
    } catch {
      // database unavailable for a moment: the next poll retries
    } finally {
      this.running = false;
    }
  }
}

import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { Actor } from '../permissions/actor.ts';
import type { Database } from '../db/client.ts';
import { shanghaiDate } from '../time.ts';

/**
 * NOTIFY channel of the auth-cache triggers (migration `auth_cache_notify`). Payloads:
 * `u:<userId>` (user row or role grants changed), `s:<tokenHash>` (session ended),
 * `t:<tokenHash>` (API token revoked), `p:<personId>` (an owner's occupancy changed),
 * `*` (role definitions changed, or too many rows at once: drop everything).
 */
export const AUTH_CHANNEL = 'auth_cache';

export interface CachedAuth {
  userId: string;
  actor: Actor;
  /** Session: CSRF token; API token: null. */
  csrfToken: string | null;
  /** Absolute expiry (epoch ms; Infinity for a token without one). */
  expiresAt: number;
  /** Sessions: the last_seen_at the database holds as far as this node knows (epoch ms). */
  lastSeenAt: number;
  /** Business date the owner's rooms were resolved for (occupancies start and end on dates). */
  day: string;
  /** Monotonic load time, for the TTL only. */
  loadedAt: number;
}

/**
 * Per-process cache of resolved callers, keyed by `s:`/`t:` + the SHA-256 of the cookie or
 * bearer token, so a logged-in request needs no query. Correctness comes from invalidation,
 * not from the TTL: database triggers NOTIFY every change that alters an actor; every node
 * listens (on PostgreSQL also on each pool connection, so the node that commits a change
 * has dropped its entries before its own COMMIT returns). The short TTL only bounds the damage
 * if a listener connection were lost.
 */
export class ActorCache {
  private entries = new Map<string, CachedAuth>();
  /** Bumped by every invalidation: a load that started before one is not stored. */
  private generation = 0;

  constructor(
    private readonly opts: { ttlMs: number; idleMs: number; maxEntries: number } = { ttlMs: 10_000, idleMs: 30 * 60_000, maxEntries: 20_000 },
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Current generation, read before loading from the database. */
  mark(): number {
    return this.generation;
  }

  /** A fresh, still valid entry, or null (then the caller asks the database). */
  get(key: string, now: Date): CachedAuth | null {
    const e = this.entries.get(key);
    if (!e) return null;
    const t = now.getTime();
    if (performance.now() - e.loadedAt > this.opts.ttlMs || t >= e.expiresAt) {
      this.entries.delete(key);
      return null;
    }
    // Idle by what this node knows: another node may have touched it since, so ask the database.
    if (key.startsWith('s:') && t - e.lastSeenAt >= this.opts.idleMs) return null;
    if (e.actor.kind === 'owner' && e.day !== shanghaiDate(now)) return null;
    return e;
  }

  put(key: string, value: Omit<CachedAuth, 'loadedAt' | 'day'>, now: Date, markedAt: number): void {
    if (markedAt !== this.generation) return;
    if (this.entries.size >= this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(key);
    this.entries.set(key, { ...value, day: shanghaiDate(now), loadedAt: performance.now() });
  }

  delete(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  /** Applies one NOTIFY payload. */
  invalidate(payload: string): void {
    this.generation++;
    if (payload === '*' || payload === '') return this.entries.clear();
    const kind = payload.slice(0, 2);
    const id = payload.slice(2);
    if (kind === 's:' || kind === 't:') return void this.entries.delete(payload);
    for (const [key, e] of this.entries) {
      if ((kind === 'u:' && e.userId === id) || (kind === 'p:' && e.actor.personId === id)) this.entries.delete(key);
    }
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

// Pool connections forward auth NOTIFYs to every cache of the app(s) using that pool.
const poolCaches = new WeakMap<pg.Pool, Set<ActorCache>>();
const listening = new WeakSet<object>();

/**
 * Wires a cache to the database's invalidations. PGlite delivers NOTIFY to its own listener
 * right after COMMIT; on PostgreSQL the node-wide listener connection catches other nodes'
 * changes, and each pool connection LISTENs too, because a session receives its own
 * notifications before its COMMIT completes — so this node is never behind its own writes.
 * Returns the function that unwires it.
 */
export async function wireActorCache(database: Database, cache: ActorCache): Promise<() => Promise<void>> {
  const unlisten = await database.listen(AUTH_CHANNEL, (p) => cache.invalidate(p));
  const pool = database.pool;
  if (!pool) return unlisten;
  let set = poolCaches.get(pool);
  if (!set) {
    const caches = new Set<ActorCache>();
    set = caches;
    poolCaches.set(pool, caches);
    const forward = (client: pg.PoolClient) => {
      listening.add(client);
      client.on('notification', (msg) => {
        if (msg.channel === AUTH_CHANNEL) for (const c of caches) c.invalidate(msg.payload ?? '');
      });
    };
    // New connections LISTEN before the pool hands them out (pg-pool's onConnect hook).
    const options = (pool as unknown as { options: { onConnect?: (c: pg.PoolClient) => unknown } }).options;
    const previous = options.onConnect;
    options.onConnect = async (client) => {
      await previous?.(client);
      forward(client);
      await client.query(`LISTEN ${AUTH_CHANNEL}`);
    };
    // Connections opened before this (migrations at start): queued ahead of their next query.
    pool.on('acquire', (client) => {
      if (listening.has(client)) return;
      forward(client);
      client.query(`LISTEN ${AUTH_CHANNEL}`).catch(() => undefined);
    });
  }
  set.add(cache);
  return async () => {
    set.delete(cache);
    await unlisten();
  };
}

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { fillPlaceholders, type SQL } from 'drizzle-orm';
import { sharedRead } from './shared-read.ts';

/** Drizzle database or transaction: every repository function takes this. */
export type Db = PgDatabase<PgQueryResultHKT, any>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Plain parameterised SQL returning rows (for set-based work and tests). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Subscribe to NOTIFY on a channel; returns the unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  pglite?: PGlite;
  pool?: pg.Pool;
}

// int8 as JS number on both drivers (PGlite already does): our int8 values are fen and counts,
// far below 2^53. numeric stays a string so exact decimals are never rounded by a float.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

export async function openPglite(dataDir: string | null, loadDataDir?: Blob | File): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const client = await PGlite.create(dataDir ?? undefined, loadDataDir ? { loadDataDir } : {});
  const db = drizzlePglite(client) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    async query<T>(text: string, params: unknown[] = []) {
      const res = await client.query<T>(text, params);
      return res.rows;
    },
    async listen(channel, onPayload) {
      const unsub = await client.listen(channel, onPayload);
      return async () => unsub();
    },
    async close() {
      await client.close();
    },
  };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes });
  // An idle connection the server drops (restart, failover, pg_terminate_backend) must not crash the
  // process: without a listener the pool re-throws it as an uncaught exception. The pool opens a new one on next use.
  pool.on('error', (err) => console.warn(`[db] idle PostgreSQL connection lost: ${err.message}`));
  const db = drizzlePg(pool) as unknown as Db;
  let listener: Promise<pg.PoolClient> | null = null;
  let dropListener: (() => void) | null = null;
  let closed = false;
  const handlers = new Map<string, Set<(p: string) => void>>();
  const quote = (channel: string) => `"${channel.replace(/"/g, '')}"`;
  /** One dedicated connection carries every LISTEN; if the server drops it, reconnect and LISTEN again. */
  async function connectListener(): Promise<pg.PoolClient> {
    const client = await pool.connect();
    client.on('notification', (msg) => {
      for (const fn of handlers.get(msg.channel) ?? []) fn(msg.payload ?? '');
    });
    let released = false;
    const drop = () => {
      if (!released) client.release(true);
      released = true;
    };
    dropListener = drop;
    client.on('error', (err) => {
      if (closed) return drop();
      console.warn(`[db] LISTEN connection lost: ${err.message}`);
      drop();
      // Notifications sent while disconnected are lost; subscribers (live hub, caches) also poll, so they catch up.
      const retry = () => {
        if (closed) return;
        listener = connectListener();
        listener.catch(() => setTimeout(retry, 1000).unref());
      };
      listener = null;
      setTimeout(retry, 200).unref();
    });
    for (const channel of handlers.keys()) await client.query(`LISTEN ${quote(channel)}`);
    return client;
  }
  return {
    kind: 'postgres',
    db,
    pool,
    async query<T>(text: string, params: unknown[] = []) {
      const res = await pool.query(text, params);
      return res.rows as T[];
    },
    async listen(channel, onPayload) {
      const isNew = !handlers.has(channel);
      if (isNew) handlers.set(channel, new Set());
      handlers.get(channel)!.add(onPayload);
      try {
        if (!listener) listener = connectListener(); // LISTENs every known channel, this one included
        else if (isNew) await (await listener).query(`LISTEN ${quote(channel)}`);
        await listener;
      } catch (err) {
        listener = null;
        throw err;
      }
      return async () => {
        handlers.get(channel)?.delete(onPayload);
      };
    },
    async close() {
      closed = true;
      // Destroy rather than return it: a connection with LISTENs registered must not serve other queries.
      await listener?.catch(() => null);
      dropListener?.();
      listener = null;
      await pool.end();
    },
  };
}

export async function openDatabase(opts: { databaseUrl: string; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(path.join(opts.dataDir, 'pgdata'));
}

/** Rows of a raw drizzle `sql` query on either driver. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

const dialect = new PgDialect();

/** A statement built once and sent many times: text, parameters, prepared-statement name, sharing key. */
export interface PreparedQuery {
  name: string;
  text: string;
  params: unknown[];
  /** Identical statements (same text, same parameters) share one query under this key. */
  key: string;
}

/** Builds the drizzle query into what runPrepared sends (the part worth keeping for a query asked often). */
export function prepareQuery(query: SQL): PreparedQuery {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = `p_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
  return { name, text, params, key: `${name}\0${JSON.stringify(params)}` };
}

/**
 * Rows of a hot read as a named prepared statement on PostgreSQL: each pooled connection parses
 * and plans the text once, not on every call (the planning of a list query cost about as much
 * as running it). The name is a hash of the text, so every filter combination is its own
 * statement. PGlite has one connection and no named statements over its protocol: plain query.
 *
 * `shared`: identical calls share one query (sharedRead — never a query sent before the caller
 * arrived). Placeholders (`sql.placeholder`) are filled from `values()` as the query is sent, so
 * the parts that depend on the moment (now) do not split callers that ask the same thing.
 */
export function preparedRows<T>(database: Database, query: SQL, opts: { shared?: boolean; values?: () => Record<string, unknown> } = {}): Promise<T[]> {
  return runPrepared<T>(database, prepareQuery(query), opts);
}

/** preparedRows for a statement already built (prepareQuery). */
export function runPrepared<T>(database: Database, q: PreparedQuery, opts: { shared?: boolean; values?: () => Record<string, unknown> } = {}): Promise<T[]> {
  const run = async () => {
    const values = opts.values ? fillPlaceholders(q.params, opts.values()) : q.params;
    if (!database.pool) return database.query<T>(q.text, values);
    return (await database.pool.query({ name: q.name, text: q.text, values })).rows as T[];
  };
  return opts.shared ? sharedRead(database, q.key, run) : run();
}

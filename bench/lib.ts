import pg from 'pg';
import { openPostgres, type Database } from '../server/src/kernel/db/index.ts';

/**
 * Runs `fn` on a throwaway PostgreSQL database (BENCH_DATABASE_URL or the local server),
 * dropping it afterwards; says so and skips when PostgreSQL is not reachable.
 */
export async function onThrowawayPostgres(prefix: string, fn: (db: Database) => Promise<void>): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  if (!(await admin.connect().then(() => true, () => false))) {
    console.log(`[postgres] not reachable at ${adminUrl.replace(/\/\/[^@]*@/, '//…@')} — skipped`);
    return;
  }
  const name = `${prefix}_${process.pid}`;
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), 4);
  try {
    await fn(database);
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

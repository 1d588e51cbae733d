import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../db/index.ts';
import { withDb } from './global-setup.ts';

let counter = 0;

/** A fresh, migrated database for one test file (or one test), copied from the run's template. */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  const info = inject('testDb');
  if (info.kind === 'pglite') {
    const buf = fs.readFileSync(info.dumpFile);
    return openPglite(null, new Blob([buf]));
  }
  const name = `pms_t_${process.ppid}_${process.pid}_${++counter}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: info.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${info.template}`);
  } finally {
    await admin.end();
  }
  const url = withDb(info.adminUrl, name);
  const db = await openPostgres(url, 10);
  const close = db.close.bind(db);
  return Object.assign(db, {
    url,
    async close() {
      await close();
      const a = new pg.Client({ connectionString: info.adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await a.end();
    },
  });
}

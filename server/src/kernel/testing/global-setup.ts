import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres, runMigrations } from '../db/index.ts';

/**
 * Migrates one template database per test run; every test file then gets its own copy
 * (PGlite: a loaded data-dir dump; PostgreSQL: CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const name = `pms_tmpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = withDb(pgUrl, name);
    const db = await openPostgres(url, 2);
    await runMigrations(db);
    await db.close();
    project.provide('testDb', { kind: 'postgres', adminUrl: pgUrl, template: name });
    return async () => {
      const leftovers = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'pms_t_${process.pid}_%' OR datname = $1`, [name]);
      for (const r of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    };
  }
  const dir = path.resolve('.tmp');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${process.pid}.tar.gz`);
  const db = await openPglite(null);
  await runMigrations(db);
  const dump = await db.pglite!.dumpDataDir('gzip');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('testDb', { kind: 'pglite', dumpFile: file });
  return () => fs.rmSync(file, { force: true });
}

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: { kind: 'pglite'; dumpFile: string } | { kind: 'postgres'; adminUrl: string; template: string };
  }
}

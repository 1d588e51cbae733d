import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/index.ts';
import type { Database } from './index.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const until = async (ok: () => boolean, ms = 10_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (ok()) return;
  throw new Error('timed out');
};

describe('LISTEN / NOTIFY', () => {
  it('delivers notifications to every subscriber of a channel', async () => {
    const got: string[] = [];
    await database.listen('t_one', (p) => got.push(`a:${p}`));
    await database.listen('t_one', (p) => got.push(`b:${p}`));
    await database.query(`select pg_notify('t_one', 'hello')`);
    await until(() => got.length === 2);
    expect(got.sort()).toEqual(['a:hello', 'b:hello']);
  });

  // Live updates and cache invalidation ride on this connection: losing it to a server restart or an
  // administrator's pg_terminate_backend must neither crash the process nor silence it for good.
  it.runIf(process.env.TEST_DATABASE_URL)('reconnects and listens again after the server drops the LISTEN connection', async () => {
    const got: string[] = [];
    await database.listen('t_two', (p) => got.push(p));
    const [{ n }] = await database.query<{ n: number }>(
      `select count(pg_terminate_backend(pid))::int n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query like 'LISTEN%'`,
    );
    expect(n).toBe(1);
    await until(() => {
      void database.query(`select pg_notify('t_two', 'back')`);
      return got.includes('back');
    });
    // Both channels are listened to again on the new connection.
    const one: string[] = [];
    await database.listen('t_one', (p) => one.push(p));
    await database.query(`select pg_notify('t_one', 'again')`);
    await until(() => one.includes('again'));
  });
});

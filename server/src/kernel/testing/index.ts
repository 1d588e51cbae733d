import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../config/index.ts';
import { ManualClock } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { buildApp } from '../../app.ts';
import { createDeps } from '../../runtime.ts';
import { createTestDatabase } from './test-db.ts';
import { TestClient } from './client.ts';

export { TestClient } from './client.ts';
export { seedStandardCompany, makeCompany, makeCommunity, makeUser, TEST_PASSWORD } from './factories.ts';
export { createTestDatabase } from './test-db.ts';

/** Fixed key so tests never touch a key file. */
export const TEST_DATA_KEY = 'k1:' + Buffer.alloc(32, 7).toString('base64');

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  clock: ManualClock;
  client(): TestClient;
  close(): Promise<void>;
}

/** The production app builder on a fresh copy of the migrated test database, with a manual clock. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new ManualClock();
  const config = loadConfig({}, { dataKey: TEST_DATA_KEY, dataDir: '.tmp/test-data', demo: false, worker: false, ...overrides });
  const deps = await createDeps(config, { clock, database, migrate: false });
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    clock,
    client: () => new TestClient(app),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

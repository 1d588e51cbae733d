/** Test-only helpers of the people module: a logged app, rooms, owners and a response recorder. */
import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { loadConfig } from '../../kernel/config/index.ts';
import { ManualClock } from '../../kernel/clock.ts';
import { buildApp } from '../../app.ts';
import { createDeps } from '../../runtime.ts';
import { createTestDatabase, seedStandardCompany, makeUser, TestClient, TEST_DATA_KEY, type TestApp } from '../../kernel/testing/index.ts';
import type { Db } from '../../kernel/db/index.ts';
import { buildings, rooms } from '../property/index.ts';
import { makeIdNumber } from './id-number.ts';

/** Everything the app said during a test file: response bodies and log lines, for the plaintext scan. */
export const transcript = { responses: [] as string[], logs: [] as string[] };

/** TestClient that records every response body. */
export class RecordingClient extends TestClient {
  override async request<T = any>(method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await super.request<T>(method, url, body, headers);
    transcript.responses.push(`${method} ${url} ${res.status} ${res.raw}`);
    return res;
  }
}

/** createTestApp with the production logger at trace level writing into the transcript. */
export async function createLoggedTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new ManualClock();
  const config = loadConfig({}, { dataKey: TEST_DATA_KEY, dataDir: '.tmp/test-data', demo: false, worker: false });
  const deps = await createDeps(config, { clock, database, migrate: false });
  const stream = new Writable({
    write(chunk, _enc, cb) {
      transcript.logs.push(String(chunk));
      cb();
    },
  });
  const app = await buildApp(deps, { logger: { level: 'trace', stream } });
  await app.ready();
  return {
    app, deps, clock,
    client: () => new RecordingClient(app),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export async function makeRoom(db: Db, communityId: string, building: string, floor: number, number: string) {
  let [b] = await db.select().from(buildings).where(eqBuilding(communityId, building));
  if (!b) [b] = await db.insert(buildings).values({ communityId, code: building, name: `${building}栋`, floorsAbove: 30 }).returning();
  const [r] = await db.insert(rooms).values({ communityId, buildingId: b.id, floor, number, code: `${building}-1-${number}`, areaM2: '89.50' }).returning();
  return r;
}

function eqBuilding(communityId: string, code: string) {
  return and(eq(buildings.communityId, communityId), eq(buildings.code, code));
}

/** Distinct valid test values: scanning for them later proves they never leaked. */
export const PHONES = ['13812345678', '13987654321', '15011112222', '18600001111', '17755556666', '13600002222'];
export const IDS = [
  makeIdNumber('110105', '19800101', '123'),
  makeIdNumber('320102', '19751231', '456'),
  makeIdNumber('440305', '19900615', '789'),
  makeIdNumber('510104', '19850310', '246'),
  makeIdNumber('330106', '19700707', '135'),
  makeIdNumber('210102', '19920202', '975'),
];

export async function seedArchive(t: TestApp) {
  const db = t.deps.database.db;
  const seed = await seedStandardCompany(db, t.deps.pii);
  const r101 = await makeRoom(db, seed.a.id, '1', 1, '101');
  const r102 = await makeRoom(db, seed.a.id, '1', 1, '102');
  const r201 = await makeRoom(db, seed.a.id, '2', 2, '201');
  const b101 = await makeRoom(db, seed.b.id, '1', 1, '101');
  return { ...seed, rooms: { r101, r102, r201, b101 } };
}

/** An owner login bound to a person (owners log in with their phone). */
export async function makeOwnerUser(t: TestApp, roleIds: Map<string, string>, companyId: string, personId: string, phone: string) {
  return makeUser(t.deps.database.db, t.deps.pii, roleIds, { companyId, kind: 'owner', phone, personId, name: '业主', roles: [['owner', null]] });
}

/** Every test phone/ID number that appears anywhere except in the allowed reveal responses. */
export function leaks(texts: string[]): string[] {
  const found: string[] = [];
  for (const t of texts) for (const v of [...PHONES, ...IDS]) if (t.includes(v)) found.push(`${v} in ${t.slice(0, 160)}`);
  return found;
}

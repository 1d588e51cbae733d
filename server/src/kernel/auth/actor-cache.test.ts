import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, createTestDatabase, makeUser, seedStandardCompany, TEST_DATA_KEY, type TestApp, type TestClient } from '../testing/index.ts';
import { openPostgres, type Database } from '../db/index.ts';
import { loadConfig } from '../config/index.ts';
import { ManualClock } from '../clock.ts';
import { createDeps } from '../../runtime.ts';
import { buildApp } from '../../app.ts';

/** Statements sent to the database while `fn` runs (both drivers go through `db.execute`/pool). */
async function countQueries(database: Database, fn: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const target = (database.pool ?? database.pglite) as unknown as { query: (...a: unknown[]) => unknown };
  const original = target.query;
  target.query = function (this: unknown, ...a: unknown[]) {
    n++;
    return original.apply(this, a);
  };
  try {
    await fn();
  } finally {
    target.query = original;
  }
  return n;
}

describe('actor cache on one node', () => {
  let t: TestApp;
  let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
  let admin: TestClient;
  beforeAll(async () => {
    t = await createTestApp();
    seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
    admin = await t.client().login('admin');
  });
  afterAll(() => t.close());

  it('a logged-in request after the first one needs no session or role query', async () => {
    const clerk = await t.client().login('clerk-a');
    // /auth/me reads the visible communities itself: one statement, none for session + actor
    expect((await clerk.get('/api/v1/auth/me')).status).toBe(200);
    expect(await countQueries(t.deps.database, () => clerk.get('/api/v1/auth/me'))).toBe(1);
  });

  it('a role revoked, a role definition edited, a user disabled: refused on the very next request', async () => {
    const clerk = await t.client().login('clerk-a');
    const list = `/api/v1/work-orders?communityId=${seed.a.id}`;
    expect((await clerk.get(list)).status).toBe(200);
    expect((await clerk.get(list)).status).toBe(200);
    // the clerk's grant in A replaced by one in B
    expect((await admin.patch(`/api/v1/users/${seed.staff.clerkA.id}`, { roles: [{ roleCode: 'clerk', communityId: seed.b.id }] })).status).toBe(200);
    expect((await clerk.get(list)).status).toBe(404);
    expect((await clerk.get(`/api/v1/work-orders?communityId=${seed.b.id}`)).status).toBe(200);
    await admin.patch(`/api/v1/users/${seed.staff.clerkA.id}`, { roles: [{ roleCode: 'clerk', communityId: seed.a.id }] });
    expect((await clerk.get(list)).status).toBe(200);

    // the role itself loses the permission
    const roles = (await admin.get('/api/v1/roles')).body.items as Array<{ id: string; code: string; permissions: string[] }>;
    const clerkRole = roles.find((r) => r.code === 'clerk')!;
    await admin.patch(`/api/v1/roles/${clerkRole.id}`, { permissions: clerkRole.permissions.filter((p) => p !== 'workorder.read') });
    expect((await clerk.get(list)).status).toBe(403);
    await admin.patch(`/api/v1/roles/${clerkRole.id}`, { permissions: clerkRole.permissions });
    expect((await clerk.get(list)).status).toBe(200);

    await admin.patch(`/api/v1/users/${seed.staff.clerkA.id}`, { active: false });
    expect((await clerk.get(list)).status).toBe(401);
    await admin.patch(`/api/v1/users/${seed.staff.clerkA.id}`, { active: true });
  });

  it('logout and a password reset end cached sessions at once', async () => {
    const a = await t.client().login('finance-a');
    const b = await t.client().login('finance-a');
    expect((await a.get('/api/v1/auth/me')).status).toBe(200);
    expect((await b.get('/api/v1/auth/me')).status).toBe(200);
    await a.post('/api/v1/auth/logout', {});
    expect((await b.get('/api/v1/auth/me')).status).toBe(200);
    expect((await admin.post(`/api/v1/users/${seed.staff.financeA.id}/reset-password`, { password: 'another-pw-1' })).status).toBe(200);
    expect((await b.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('an owner whose occupancy ends loses the room on the very next request', async () => {
    const q = t.deps.database.query.bind(t.deps.database);
    const [b] = await q<{ id: string }>(`INSERT INTO buildings (community_id, code, name) VALUES ($1, '9', '9栋') RETURNING id`, [seed.a.id]);
    const [room] = await q<{ id: string }>(`INSERT INTO rooms (community_id, building_id, floor, number, code, area_m2) VALUES ($1, $2, 1, '901', '9-1-901', 90) RETURNING id`, [seed.a.id, b.id]);
    const [person] = await q<{ id: string }>(`INSERT INTO persons (company_id, name) VALUES ($1, '缓存业主') RETURNING id`, [seed.company.id]);
    const [occ] = await q<{ id: string }>(`INSERT INTO room_occupancies (community_id, room_id, person_id, relation, started_on) VALUES ($1, $2, $3, 'owner', '2020-01-01') RETURNING id`, [seed.a.id, room.id, person.id]);
    await makeUser(t.deps.database.db, t.deps.pii, seed.roleIds, { companyId: seed.company.id, kind: 'owner', phone: '13800000991', personId: person.id, name: '缓存业主', roles: [['owner', null]] });
    const owner = await t.client().login('13800000991');
    expect((await owner.get('/api/v1/auth/me')).body.user.rooms.map((r: { roomId: string }) => r.roomId)).toEqual([room.id]);
    expect((await owner.get('/api/v1/auth/me')).body.user.rooms).toHaveLength(1);
    await q(`UPDATE room_occupancies SET ended_on = '2021-01-01' WHERE id = $1`, [occ.id]);
    expect((await owner.get('/api/v1/auth/me')).body.user.rooms).toEqual([]);
  });

  it('idle expiry still applies to a cached session, and last_seen is written at most once a minute', async () => {
    const c = await t.client().login('guard-a');
    const seen = async () => (await t.deps.database.query<{ at: Date }>(`SELECT max(last_seen_at) AS at FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'guard-a'`))[0].at.getTime();
    const first = await seen();
    t.clock.advanceMs(30_000);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    expect(await seen()).toBe(first);
    t.clock.advanceMs(40_000);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    expect(await seen()).toBe(t.clock.now().getTime());
    t.clock.advanceMs((t.deps.config.sessionIdleMinutes + 1) * 60_000);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });
});

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe.skipIf(!onPostgres)('actor cache on two app instances sharing one PostgreSQL', () => {
  let db1: Database & { url?: string };
  let db2: Database;
  let node1: FastifyInstance;
  let node2: FastifyInstance;
  let base1 = '';
  let base2 = '';
  let seed: Awaited<ReturnType<typeof seedStandardCompany>>;

  beforeAll(async () => {
    db1 = await createTestDatabase();
    db2 = await openPostgres(db1.url!, 5);
    const clock = new ManualClock();
    const config = loadConfig({}, { dataKey: TEST_DATA_KEY, dataDir: '.tmp/test-data', demo: false, worker: false });
    const deps1 = await createDeps(config, { clock, database: db1, migrate: false });
    node1 = await buildApp(deps1);
    node2 = await buildApp(await createDeps(config, { clock, database: db2, migrate: false }));
    seed = await seedStandardCompany(db1.db, deps1.pii);
    // real HTTP: the next request is a new request on the wire, as from a browser
    base1 = await node1.listen({ port: 0, host: '127.0.0.1' });
    base2 = await node2.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await node2?.close();
    await node1?.close();
    await db2?.close();
    await db1?.close();
  });

  async function login(base: string, username: string) {
    const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'pass1234' }) });
    expect(res.status).toBe(200);
    const cookie = /pms_sid=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  }
  /**
   * NOTIFY reaches the other node asynchronously (at commit, normally well under a millisecond;
   * later when the machine is saturated). Notifications arrive in commit order, so once a
   * marker sent after the change has reached node 2, the change has too: from then on the
   * next request must see it.
   */
  async function delivered() {
    const token = Math.random().toString(36).slice(2);
    const cache = node2.actorCache;
    const seen = new Promise<void>((resolve) => {
      const original = cache.invalidate.bind(cache);
      cache.invalidate = (payload: string) => {
        original(payload);
        if (payload === `fence:${token}`) {
          cache.invalidate = original;
          resolve();
        }
      };
    });
    await db1.query(`NOTIFY auth_cache, 'fence:${token}'`);
    await seen;
  }
  const call = (base: string, who: { cookie: string; csrf: string }, method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, { method, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('a role revoked on instance 1 is refused by instance 2 on the next request once the NOTIFY has arrived', async () => {
    const admin = await login(base1, 'admin');
    const clerk = await login(base2, 'clerk-a');
    const list = `/api/v1/work-orders?communityId=${seed.a.id}`;
    for (let i = 0; i < 3; i++) expect((await call(base2, clerk, 'GET', list)).status).toBe(200);
    const revoke = await call(base1, admin, 'PATCH', `/api/v1/users/${seed.staff.clerkA.id}`, { roles: [{ roleCode: 'clerk', communityId: seed.b.id }] });
    expect(revoke.status).toBe(200);
    await delivered();
    expect((await call(base2, clerk, 'GET', list)).status).toBe(404);
    const grant = await call(base1, admin, 'PATCH', `/api/v1/users/${seed.staff.clerkA.id}`, { roles: [{ roleCode: 'clerk', communityId: seed.a.id }] });
    expect(grant.status).toBe(200);
    await delivered();
    expect((await call(base2, clerk, 'GET', list)).status).toBe(200);
  });

  it('a user disabled and a logout on instance 1 end the session on instance 2', async () => {
    const admin = await login(base1, 'admin');
    const guard = await login(base2, 'guard-a');
    expect((await call(base2, guard, 'GET', '/api/v1/auth/me')).status).toBe(200);
    await call(base1, admin, 'PATCH', `/api/v1/users/${seed.staff.guardA.id}`, { active: false });
    await delivered();
    expect((await call(base2, guard, 'GET', '/api/v1/auth/me')).status).toBe(401);
    await call(base1, admin, 'PATCH', `/api/v1/users/${seed.staff.guardA.id}`, { active: true });

    const finance = await login(base2, 'finance-a');
    expect((await call(base2, finance, 'GET', '/api/v1/auth/me')).status).toBe(200);
    expect((await call(base1, finance, 'POST', '/api/v1/auth/logout', {})).status).toBe(200);
    await delivered();
    expect((await call(base2, finance, 'GET', '/api/v1/auth/me')).status).toBe(401);
  });
});

import { createTestApp, makeUser, seedStandardCompany } from '../../kernel/testing/index.ts';
import { sweepDeadlines } from '../../kernel/deadlines/index.ts';
import type { StoredEvent } from '../../kernel/events/index.ts';

/**
 * Test cast of the service loop (tests only): the standard company plus, in community A,
 * a building with two rooms, two owners (13800000001 owns 1-1-101, 13800000002 owns
 * 1-1-102), a second technician, an elevator and a lobby.
 */
export async function loopApp(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const t = await createTestApp(overrides);
  const seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const q = <T = Record<string, string>>(text: string, params: unknown[] = []) => t.deps.database.query<T>(text, params);
  const a = seed.a.id;
  const [b] = await q(`INSERT INTO buildings (community_id, code, name) VALUES ($1, '1', '1栋') RETURNING id`, [a]);
  const rooms: string[] = [];
  for (const n of ['101', '102']) {
    const [r] = await q(`INSERT INTO rooms (community_id, building_id, floor, number, code, area_m2) VALUES ($1, $2, 1, $3, $4, 89.5) RETURNING id`, [a, b.id, n, `1-1-${n}`]);
    rooms.push(r.id);
  }
  const owners = [];
  for (const [i, phone] of ['13800000001', '13800000002'].entries()) {
    const [p] = await q(`INSERT INTO persons (company_id, name) VALUES ($1, $2) RETURNING id`, [seed.company.id, `业主${i + 1}`]);
    await q(`INSERT INTO room_occupancies (community_id, room_id, person_id, relation, started_on) VALUES ($1, $2, $3, 'owner', '2020-01-01')`, [a, rooms[i], p.id]);
    owners.push(await makeUser(t.deps.database.db, t.deps.pii, seed.roleIds, { companyId: seed.company.id, kind: 'owner', phone, personId: p.id, name: `业主${i + 1}`, roles: [['owner', null]] }));
  }
  const engineer2 = await makeUser(t.deps.database.db, t.deps.pii, seed.roleIds, { companyId: seed.company.id, username: 'engineer-a2', name: '李师傅', department: 'engineering', phone: '13900000022', skills: ['elevator'], roles: [['engineer', a]] });
  const monitor = await makeUser(t.deps.database.db, t.deps.pii, seed.roleIds, { companyId: seed.company.id, username: 'monitor-a', name: '监控中心', department: 'security', phone: '13900000033', roles: [['monitoring_center', a]] });
  const [lobby] = await q(`INSERT INTO common_areas (community_id, code, name, kind) VALUES ($1, 'L1', '1栋大堂', 'lobby') RETURNING id`, [a]);
  const [lift] = await q(`INSERT INTO equipment (community_id, code, name, kind, location) VALUES ($1, 'E1', '1栋1号电梯', 'elevator', '1栋') RETURNING id`, [a]);
  /** Every event the live hub fans out, as an open page would receive it. */
  const events: StoredEvent[] = [];
  t.deps.hub.subscribe((ev) => events.push(ev));
  const live = async () => {
    await t.deps.hub.poll();
    return events;
  };
  const sweep = async () => {
    let total = 0;
    for (;;) {
      const r = await sweepDeadlines(t.deps.database, t.clock.now());
      total += r.fired;
      if (r.claimed === 0) return total;
    }
  };
  const notes = (kind: string, userId?: string) =>
    q<{ recipient_id: string; title: string; body: string; channel: string; state: string }>(
      `SELECT recipient_id, title, body, channel, state FROM notifications WHERE kind = $1 ${userId ? 'AND recipient_id = $2' : ''} ORDER BY created_at, id`,
      userId ? [kind, userId] : [kind],
    );
  return { t, seed, q, rooms, owners, engineer2, monitor, lobby: lobby.id, lift: lift.id, live, events, sweep, notes };
}
export type Loop = Awaited<ReturnType<typeof loopApp>>;

export const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.from('0000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082', 'hex'),
]);

/** Uploads a tiny PNG as the client (a drawn signature, a photo, a scanned report). */
export async function uploadPng(c: import('../../kernel/testing/index.ts').TestClient, communityId: string, name = 'signature.png'): Promise<string> {
  const boundary = `----pms${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="communityId"\r\n\r\n${communityId}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.request('POST', '/api/v1/files', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  if (res.status !== 201) throw new Error(`upload failed ${res.status} ${res.raw}`);
  return res.body.id;
}

import type { TestApp } from '../../../kernel/testing/index.ts';
import type { TestClient } from '../../../kernel/testing/index.ts';

/** Building 1 with entrance 1 and `n` rooms 1-1-101… in a community, via the API as `c`. */
export async function makeStructure(c: TestClient, communityId: string, code = '1', n = 3) {
  const b = await c.post(`/api/v1/communities/${communityId}/buildings`, { code, floorsAbove: 18 });
  if (b.status !== 201) throw new Error(`building: ${b.status} ${b.raw}`);
  const e = await c.post(`/api/v1/communities/${communityId}/buildings/${b.body.id}/entrances`, { code: '1' });
  if (e.status !== 201) throw new Error(`entrance: ${e.status} ${e.raw}`);
  const rooms = [];
  for (let i = 1; i <= n; i++) {
    const r = await c.post(`/api/v1/communities/${communityId}/rooms`, { buildingId: b.body.id, entranceId: e.body.id, floor: 1, number: `10${i}`, areaM2: 88.5 + i, indoorAreaM2: 70 });
    if (r.status !== 201) throw new Error(`room: ${r.status} ${r.raw}`);
    rooms.push(r.body);
  }
  return { building: b.body, entrance: e.body, rooms };
}

export async function count(t: TestApp, table: string): Promise<number> {
  const [r] = await t.deps.database.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return r.n;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { count, makeStructure } from './testing/fixtures.ts';
import { readSheet } from '../../kernel/excel/index.ts';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import { rooms } from './property.tables.ts';
import { roomConditions, roomOrder } from './rooms.repository.ts';

/** EXPLAIN takes no bind parameters: inline them as literals (test-only, values are ours). */
const inline = (text: string, params: unknown[]) => text.replace(/\$(\d+)/g, (_, i: string) => `'${String(params[Number(i) - 1]).replace(/'/g, "''")}'`);

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let manager: TestClient;
let structure: Awaited<ReturnType<typeof makeStructure>>;
beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  manager = await t.client().login('manager-a');
  structure = await makeStructure(manager, seed.a.id, '3', 0);
  const b = structure.building.id;
  const e2 = await manager.post(`/api/v1/communities/${seed.a.id}/buildings/${b}/entrances`, { code: '2' });
  const e20 = await manager.post(`/api/v1/communities/${seed.a.id}/buildings/${b}/entrances`, { code: '20' });
  for (const [entranceId, number] of [[e2.body.id, '1201'], [e2.body.id, '1202'], [e20.body.id, '101'], [structure.entrance.id, '101']]) {
    const r = await manager.post(`/api/v1/communities/${seed.a.id}/rooms`, { buildingId: b, entranceId, floor: 12, number, areaM2: 120.55 });
    expect(r.status).toBe(201);
  }
});
afterAll(() => t.close());

describe('rooms', () => {
  it('builds the code building-entrance-room and answers areas as numbers with 2 decimals', async () => {
    const list = await manager.get(`/api/v1/communities/${seed.a.id}/rooms?q=3-2-1201`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ code: '3-2-1201', floor: 12, number: '1201', areaM2: 120.55, indoorAreaM2: null, use: 'residential', status: 'vacant' });
  });

  it('searches by whole code segments: "3-2" finds entrance 2 only, not entrance 20', async () => {
    const list = await manager.get(`/api/v1/communities/${seed.a.id}/rooms?q=3-2`);
    expect(list.body.items.map((r: { code: string }) => r.code)).toEqual(['3-2-1201', '3-2-1202']);
    const trailing = await manager.get(`/api/v1/communities/${seed.a.id}/rooms?q=3-2-`);
    expect(trailing.body.items).toHaveLength(2);
    const all = await manager.get(`/api/v1/communities/${seed.a.id}/rooms?q=3`);
    expect(all.body.items).toHaveLength(4);
  });

  it('pages by code with an opaque cursor', async () => {
    const first = await manager.get(`/api/v1/communities/${seed.a.id}/rooms?limit=3`);
    expect(first.body.items.map((r: { code: string }) => r.code)).toEqual(['3-1-101', '3-2-1201', '3-2-1202']);
    const second = await manager.get(`/api/v1/communities/${seed.a.id}/rooms?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((r: { code: string }) => r.code)).toEqual(['3-20-101']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('the prefix search (the conditions the repository builds) is an index range scan', async () => {
    const { db } = t.deps.database;
    const query = db.select().from(rooms).where(roomConditions(seed.a.id, { q: '3-2' })).orderBy(...roomOrder).limit(51).toSQL();
    // Tiny test tables would be seq-scanned; forbid that inside one transaction to see the index choice.
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return rows<Record<string, string>>(tx as Db, sql.raw(`explain ${inline(query.sql, query.params)}`));
    });
    const text = plan.map((p) => Object.values(p)[0]).join('\n');
    // The prefix is an index range, not a filter over the community's rooms. Under a non-C collation
    // (PostgreSQL en_US) only the text_pattern_ops index can do that (~>=~); under C (PGlite) the
    // unique (community_id, code) index does it and also gives the order.
    expect(text, text).toMatch(/Index Cond: .*code (~>=~|>=) '3-2'::text/);
    if (/~>=~/.test(text)) expect(text).toContain('rooms_community_code_prefix_idx');
  });

  it('a duplicate room code answers 409 房号已存在 and writes nothing', async () => {
    const before = await count(t, 'rooms');
    const res = await manager.post(`/api/v1/communities/${seed.a.id}/rooms`, { buildingId: structure.building.id, entranceId: structure.entrance.id, floor: 1, number: '101', areaM2: 50 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'DUPLICATE', message: '房号已存在' });
    expect(await count(t, 'rooms')).toBe(before);
  });

  it('refuses areas ≤ 0 or with 3 decimals, bad enums and empty numbers — in zh and en', async () => {
    const base = { buildingId: structure.building.id, entranceId: structure.entrance.id, floor: 1, number: '909' };
    for (const body of [{ ...base, areaM2: 0 }, { ...base, areaM2: -5 }, { ...base, areaM2: 12.345 }, { ...base, areaM2: 50, use: 'castle' }, { ...base, number: '', areaM2: 50 }, { ...base, number: '12-01', areaM2: 50 }, { ...base, areaM2: 50, indoorAreaM2: 60 }]) {
      const res = await manager.post(`/api/v1/communities/${seed.a.id}/rooms`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    manager.lang = 'en';
    const en = await manager.post(`/api/v1/communities/${seed.a.id}/rooms`, { ...base, areaM2: 12.345 });
    manager.lang = 'zh';
    expect(en.body.error.message).toContain('at most 2 decimals');
    expect(await manager.get(`/api/v1/communities/${seed.a.id}/rooms?q=3-1-909`).then((r) => r.body.items)).toHaveLength(0);
  });

  it('edits a room, audits it and emits an event in the same transaction', async () => {
    const [room] = (await manager.get(`/api/v1/communities/${seed.a.id}/rooms?q=3-2-1202`)).body.items;
    const res = await manager.patch(`/api/v1/rooms/${room.id}`, { status: 'occupied', areaM2: 99.9 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'occupied', areaM2: 99.9 });
    const audits = await t.deps.database.query(`select action from audit_log where subject_id = $1 order by id`, [room.id]);
    expect(audits.map((a) => a.action)).toEqual(['property.room.created', 'property.room.updated']);
    const events = await t.deps.database.query(`select type from outbox_events where subject_id = $1 order by id`, [room.id]);
    expect(events.map((e) => e.type)).toEqual(['property.room.created', 'property.room.updated']);
  });

  it('room detail carries building and entrance names', async () => {
    const [room] = (await manager.get(`/api/v1/communities/${seed.a.id}/rooms?q=3-2-1201`)).body.items;
    const res = await manager.get(`/api/v1/rooms/${room.id}`);
    expect(res.body).toMatchObject({ code: '3-2-1201', buildingName: '3栋', entranceName: '2单元', occupants: [] });
  });

  it('the tree counts rooms per building and entrance', async () => {
    const res = await manager.get(`/api/v1/communities/${seed.a.id}/tree`);
    const b = res.body.buildings.find((x: { code: string }) => x.code === '3');
    expect(b.roomCount).toBe(4);
    expect(b.entrances.map((e: { code: string; roomCount: number }) => [e.code, e.roomCount])).toEqual([['1', 1], ['2', 2], ['20', 1]]);
  });

  it('renames entrances and deletes only empty ones', async () => {
    const b = structure.building.id;
    const url = `/api/v1/communities/${seed.a.id}/buildings/${b}/entrances`;
    expect((await manager.patch(`${url}/${structure.entrance.id}`, { name: '东单元' })).body.name).toBe('东单元');
    expect((await manager.delete(`${url}/${structure.entrance.id}`)).body.error.code).toBe('IN_USE');
    const spare = await manager.post(url, { code: '9' });
    expect((await manager.delete(`${url}/${spare.body.id}`)).status).toBe(200);
    expect((await manager.get(url)).body.items.map((e: { code: string }) => e.code)).toEqual(['1', '2', '20']);
  });

  it('deletes only unused buildings', async () => {
    expect((await manager.delete(`/api/v1/communities/${seed.a.id}/buildings/${structure.building.id}`)).body.error.code).toBe('IN_USE');
    const empty = await manager.post(`/api/v1/communities/${seed.a.id}/buildings`, { code: '99' });
    expect((await manager.delete(`/api/v1/communities/${seed.a.id}/buildings/${empty.body.id}`)).status).toBe(200);
  });

  it('a clerk reads but cannot write (403)', async () => {
    const clerk = await t.client().login('clerk-a');
    expect((await clerk.get(`/api/v1/communities/${seed.a.id}/rooms`)).status).toBe(200);
    const res = await clerk.post(`/api/v1/communities/${seed.a.id}/buildings`, { code: '7' });
    expect(res.status).toBe(403);
    const [room] = (await clerk.get(`/api/v1/communities/${seed.a.id}/rooms?q=3-2-1201`)).body.items;
    expect((await clerk.patch(`/api/v1/rooms/${room.id}`, { status: 'vacant' })).status).toBe(403);
  });
});

describe('parking, common areas, equipment', () => {
  it('create, list, edit with validation', async () => {
    const p = await manager.post(`/api/v1/communities/${seed.a.id}/parking-spaces`, { code: 'B1-001', areaM2: 12.5, location: '地下一层' });
    expect(p.status).toBe(201);
    expect(p.body.areaM2).toBe(12.5);
    expect((await manager.post(`/api/v1/communities/${seed.a.id}/parking-spaces`, { code: 'B1-001' })).body.error.message).toBe('车位编号已存在');
    expect((await manager.post(`/api/v1/communities/${seed.a.id}/parking-spaces`, { code: 'B1-002', areaM2: 1.001 })).status).toBe(400);
    expect((await manager.patch(`/api/v1/parking-spaces/${p.body.id}`, { status: 'occupied' })).body.status).toBe('occupied');

    const area = await manager.post(`/api/v1/communities/${seed.a.id}/common-areas`, { code: 'PUMP', name: '水泵房', kind: 'pump_room' });
    expect(area.status).toBe(201);
    const eq = await manager.post(`/api/v1/communities/${seed.a.id}/equipment`, { code: 'EL-3-1', name: '3栋1号电梯', kind: 'elevator', buildingId: structure.building.id });
    expect(eq.status).toBe(201);
    expect((await manager.post(`/api/v1/communities/${seed.a.id}/equipment`, { code: 'X', name: 'x', kind: 'spaceship' })).status).toBe(400);
    const pumps = await manager.post(`/api/v1/communities/${seed.a.id}/equipment`, { code: 'PUMP-1', name: '生活水泵', kind: 'water_pump', commonAreaId: area.body.id });
    expect(pumps.status).toBe(201);
    const elevators = await manager.get(`/api/v1/communities/${seed.a.id}/equipment?kind=elevator`);
    expect(elevators.body.items.map((e: { code: string }) => e.code)).toEqual(['EL-3-1']);
    expect((await manager.patch(`/api/v1/equipment/${eq.body.id}`, { status: 'fault' })).body.status).toBe('fault');
    const file = await t.app.inject({ method: 'GET', url: `/api/v1/communities/${seed.a.id}/equipment/export?kind=elevator`, headers: { cookie: (manager as unknown as { cookie: string }).cookie } });
    const sheet = await readSheet(file.rawPayload, [{ key: 'code', header: '设备编号' }, { key: 'kind', header: '类型' }, { key: 'status', header: '状态' }]);
    expect(sheet.map((r) => r.values)).toEqual([{ code: 'EL-3-1', kind: '电梯', status: '故障' }]);
  });
});

describe('export', () => {
  it('exports the filtered room list as .xlsx and audits it', async () => {
    const clerk = await t.client().login('clerk-a');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/communities/${seed.a.id}/rooms/export?q=3-2`, headers: { cookie: (clerk as unknown as { cookie: string }).cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readSheet(res.rawPayload, [
      { key: 'code', header: '房号' },
      { key: 'area', header: '建筑面积' },
      { key: 'use', header: '用途' },
    ]);
    expect(rows.map((r) => r.values.code)).toEqual(['3-2-1201', '3-2-1202']);
    expect(rows[0].values).toMatchObject({ area: '120.55', use: '住宅' });
    const [a] = await t.deps.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'export' and subject_type = 'rooms'`);
    expect(a.n).toBe(1);
  });

  it('needs export.run (an engineer reads rooms but may not export)', async () => {
    const engineer = await t.client().login('engineer-a');
    expect((await engineer.get(`/api/v1/communities/${seed.a.id}/rooms`)).status).toBe(200);
    expect((await engineer.get(`/api/v1/communities/${seed.a.id}/rooms/export`)).status).toBe(403);
    expect((await engineer.get(`/api/v1/communities/${seed.a.id}/equipment/export`)).status).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('documents the property, import and org paths under their tags', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    for (const p of ['/api/v1/communities/{id}/rooms', '/api/v1/rooms/{id}', '/api/v1/communities/{id}/tree', '/api/v1/communities/{id}/rooms/import', '/api/v1/users', '/api/v1/roles/{id}']) expect(Object.keys(doc.paths), p).toContain(p);
    expect(doc.paths['/api/v1/communities/{id}/rooms'].get.tags).toEqual(['property']);
    const status = doc.paths['/api/v1/communities/{id}/rooms'].get.parameters.find((x: { name: string }) => x.name === 'status');
    expect(status.schema.enum).toEqual(['unsold', 'vacant', 'occupied', 'renovating']);
  });

  // Last in the file: it adds rooms the paging test above does not expect.
  it('lists rooms in natural order (2-… before 10-…, floor 2 before floor 10) and pages through them without gaps', async () => {
    for (const code of ['10', '9']) {
      const s9 = await makeStructure(manager, seed.a.id, code, 0);
      for (const [floor, number] of [[10, '1001'], [2, '201']] as const) {
        const r = await manager.post(`/api/v1/communities/${seed.a.id}/rooms`, { buildingId: s9.building.id, entranceId: s9.entrance.id, floor, number, areaM2: 80 });
        expect(r.status).toBe(201);
      }
    }
    const codes: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { code: string }[]; nextCursor: string | null } } = await manager.get(`/api/v1/communities/${seed.a.id}/rooms?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      codes.push(...page.body.items.map((r) => r.code));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(codes).toEqual(['3-1-101', '3-2-1201', '3-2-1202', '3-20-101', '9-1-201', '9-1-1001', '10-1-201', '10-1-1001']);
    const bad = await manager.get(`/api/v1/communities/${seed.a.id}/rooms?cursor=${Buffer.from('["9-1-201"]').toString('base64url')}`);
    expect(bad.status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { readSheet, writeSheet } from '../../kernel/excel/index.ts';
import { IMPORT_COLUMNS, type ImportKey } from './import.columns.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let manager: TestClient;
beforeAll(async () => {
  t = await createTestApp({ uploadMaxBytes: 200_000 });
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  manager = await t.client().login('manager-a');
});
afterAll(() => t.close());

type Row = Partial<Record<ImportKey, string | number>>;
const sheet = (rows: Row[]) => writeSheet('房屋导入', IMPORT_COLUMNS, rows);

/** A real multipart/form-data upload of one file through the HTTP stack. */
async function upload(c: TestClient, communityId: string, file: Buffer, filename = 'rooms.xlsx') {
  const boundary = '----pmsTestBoundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request('POST', `/api/v1/communities/${communityId}/rooms/import`, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

async function counts() {
  const [r] = await t.deps.database.query<Record<string, number>>(
    `select (select count(*)::int from rooms) rooms, (select count(*)::int from buildings) buildings, (select count(*)::int from entrances) entrances,
            (select count(*)::int from persons) persons, (select count(*)::int from room_occupancies) occupancies`,
  );
  return r;
}

const good: Row[] = [
  { building: '5', entrance: '1', floor: 1, number: '101', areaM2: 88.5, indoorAreaM2: 70.25, use: '住宅', status: '入住', ownerName: '李四', ownerPhone: '13912345678' },
  { building: '5', entrance: '1', floor: 1, number: '102', areaM2: 90, use: '住宅', ownerName: '李四', ownerPhone: '139 1234 5678' },
  { building: '5', entrance: '2', floor: 2, number: '201', areaM2: '100.10', status: '空置' },
  { building: '6', floor: 1, number: 'S01', areaM2: 45.6, use: '商业', ownerName: '王五' },
];

describe('room import', () => {
  it('serves a template with the Chinese headers and an example row', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/communities/${seed.a.id}/rooms/import-template`, headers: { cookie: (manager as unknown as { cookie: string }).cookie } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, '楼栋', '单元', '楼层', '房号', '建筑面积', '套内面积', '用途', '状态', '业主姓名', '业主电话']);
    const rows = await readSheet(res.rawPayload, IMPORT_COLUMNS);
    expect(rows).toHaveLength(1);
  });

  it('a file with bad rows answers 422 with every row and column, and writes nothing', async () => {
    const before = await counts();
    const bad: Row[] = [
      ...good,
      { building: '5', entrance: '1', floor: 1, number: '103', areaM2: 0 },
      { building: '5', entrance: '1', floor: 1, number: '104', areaM2: 12.345 },
      { building: '5', entrance: '1', floor: 'x', number: '105', areaM2: 50, use: '城堡' },
      { building: '5', entrance: '1', floor: 1, number: '101', areaM2: 60 },
      { building: '', floor: 1, number: '106', areaM2: 60, ownerName: '赵六', ownerPhone: '12345' },
    ];
    const res = await upload(manager, seed.a.id, await sheet(bad));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IMPORT_FAILED');
    expect(res.body.error.message).toBe('导入失败：5 行有错误，未导入任何数据');
    const d = res.body.error.details as Array<{ row: number; column: string; message: string }>;
    expect(d).toContainEqual({ row: 6, column: '建筑面积', message: '建筑面积必须大于 0 且最多两位小数' });
    expect(d).toContainEqual({ row: 7, column: '建筑面积', message: '建筑面积必须大于 0 且最多两位小数' });
    expect(d.filter((e) => e.row === 8).map((e) => e.column).sort()).toEqual(['楼层', '用途']);
    expect(d).toContainEqual({ row: 9, column: '房号', message: '房号 5-1-101 与第 2 行重复' });
    expect(d.filter((e) => e.row === 10).map((e) => e.column).sort()).toEqual(['业主电话', '楼栋']);
    expect(await counts()).toEqual(before);
  });

  it('reports in English on request', async () => {
    manager.lang = 'en';
    const res = await upload(manager, seed.a.id, await sheet([{ building: '5', entrance: '1', floor: 1, number: '103', areaM2: -1 }]));
    manager.lang = 'zh';
    expect(res.body.error.message).toBe('Import failed: 1 rows have errors; nothing was imported');
    expect(res.body.error.details[0]).toEqual({ row: 2, column: '建筑面积', message: 'gross area must be > 0 with at most 2 decimals' });
  });

  it('imports rooms, missing buildings and entrances, and owners with encrypted phones', async () => {
    const before = await counts();
    const res = await upload(manager, seed.a.id, await sheet(good));
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual({ rooms: 4, buildingsCreated: 2, entrancesCreated: 2, personsCreated: 2, occupancies: 3 });
    const after = await counts();
    expect(after.rooms - before.rooms).toBe(4);
    expect(after.persons - before.persons).toBe(2);
    const list = await manager.get(`/api/v1/communities/${seed.a.id}/rooms?q=5`);
    expect(list.body.items.map((r: { code: string; areaM2: number }) => [r.code, r.areaM2])).toEqual([['5-1-101', 88.5], ['5-1-102', 90], ['5-2-201', 100.1]]);
    expect((await manager.get(`/api/v1/communities/${seed.a.id}/rooms?q=6-S01`)).body.items[0]).toMatchObject({ use: 'commercial', entranceId: null });

    const people = await t.deps.database.query<{ name: string; phone_enc: string | null; phone_bidx: string | null; community_id: string }>(`select name, phone_enc, phone_bidx, community_id from persons order by name`);
    expect(people.map((p) => p.community_id)).toEqual([seed.a.id, seed.a.id]);
    const li = people.find((p) => p.name === '李四')!;
    expect(li.phone_enc).not.toContain('13912345678');
    expect(t.deps.pii.decrypt(li.phone_enc!)).toBe('13912345678');
    expect(li.phone_bidx).toBe(t.deps.pii.blindIndex('phone', '13912345678'));

    const room = list.body.items[0];
    const detail = await manager.get(`/api/v1/rooms/${room.id}`);
    expect(detail.body.occupants).toEqual([expect.objectContaining({ name: '李*', relation: 'owner' })]);
  });

  it('re-importing the same rows is refused as duplicates', async () => {
    const before = await counts();
    const res = await upload(manager, seed.a.id, await sheet(good.slice(0, 1)));
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].message).toBe('房号 5-1-101 已存在');
    expect(await counts()).toEqual(before);
  });

  it('refuses files that are not .xlsx, oversize files, and callers without import.run', async () => {
    expect((await upload(manager, seed.a.id, Buffer.from('楼栋,单元\n1,1'), 'rooms.csv')).status).toBe(415);
    const big = await upload(manager, seed.a.id, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(300_000, 1)]));
    expect(big.status).toBe(413);
    const clerk = await t.client().login('clerk-a');
    expect((await upload(clerk, seed.a.id, await sheet(good))).status).toBe(403);
    const clerkB = await t.client().login('clerk-b');
    expect((await upload(clerkB, seed.a.id, await sheet(good))).status).toBe(404);
  });
  it('an owner cell may list several phones; all are stored encrypted and find the owner; bad lists name no number', async () => {
    const bad = await upload(manager, seed.a.id, await sheet([{ building: '7', floor: 1, number: '101', areaM2: 80, ownerName: '周七', ownerPhone: '13912340001；朋友:13912340002' }, { building: '7', floor: 1, number: '102', areaM2: 80, ownerName: '吴八', ownerPhone: '13912340003；13912340003' }]));
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([
      { row: 2, column: '业主电话', message: '电话标签须为 本人/家属/工作/其他' },
      { row: 3, column: '业主电话', message: '同一号码填写了两次' },
    ]);
    expect(bad.raw).not.toContain('1391234000');
    const res = await upload(manager, seed.a.id, await sheet([{ building: '7', floor: 1, number: '101', areaM2: 80, ownerName: '周七', ownerPhone: '13912340001；家属:13912340002' }]));
    expect(res.status, res.raw).toBe(200);
    const rows = await t.deps.database.query<{ label: string; is_primary: boolean; phone_enc: string }>(`select pp.label, pp.is_primary, pp.phone_enc from person_phones pp join persons p on p.id = pp.person_id where p.name = '周七' order by pp.sort`);
    expect(rows.map((r) => [r.label, r.is_primary, t.deps.pii.decrypt(r.phone_enc)])).toEqual([['self', true, '13912340001'], ['family', false, '13912340002']]);
    const clerk = await t.client().login('clerk-a');
    expect((await clerk.post('/api/v1/persons/search', { phone: '13912340002' })).body.items.map((p: { name: string }) => p.name)).toEqual(['周七']);
  });
});

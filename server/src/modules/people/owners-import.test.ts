import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestClient } from '../../kernel/testing/index.ts';
import { writeSheet } from '../../kernel/excel/index.ts';
import { createLoggedTestApp, seedArchive, transcript, leaks, PHONES, IDS } from './archive.fixtures.ts';
import { OWNER_COLUMNS, type OwnerKey } from './owners-import.validate.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
beforeAll(async () => {
  t = await createLoggedTestApp();
  s = await seedArchive(t);
});
afterAll(() => t.close());

const counts = async () => (await t.deps.database.query<{ p: number; o: number; k: number }>('select (select count(*)::int from persons) p, (select count(*)::int from room_occupancies) o, (select count(*)::int from archive_room_packages) k'))[0];

async function upload(c: TestClient, rows: Array<Partial<Record<OwnerKey, string>>>) {
  const file = await writeSheet('业户导入', OWNER_COLUMNS, rows);
  const boundary = '----pmsOwnerImport';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="owners.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request('POST', `/api/v1/communities/${s.a.id}/owners/import`, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

const row = (roomCode: string, relation: string, name: string, phone: string, idNumber: string) => ({ roomCode, relation, name, gender: '男', phone, idNumber, nativePlace: '', hukouLocation: '', startedOn: '2024-05-01' });

describe('owner import (.xlsx, all or nothing)', () => {
  it('reports every bad row (bad ID, bad phone, unknown room, duplicate) and writes nothing', async () => {
    const c = await t.client().login('archive-a');
    const before = await counts();
    const badId = IDS[0].slice(0, 17) + (IDS[0][17] === '1' ? '2' : '1');
    const res = await upload(c, [
      row('1-1-101', '业主', '甲', PHONES[0], IDS[0]),
      row('1-1-102', '业主', '乙', '1381234567', IDS[1]),
      row('9-9-999', '业主', '丙', PHONES[2], IDS[2]),
      row('1-1-101', '业主', '甲', PHONES[0], IDS[0]),
      row('2-1-201', '房东', '丁', PHONES[3], badId),
    ]);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IMPORT_FAILED');
    expect(res.body.error.message).toBe('导入失败：4 行有错误，未导入任何数据');
    expect(res.body.error.details).toEqual([
      { row: 3, column: '手机号码', message: '手机号码格式不正确' },
      { row: 4, column: '房号', message: '房号不存在于本小区' },
      { row: 5, column: '身份证号码', message: '与第 2 行重复（同一人同一房屋）' },
      { row: 6, column: '关系', message: '关系须为 业主/共有人/家庭成员/租户' },
      { row: 6, column: '身份证号码', message: '身份证号码校验位错误' },
    ]);
    expect(res.raw).not.toContain(badId);
    expect(await counts()).toEqual(before);
  });

  it('imports owners and family; one person on two rooms is one person; move-in packages open', async () => {
    const c = await t.client().login('archive-a');
    const res = await upload(c, [row('1-1-101', '业主', '甲', PHONES[0], IDS[0]), row('1-1-102', '业主', '甲', PHONES[0], IDS[0]), row('1-1-101', '家庭成员', '甲妻', PHONES[1], '')]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ persons: 2, linked: 1, occupancies: 3 });
    const persons = await t.deps.database.query<{ phone_enc: string }>('select phone_enc from persons');
    expect(JSON.stringify(persons)).not.toContain(PHONES[0]);
    const found = await c.post('/api/v1/persons/search', { idNumber: IDS[0] });
    expect(found.body.items).toHaveLength(1);
    const detail = await c.get(`/api/v1/persons/${found.body.items[0].id}`);
    expect(detail.body.occupancies.map((o: { roomCode: string }) => o.roomCode).sort()).toEqual(['1-1-101', '1-1-102']);
    expect((await counts()).k).toBe(2);
    const log = await t.deps.database.query<{ action: string }>(`select action from archive_access_log where action = 'import'`);
    expect(log).toHaveLength(1);
  });

  it('importing an owner already on file for that room is refused (duplicate owner), nothing written', async () => {
    const c = await t.client().login('archive-a');
    const before = await counts();
    const res = await upload(c, [row('2-1-201', '业主', '戊', PHONES[4], IDS[4]), row('1-1-101', '业主', '甲', PHONES[0], IDS[0])]);
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ row: 3, column: '身份证号码', message: '此人已登记在该房屋' }]);
    expect(await counts()).toEqual(before);
  });

  it('needs import.run and archive.manage', async () => {
    expect((await upload(await t.client().login('clerk-a'), [row('1-1-101', '租户', '己', PHONES[5], '')])).status).toBe(403);
    expect((await upload(await t.client().login('finance-a'), [row('1-1-101', '租户', '己', PHONES[5], '')])).status).toBe(403);
  });

  it('no plaintext in responses or logs', () => {
    expect(leaks(transcript.responses)).toEqual([]);
    expect(leaks(transcript.logs)).toEqual([]);
  });
});

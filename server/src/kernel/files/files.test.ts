import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../testing/index.ts';
import { loadActor, type Actor } from '../permissions/index.ts';
import { attachFileCheck, fileStorage, readableFile, saveUpload } from './index.ts';
import { requireUploadRight } from './files.service.ts';

const UPLOAD_LIMIT = 64 * 1024;
let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pms-files-'));
  t = await createTestApp({ dataDir, uploadMaxBytes: UPLOAD_LIMIT });
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.from('0000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082', 'hex'),
]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const blobPath = (s: string) => path.join(dataDir, 'files', s.slice(0, 2), s.slice(2, 4), s);
const fileRows = async () => (await t.deps.database.query<{ n: number }>('SELECT count(*)::int AS n FROM files'))[0].n;
const blobCount = () => (fs.existsSync(path.join(dataDir, 'files')) ? fs.readdirSync(path.join(dataDir, 'files'), { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f))).length : 0);

function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const boundary = `----pms${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function upload(c: TestClient, communityId: string, file: { name: string; type: string; data: Buffer }) {
  const m = multipart({ communityId }, file);
  return c.request('POST', '/api/v1/files', m.body, m.headers);
}

describe('upload and download', () => {
  it('stores a PNG by content, answers 201 with its url, and serves it back with its type', async () => {
    const clerk = await t.client().login('clerk-a');
    const res = await upload(clerk, seed.a.id, { name: '漏水照片.png', type: 'application/octet-stream', data: PNG });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'image/png', size: PNG.length, sha256: sha(PNG), url: `/api/v1/files/${res.body.id}` });
    expect(fs.readFileSync(blobPath(sha(PNG)))).toEqual(PNG);

    const got = await t.app.inject({ method: 'GET', url: res.body.url, headers: { cookie: (clerk as unknown as { cookie: string }).cookie } });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.rawPayload).toEqual(PNG);
    expect((await t.deps.database.query(`SELECT 1 FROM audit_log WHERE action = 'file.upload' AND subject_id = $1`, [res.body.id])).length).toBe(1);
  });

  it('the same content uploaded twice is two records but one stored blob', async () => {
    const clerk = await t.client().login('clerk-a');
    const before = blobCount();
    const one = await upload(clerk, seed.a.id, { name: 'a.png', type: 'image/png', data: PNG });
    const two = await upload(clerk, seed.a.id, { name: 'b.png', type: 'image/png', data: PNG });
    expect(one.body.id).not.toBe(two.body.id);
    expect(one.body.sha256).toBe(two.body.sha256);
    expect(blobCount()).toBe(before);
  });

  it('accepts an .xlsx recognised from its bytes', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('房屋').addRow(['楼栋', '房号']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(await t.client().login('clerk-a'), seed.a.id, { name: 'rooms.xlsx', type: 'text/plain', data });
    expect(res.status).toBe(201);
    expect(res.body.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});

describe('refused uploads write nothing', () => {
  it('a text file dressed up as .png with image/png is 415 FILE_TYPE_REJECTED; no row, no blob', async () => {
    const clerk = await t.client().login('clerk-a');
    const [rows, blobs] = [await fileRows(), blobCount()];
    const data = Buffer.from('<script>alert(1)</script> not an image');
    const res = await upload(clerk, seed.a.id, { name: 'photo.png', type: 'image/png', data });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('FILE_TYPE_REJECTED');
    expect(await fileRows()).toBe(rows);
    expect(blobCount()).toBe(blobs);
    expect(fs.existsSync(blobPath(sha(data)))).toBe(false);
  });

  it('a file over the size limit is 413 FILE_TOO_LARGE with the limit in the message; no row, no blob', async () => {
    const clerk = await t.client().login('clerk-a');
    const [rows, blobs] = [await fileRows(), blobCount()];
    const data = Buffer.concat([PNG, Buffer.alloc(UPLOAD_LIMIT + 1)]);
    const res = await upload(clerk, seed.a.id, { name: 'big.png', type: 'image/png', data });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('FILE_TOO_LARGE');
    expect(res.body.error.message).toContain('64 KB');
    expect(await fileRows()).toBe(rows);
    expect(blobCount()).toBe(blobs);
  });

  it('missing communityId or file is 400; a foreign community is 404; no login is 401', async () => {
    const clerkB = await t.client().login('clerk-b');
    const rows = await fileRows();
    const noCommunity = multipart({}, { name: 'a.png', type: 'image/png', data: PNG });
    expect((await clerkB.request('POST', '/api/v1/files', noCommunity.body, noCommunity.headers)).status).toBe(400);
    const noFile = multipart({ communityId: seed.b.id });
    expect((await clerkB.request('POST', '/api/v1/files', noFile.body, noFile.headers)).status).toBe(400);
    expect((await upload(clerkB, seed.a.id, { name: 'a.png', type: 'image/png', data: PNG })).status).toBe(404);
    expect((await upload(t.client(), seed.a.id, { name: 'a.png', type: 'image/png', data: PNG })).status).toBe(401);
    expect(await fileRows()).toBe(rows);
  });
});

describe('tenant isolation', () => {
  it('a clerk of community B gets 404 for a file of community A; its own files it can read', async () => {
    const clerkA = await t.client().login('clerk-a');
    const fileA = (await upload(clerkA, seed.a.id, { name: 'a.png', type: 'image/png', data: PNG })).body;
    const clerkB = await t.client().login('clerk-b');
    const denied = await clerkB.get(fileA.url);
    expect(denied.status).toBe(404);
    expect(denied.body.error.code).toBe('NOT_FOUND');
    expect((await clerkB.get('/api/v1/files/0192c4d2-0000-7000-8000-000000000000')).status).toBe(404);
    const fileB = (await upload(clerkB, seed.b.id, { name: 'b.png', type: 'image/png', data: PNG })).body;
    expect((await clerkB.get(fileB.url)).status).toBe(200);
    expect((await (await t.client().login('admin')).get(fileA.url)).status).toBe(200); // company-wide
    expect((await t.client().get(fileA.url)).status).toBe(401);
  });

  it('attachFileCheck accepts a file of the same community and refuses a foreign or unknown one', async () => {
    const clerkA = await t.client().login('clerk-a');
    const fileA = (await upload(clerkA, seed.a.id, { name: 'a.png', type: 'image/png', data: PNG })).body;
    const db = t.deps.database.db;
    const actorA = (await loadActor(db, seed.staff.clerkA.id, t.clock.now()))!;
    const actorB = (await loadActor(db, seed.staff.clerkB.id, t.clock.now()))!;
    expect((await attachFileCheck(db, actorA, fileA.id, seed.a.id))[0].id).toBe(fileA.id);
    await expect(attachFileCheck(db, actorB, fileA.id, seed.b.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(attachFileCheck(db, actorA, [fileA.id, '0192c4d2-0000-7000-8000-000000000000'], seed.a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('owners', () => {
  const ownerActor = (userId: string, communityId: string): Actor => ({
    userId,
    kind: 'owner',
    companyId: seed.company.id,
    name: '业主',
    companyPermissions: new Set(),
    communityPermissions: new Map(),
    rooms: [{ roomId: '0192c4d2-0000-7000-8000-0000000000aa', communityId, relation: 'owner' }],
    ownerPermissions: new Set(['owner.self']),
    roleCodes: ['owner'],
    personId: null,
  });

  it('may upload where they hold a room and read only what they uploaded', async () => {
    const db = t.deps.database.db;
    const owner = ownerActor('0192c4d2-0000-7000-8000-000000000001', seed.a.id);
    const neighbour = ownerActor('0192c4d2-0000-7000-8000-000000000002', seed.a.id);
    await requireUploadRight(db, owner, seed.a.id);
    await expect(requireUploadRight(db, owner, seed.b.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const row = await saveUpload(db, fileStorage(t.deps), owner, { communityId: seed.a.id, data: PNG, originalName: 'x.png', maxBytes: UPLOAD_LIMIT, now: t.clock.now() });
    expect((await readableFile(db, owner, row.id)).id).toBe(row.id);
    await expect(readableFile(db, neighbour, row.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(attachFileCheck(db, neighbour, row.id, seed.a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // a staff member's photo of the same community is not the owner's to read or attach
    const clerkA = (await loadActor(db, seed.staff.clerkA.id, t.clock.now()))!;
    const staffFile = await saveUpload(db, fileStorage(t.deps), clerkA, { communityId: seed.a.id, data: PNG, originalName: 'y.png', maxBytes: UPLOAD_LIMIT, now: t.clock.now() });
    await expect(readableFile(db, owner, staffFile.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../kernel/testing/index.ts';
import { files } from '../../kernel/files/index.ts';
import { seedArchive } from './archive.fixtures.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;

beforeAll(async () => {
  t = await createTestApp();
  s = await seedArchive(t);
});
afterAll(() => t.close());

async function fileRow(communityId: string, mime: string, companyId = s.company.id) {
  const [f] = await t.deps.database.db
    .insert(files)
    .values({ companyId, communityId, sha256: 'a'.repeat(64), mime, size: 10, originalName: 'x', uploadedBy: s.staff.managerA.id, createdAt: t.clock.now() })
    .returning();
  return f.id;
}

async function externalRequest() {
  const c = await t.client().login('clerk-a');
  const res = await c.post('/api/v1/borrowing-requests', {
    communityId: s.a.id, purpose: '法院调查取证', scope: 'community', validFrom: '2026-11-24T00:00:00Z', validTo: '2026-11-26T00:00:00Z', external: true, externalParty: '某区人民法院',
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('written approval file of an external borrowing request', () => {
  it('refuses an unknown file id (404), nothing decided', async () => {
    const id = await externalRequest();
    const m = await t.client().login('manager-a');
    const res = await m.post(`/api/v1/borrowing-requests/${id}/approve`, { approvalFileId: '0190a000-0000-7000-8000-000000000000' });
    expect(res.status).toBe(404);
    const list = await m.get(`/api/v1/borrowing-requests?communityId=${s.a.id}`);
    expect(list.body.items.find((r: { id: string }) => r.id === id).status).toBe('pending');
  });

  it("refuses another community's file as if it did not exist", async () => {
    const id = await externalRequest();
    const foreign = await fileRow(s.b.id, 'application/pdf');
    const res = await (await t.client().login('manager-a')).post(`/api/v1/borrowing-requests/${id}/approve`, { approvalFileId: foreign });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('refuses a spreadsheet as written approval with a clear message', async () => {
    const id = await externalRequest();
    const xlsx = await fileRow(s.a.id, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const m = await t.client().login('manager-a');
    const res = await m.post(`/api/v1/borrowing-requests/${id}/approve`, { approvalFileId: xlsx });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BORROWING_APPROVAL_FILE_TYPE');
    expect(res.body.error.message).toContain('PDF');
    const list = await m.get(`/api/v1/borrowing-requests?communityId=${s.a.id}`);
    expect(list.body.items.find((r: { id: string }) => r.id === id).status).toBe('pending');
  });

  it('accepts a PDF or image scan of the same community and records it', async () => {
    for (const mime of ['application/pdf', 'image/jpeg']) {
      const id = await externalRequest();
      const fid = await fileRow(s.a.id, mime);
      const res = await (await t.client().login('manager-a')).post(`/api/v1/borrowing-requests/${id}/approve`, { approvalFileId: fid });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'approved', approvalFileId: fid });
    }
  });
});

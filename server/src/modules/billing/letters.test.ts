import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeBuilding, makeOwner, makeRoom } from './billing.fixtures.ts';
import { seedDemoFees } from './index.ts';
import { pdfPages } from './pdf-text.testing.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let fin: TestClient;
let x: string;
let runId: string;
let letter: any;

const getPdf = (c: TestClient, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: (c as any).cookie } });

beforeAll(async () => {
  t = await createTestApp(); // clock: 2026-11-24 09:00 Asia/Shanghai
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const db = t.deps.database.db;
  const b = await makeBuilding(db, seed.a.id, '9');
  x = (await makeRoom(db, seed.a.id, b.id, { code: '9-2-301', areaM2: '100.00' })).id;
  await makeOwner(db, t.deps.pii, seed.roleIds, seed.company.id, x, seed.a.id, '13800000093');
  await seedDemoFees(db, seed.a.id); // 250.00 a month, due on the 15th of the next month
  fin = await t.client().login('finance-a');
  for (const period of ['2026-07', '2026-08', '2026-09']) await fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period });
  // 100.00 paid towards July: a partial line on the letter
  await fin.post('/api/v1/payments', { roomId: x, billIds: [], amountFen: 10000, method: 'cash' }, { 'idempotency-key': 'l-1' });
  await fin.put('/api/v1/billing/notice-settings', { communityId: seed.a.id, frontDesk: '9号楼物业服务中心', contactPhone: '0755-88880000' });
  expect((await fin.post('/api/v1/dunning/runs', { communityId: seed.a.id, stage: 'reminder', minDaysOverdue: 30, dryRun: false })).body.rooms).toBe(1);
  const demand = await fin.post('/api/v1/dunning/runs', { communityId: seed.a.id, stage: 'demand_letter', minDaysOverdue: 60, dryRun: false, payWithinDays: 10 });
  expect(demand.status, JSON.stringify(demand.body)).toBe(201);
  runId = demand.body.run.id;
  letter = (await fin.get(`/api/v1/rooms/${x}/dunning`)).body.letters.find((l: any) => l.stage === 'demand_letter');
});
afterAll(() => t.close());

describe('written demand letters (R-FEE-6)', () => {
  it('each letter of a demand-letter run is a stored PDF: arrears by period and item, total, clause, deadline, seal', async () => {
    expect(letter.fileId).toBeTruthy();
    expect(letter.payBy).toBe('2026-12-04');
    const res = await getPdf(fin, `/api/v1/dunning/letters/${letter.id}/letter.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    const text = pdfPages(res.rawPayload).join('\n');
    expect(text).toContain('物业服务费催缴函');
    expect(text).toContain('9-2-301');
    // stored copy: name masked
    expect(text).toContain('业***');
    expect(text).not.toContain('业主0093');
    expect(text).not.toContain('13800000093');
    for (const p of ['2026-07', '2026-08', '2026-09']) expect(text).toContain(p);
    expect(text).toContain('150.00'); // July: 250.00 − 100.00
    expect(text).toContain('合计欠缴：￥650.00');
    expect(text).toContain('陆佰伍拾元整');
    expect(text).toContain('《物业服务合同》');
    expect(text).toContain('第九百四十四条');
    expect(text).toContain('不得采取停止供电、供水');
    expect(text).toContain('请您于 2026-12-04 前交清');
    expect(text).toContain('公司盖章处');
    // the same bytes as the file kept in storage
    const [f] = await rows<{ mime: string; size: number }>(t.deps.database.db, sql`SELECT mime, size FROM files WHERE id = ${letter.fileId}::uuid`);
    expect([f.mime, Number(f.size)]).toEqual(['application/pdf', res.rawPayload.length]);
  });

  it('prints the delivery copy with full names only with a reason, and logs the print', async () => {
    const noReason = await getPdf(fin, `/api/v1/dunning/letters/${letter.id}/letter.pdf?print=true`);
    expect([noReason.statusCode, noReason.json().error.code]).toEqual([400, 'REASON_REQUIRED']);
    const res = await getPdf(fin, `/api/v1/dunning/letters/${letter.id}/letter.pdf?print=true&reason=${encodeURIComponent('上门送达')}`);
    expect(res.statusCode).toBe(200);
    expect(pdfPages(res.rawPayload).join('\n')).toContain('业主0093');
    const log = await rows<{ action: string; room_id: string; reason: string; person_id: string | null; detail: any }>(t.deps.database.db, sql`SELECT action, room_id, reason, person_id, detail FROM archive_access_log WHERE action = 'print'`);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ room_id: x, reason: '上门送达', detail: { what: 'dunning_letter', letterId: letter.id } });
    expect(log[0].person_id).toBeTruthy();
    // others: clerk lacks dunning.manage, another community sees nothing
    const clerk = await t.client().login('clerk-a');
    expect([403, 404]).toContain((await getPdf(clerk, `/api/v1/dunning/letters/${letter.id}/letter.pdf`)).statusCode);
    const finB = await t.client().login('finance-b');
    expect((await getPdf(finB, `/api/v1/dunning/letters/${letter.id}/letter.pdf`)).statusCode).toBe(404);
  });

  it('a delivery attempt keeps the letter file as evidence; rollback withdraws the letter and keeps the file', async () => {
    const c = await fin.post(`/api/v1/rooms/${x}/dunning-contacts`, { channel: 'letter', outcome: 'delivered', note: '已送达，业主签收', letterId: letter.id });
    expect(c.status).toBe(201);
    expect(c.body.evidenceFileId).toBe(letter.fileId);
    const back = await fin.post(`/api/v1/dunning/runs/${runId}/rollback`, { reason: '业主已缴清部分，重新核对' });
    expect(back.body).toMatchObject({ status: 'rolled_back', withdrawn: 1 });
    const hist = (await fin.get(`/api/v1/rooms/${x}/dunning`)).body;
    const after = hist.letters.find((l: any) => l.id === letter.id);
    expect([after.status, after.fileId]).toEqual(['withdrawn', letter.fileId]);
    expect(hist.contacts[0].evidenceFileId).toBe(letter.fileId);
    expect((await getPdf(fin, `/api/v1/dunning/letters/${letter.id}/letter.pdf`)).statusCode).toBe(200);
    const print = await getPdf(fin, `/api/v1/dunning/letters/${letter.id}/letter.pdf?print=true&reason=${encodeURIComponent('再次打印')}`);
    expect(print.statusCode).toBe(409);
  });

  it('a letter whose file was not made yet (large run, restart) is rendered from what it said when sent', async () => {
    const db = t.deps.database.db;
    await db.execute(sql`UPDATE dunning_letters SET file_id = NULL WHERE id = ${letter.id}::uuid`);
    const { renderPendingLetters } = await import('./letters.service.ts');
    const { fileStorage } = await import('../../kernel/files/index.ts');
    expect(await renderPendingLetters(db, fileStorage(t.deps), t.clock.now())).toBe(1);
    const after = (await fin.get(`/api/v1/rooms/${x}/dunning`)).body.letters.find((l: any) => l.id === letter.id);
    expect(after.fileId).toBeTruthy();
    expect(after.fileId).not.toBe(letter.fileId);
    const text = pdfPages((await getPdf(fin, `/api/v1/dunning/letters/${letter.id}/letter.pdf`)).rawPayload).join('\n');
    expect(text).toContain('合计欠缴：￥650.00');
    expect(text).toContain('请您于 2026-12-04 前交清');
    expect(await renderPendingLetters(db, fileStorage(t.deps), t.clock.now())).toBe(0);
  });

  it('reminders create no letter file; a contact cannot cite another room’s letter', async () => {
    const reminder = (await fin.get(`/api/v1/rooms/${x}/dunning`)).body.letters.find((l: any) => l.stage === 'reminder');
    expect(reminder.fileId).toBeNull();
    const db = t.deps.database.db;
    const b = await makeBuilding(db, seed.a.id, '10');
    const other = await makeRoom(db, seed.a.id, b.id, { code: '10-1-101', areaM2: '50.00' });
    const r = await fin.post(`/api/v1/rooms/${other.id}/dunning-contacts`, { channel: 'letter', outcome: 'delivered', letterId: letter.id });
    expect(r.status).toBe(404);
  });
});

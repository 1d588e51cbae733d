import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';
import { makeBuilding, makeBuyer, makeOwner, makeRoom } from './billing.fixtures.ts';

/**
 * R-FEE-1/2 discounts and the 过户 split, end to end over HTTP: rules are data that need a second
 * person's approval; the run shows gross, discount, net and the rule on each line; approved
 * vacancy days are discounted; a transfer mid-period splits the line between the two owners.
 * Property fee 2.50 yuan/m², 100 m², December (31 days) → 25,000 fen gross a month.
 */
let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let fin: TestClient;
let mgr: TestClient;
let clerk: TestClient;
let wyf: string;
const room: Record<string, string> = {};
let personA = '';
let key = 0;

async function ok(p: Promise<{ status: number; body: any }>, status = 201) {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}
const rule = async (body: object) => {
  const r = await ok(fin.post('/api/v1/billing/discount-rules', { communityId: seed.a.id, validFrom: '2026-01-01', reason: '经理办公会决定', ...body }));
  await ok(mgr.post(`/api/v1/billing/discount-rules/${r.id}/decision`, { action: 'approve' }), 200);
  return r.id as string;
};
const count = async (table: string) => (await rows<{ n: number }>(t.deps.database.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  const db = t.deps.database.db;
  const a = seed.a.id;
  const b = await makeBuilding(db, a);
  for (const code of ['FIX', 'FREE', 'NEW', 'VAC', 'PRE', 'TRF', 'PLAIN']) room[code] = (await makeRoom(db, a, b.id, { code, areaM2: '100.00' })).id;
  await makeOwner(db, t.deps.pii, seed.roleIds, seed.company.id, room.NEW, a, '13800000101', '2026-11-15');
  personA = (await makeOwner(db, t.deps.pii, seed.roleIds, seed.company.id, room.TRF, a, '13800000102', '2020-01-01')).person.id;
  fin = await t.client().login('finance-a');
  mgr = await t.client().login('manager-a');
  clerk = await t.client().login('clerk-a');
  wyf = (await ok(fin.post('/api/v1/billing/fee-items', { communityId: a, code: 'WYF', name: '物业服务费', kind: 'property', formula: 'gross_area' }))).id;
  await ok(fin.post(`/api/v1/billing/fee-items/${wyf}/rates`, { effectiveFrom: '2026-01-01', priceFenX100: 25000 }));
  await ok(fin.post(`/api/v1/billing/fee-items/${wyf}/assignments`, { effectiveFrom: '2026-01-01', scope: 'community' }));
  await ok(fin.post(`/api/v1/billing/fee-items/${wyf}/vacancy-discountable`, { discountable: true }), 200);
});
afterAll(() => t.close());

describe('discount rules', () => {
  it('need a second person to approve them and refuse malformed rules', async () => {
    const own = await ok(mgr.post('/api/v1/billing/discount-rules', { communityId: seed.a.id, kind: 'fixed', name: '自批', amountFen: 100, validFrom: '2026-01-01', reason: 'x' }));
    const self = await mgr.post(`/api/v1/billing/discount-rules/${own.id}/decision`, { action: 'approve' });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('APPROVER_MUST_DIFFER');
    // Finance may write rules but not approve them.
    expect((await fin.post(`/api/v1/billing/discount-rules/${own.id}/decision`, { action: 'approve' })).status).toBe(403);
    await ok(fin.post(`/api/v1/billing/discount-rules/${own.id}/decision`, { action: 'reject' }), 403);
    await ok(mgr.post(`/api/v1/billing/discount-rules/${own.id}/decision`, { action: 'withdraw' }), 200);
    const again = await fin.post(`/api/v1/billing/discount-rules/${own.id}/decision`, { action: 'withdraw' });
    expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');

    const before = await count('discount_rules');
    const bad = await fin.post('/api/v1/billing/discount-rules', { communityId: seed.a.id, kind: 'prepay', name: '缺月数', ratePct: '95', feeItemId: wyf, validFrom: '2026-01-01', reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('DISCOUNT_RULE_INVALID');
    expect(bad.body.error.message).toMatch(/预存月数/);
    expect((await fin.post('/api/v1/billing/discount-rules', { communityId: seed.b.id, kind: 'fixed', name: '外区', amountFen: 1, validFrom: '2026-01-01', reason: 'x' })).status).toBe(404);
    expect(await count('discount_rules')).toBe(before);
  });

  it('vacancy applications: filed by a clerk, refused when overlapping, too old or self-approved', async () => {
    await rule({ kind: 'vacancy', name: '空置房按70%收取', ratePct: '70', backdateDays: 30 });
    const app = await ok(clerk.post('/api/v1/billing/vacancies', { roomId: room.VAC, fromDate: '2026-12-01', toDate: '2026-12-20', reason: '业主出国，房屋空置' }));
    const before = await count('vacancy_applications');
    const overlap = await clerk.post('/api/v1/billing/vacancies', { roomId: room.VAC, fromDate: '2026-12-15', toDate: '2026-12-25', reason: '重复' });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.code).toBe('VACANCY_OVERLAP');
    const old = await clerk.post('/api/v1/billing/vacancies', { roomId: room.PLAIN, fromDate: '2026-09-01', toDate: '2026-09-30', reason: '补报' });
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('VACANCY_TOO_OLD');
    expect(await count('vacancy_applications')).toBe(before);
    // The clerk cannot approve; a manager cannot approve an application they filed themselves.
    expect((await clerk.post(`/api/v1/billing/vacancies/${app.id}/decision`, { action: 'approve' })).status).toBe(403);
    const mine = await ok(mgr.post('/api/v1/billing/vacancies', { roomId: room.PLAIN, fromDate: '2026-12-01', toDate: '2026-12-05', reason: '自批' }));
    expect((await mgr.post(`/api/v1/billing/vacancies/${mine.id}/decision`, { action: 'approve' })).body.error.code).toBe('APPROVER_MUST_DIFFER');
    await ok(mgr.post(`/api/v1/billing/vacancies/${mine.id}/decision`, { action: 'reject' }), 409);
    await ok(fin.post(`/api/v1/billing/vacancies/${mine.id}/decision`, { action: 'reject' }), 403);
    const approved = await ok(mgr.post(`/api/v1/billing/vacancies/${app.id}/decision`, { action: 'approve', note: '已核实' }), 200);
    expect(approved.status).toBe('approved');
    // An owner files for their own room (and only that one) and may withdraw it while pending.
    const owner = await t.client().login('13800000101');
    expect((await owner.post('/api/v1/billing/vacancies', { roomId: room.VAC, fromDate: '2026-12-21', toDate: '2026-12-31', reason: '不是我的房' })).status).toBe(404);
    const own = await ok(owner.post('/api/v1/billing/vacancies', { roomId: room.NEW, fromDate: '2026-12-01', toDate: '2026-12-05', reason: '出差' }));
    expect((await owner.post(`/api/v1/billing/vacancies/${own.id}/decision`, { action: 'approve' })).status).toBe(404);
    expect((await ok(owner.post(`/api/v1/billing/vacancies/${own.id}/decision`, { action: 'withdraw' }), 200)).status).toBe('withdrawn');
    expect((await ok(owner.get(`/api/v1/billing/vacancies?roomId=${room.NEW}`), 200)).items.map((i: any) => i.status)).toEqual(['withdrawn']);
    const list = await ok(fin.get(`/api/v1/billing/vacancies?communityId=${seed.a.id}`), 200);
    expect(list.items.map((i: any) => [i.roomCode, i.status])).toContainEqual(['VAC', 'approved']);
  });

  it('the run bills gross, discount and net with the rule cited, and splits a transferred room between its owners', async () => {
    const db = t.deps.database.db;
    const fixed = await rule({ kind: 'fixed', name: '困难户减免', scope: 'room', roomId: room.FIX, amountFen: 1000 });
    const free = await rule({ kind: 'free', name: '电梯停运免收', scope: 'room', roomId: room.FREE, validFrom: '2026-12-01', validTo: '2026-12-10' });
    const fresh = await rule({ kind: 'free', name: '新业主前三个月免费', months: 3, validFrom: '2026-11-12', validTo: '2026-11-30' });
    const pre = await rule({ kind: 'prepay', name: '预存12个月95折', feeItemId: wyf, months: 12, ratePct: '95' });
    await rule({ kind: 'prepay', name: '预存6个月98折', feeItemId: wyf, months: 6, ratePct: '98' });
    // 预存: the room holds 12 months of the gross before the run.
    await ok(fin.post('/api/v1/payments', { roomId: room.PRE, billIds: [], amountFen: 300000, method: 'cash' }, { 'idempotency-key': `d-${++key}` }));

    const run = await ok(fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2026-12' }), 200);
    const got = await rows<{ code: string; segment: number; gross_fen: number; discount_fen: number; amount_fen: number; paid_fen: number; days_billed: number; payer_person_id: string | null; discounts: any[] }>(
      db,
      sql`SELECT r.code, b.segment, b.gross_fen, b.discount_fen, b.amount_fen, b.paid_fen, b.days_billed, b.payer_person_id, b.discounts
          FROM bills b JOIN rooms r ON r.id = b.room_id WHERE b.community_id = ${seed.a.id}::uuid AND b.period = '2026-12' ORDER BY r.code, b.segment`,
    );
    const line = (code: string, segment = 0) => got.find((g) => g.code === code && g.segment === segment)!;
    const money = (code: string, segment = 0) => {
      const l = line(code, segment);
      return [Number(l.gross_fen), Number(l.discount_fen), Number(l.amount_fen)];
    };
    expect(money('PLAIN')).toEqual([25000, 0, 25000]);
    expect(money('FIX')).toEqual([25000, 1000, 24000]);
    expect(money('FREE')).toEqual([25000, 8065, 16935]); // 10/31 of 25,000 = 8,064.52
    expect(money('NEW')).toEqual([25000, 25000, 0]); // moved in 15 Nov: all of December is within 3 months
    expect(money('VAC')).toEqual([25000, 4839, 20161]); // 30 % of 20/31 of 25,000 = 4,838.71
    expect(money('PRE')).toEqual([25000, 1250, 23750]); // the 12-month rule beats the 6-month one
    expect(Number(line('PRE').paid_fen)).toBe(23750);
    expect(line('FIX').discounts).toEqual([{ ruleId: fixed, kind: 'fixed', name: '困难户减免', fen: 1000, days: 31 }]);
    expect(line('FREE').discounts[0]).toMatchObject({ ruleId: free, kind: 'free', fen: 8065, days: 10 });
    expect(line('NEW').discounts[0]).toMatchObject({ ruleId: fresh, kind: 'free', fen: 25000 });
    expect(line('PRE').discounts[0]).toMatchObject({ ruleId: pre, kind: 'prepay', fen: 1250 });
    expect(run.discountedThisAttempt).toBe(5);
    expect(run.discountFenThisAttempt).toBe(1000 + 8065 + 25000 + 4839 + 1250);

    // Re-run: nothing new; a transfer recorded after billing does not add a second line over the first.
    await db.execute(sql`UPDATE room_occupancies SET ended_on = '2026-12-21' WHERE room_id = ${room.NEW}::uuid`);
    await makeOwner(db, t.deps.pii, seed.roleIds, seed.company.id, room.NEW, seed.a.id, '13800000104', '2026-12-21');
    const again = await ok(fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2026-12' }), 200);
    expect(again.createdThisAttempt).toBe(0);
    expect(again.lines).toBe(got.length);
  });

  it('a transfer mid-period splits the line; each owner sees and pays only their own part', async () => {
    const db = t.deps.database.db;
    // 过户 on 11 November (30 days), through the people module's transfer: A pays 1–10 November, B from the 11th.
    const b = await makeBuyer(db, t.deps.pii, seed.roleIds, seed.company.id, '13800000103');
    await ok(clerk.post(`/api/v1/rooms/${room.TRF}/transfer`, { transferOn: '2026-11-11', newOwners: [{ personId: b.person.id, relation: 'owner' }] }), 200);
    await ok(fin.post('/api/v1/billing/runs', { communityId: seed.a.id, period: '2026-11' }), 200);
    const split = await rows<{ segment: number; amount_fen: number; days_billed: number; payer_person_id: string; period_start: string; period_end: string }>(
      db,
      sql`SELECT segment, amount_fen, days_billed, payer_person_id, period_start::text, period_end::text FROM bills WHERE room_id = ${room.TRF}::uuid AND period = '2026-11' ORDER BY segment`,
    );
    expect(split.map((l) => [l.segment, Number(l.amount_fen), l.days_billed, l.period_start, l.period_end, l.payer_person_id])).toEqual([
      [0, 8333, 10, '2026-11-01', '2026-11-10', personA], // 10/30 of 25,000
      [1, 16667, 20, '2026-11-11', '2026-11-30', b.person.id],
    ]);

    const ownerB = await t.client().login('13800000103');
    const seen = await ok(ownerB.get(`/api/v1/rooms/${room.TRF}/bills`), 200);
    // B sees only their part of November. December was billed to A before the transfer was recorded
    // (not split afterwards): it stays A's line, for staff to settle.
    expect(seen.items.map((i: any) => [i.period, i.segment, i.grossFen, i.discountFen, i.amountFen, i.daysBilled])).toEqual([['2026-11', 1, 16667, 0, 16667, 20]]);
    const staff = await ok(fin.get(`/api/v1/rooms/${room.TRF}/bills`), 200);
    expect(staff.items).toHaveLength(3);
    const oldLine = staff.items.find((i: any) => i.period === '2026-11' && i.segment === 0);
    // B cannot choose A's line, and "pay everything" covers only B's line.
    const foreign = await ownerB.post('/api/v1/payments', { roomId: room.TRF, billIds: [oldLine.id], amountFen: 8065, method: 'wechat' }, { 'idempotency-key': `d-${++key}` });
    expect(foreign.status).toBe(404);
    const all = await ok(ownerB.post('/api/v1/payments', { roomId: room.TRF, billIds: [], amountFen: 16667, method: 'wechat' }, { 'idempotency-key': `d-${++key}` }));
    expect([...all.payment.billIds].sort()).toEqual(seen.items.map((i: any) => i.id).sort());
    // A no longer holds the room.
    const ownerA = await t.client().login('13800000102');
    expect((await ownerA.get(`/api/v1/rooms/${room.TRF}/bills`)).status).toBe(404);
  });
});

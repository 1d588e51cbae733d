import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeCommunity, seedStandardCompany, type TestApp } from '../../kernel/testing/index.ts';
import { uuid7 } from '../../kernel/db/index.ts';
import { createWorkOrderBatched } from './create-batcher.ts';
import type { NewWorkOrder } from './create.ts';

// Concurrent creations are coalesced into batches (group commit): on PostgreSQL one round trip
// with its COMMIT, on PGlite one transaction. Both must give the same rows and answers.
describe('concurrent work-order creation', () => {
  let t: TestApp;
  let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
  beforeAll(async () => {
    t = await createTestApp();
    seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  });
  afterAll(() => t.close());

  it('200 concurrent creations in one community get form numbers 1..200 once each, with every clock, history, audit and outbox row', async () => {
    const clerk = await t.client().login('clerk-a');
    const urgencies = ['general', 'emergency', 'enquiry'];
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        clerk.post('/api/v1/work-orders', { communityId: seed.a.id, type: i % 2 ? 'water_electric' : 'civil', urgency: urgencies[i % 3], scope: 'common', location: `${i} 号楼`, description: `并发报修 ${i}` }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 201));
    const numbers = replies.map((r) => r.body.formNumber as string).sort();
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => `A-${String(i + 1).padStart(6, '0')}`));
    // each answer is its own order: its description, a response clock, its creation in history
    for (const [i, r] of replies.entries()) {
      expect(r.body.description).toBe(`并发报修 ${i}`);
      expect(r.body.status).toBe('new');
      expect(r.body.deadlines).toHaveLength(1);
      expect(r.body.deadlines[0].kind).toBe('response');
      expect(r.body.history).toEqual([expect.objectContaining({ action: 'create', to: 'new', actorId: seed.staff.clerkA.id, actorName: 'clerk-a', data: { formNo: Number(r.body.formNumber.slice(2)) } })]);
    }
    const ids = replies.map((r) => r.body.id as string);
    const q = t.deps.database.query.bind(t.deps.database);
    const [counter] = await q<{ last_no: number }>('SELECT last_no FROM work_order_form_counters WHERE community_id = $1', [seed.a.id]);
    expect(counter.last_no).toBe(200);
    const clocks = await q<{ subject_id: string; due_at: Date; started_at: Date; duration_minutes: number | null; duration_working_days: number | null }>(
      `SELECT subject_id, due_at, started_at, duration_minutes, duration_working_days FROM deadlines WHERE subject_type = 'work_order' AND kind = 'response' AND subject_id = ANY($1::text[])`,
      [ids],
    );
    expect(new Set(clocks.map((c) => c.subject_id))).toEqual(new Set(ids));
    // every clock's due time is the one its answer showed
    const dueById = new Map(clocks.map((c) => [c.subject_id, new Date(c.due_at).toISOString()]));
    for (const r of replies) expect(r.body.deadlines[0].dueAt).toBe(dueById.get(r.body.id));
    const history = await q<{ work_order_id: string; form_no: number }>(`SELECT work_order_id, (data->>'formNo')::int AS form_no FROM work_order_history WHERE action = 'create' AND work_order_id = ANY($1::uuid[])`, [ids]);
    const audit = await q<{ subject_id: string; data: Record<string, unknown> }>(`SELECT subject_id, data FROM audit_log WHERE action = 'workorder.create' AND subject_id = ANY($1::text[])`, [ids]);
    const outbox = await q<{ subject_id: string; form_no: number; community_id: string }>(
      `SELECT subject_id, (payload->>'formNo')::int AS form_no, community_id FROM outbox_events WHERE type = 'workorder.changed' AND payload->>'action' = 'create' AND subject_id = ANY($1::text[])`,
      [ids],
    );
    const formNo = new Map(replies.map((r) => [r.body.id as string, Number(r.body.formNumber.slice(2))]));
    expect(history).toHaveLength(200);
    for (const h of history) expect(h.form_no).toBe(formNo.get(h.work_order_id));
    expect(audit).toHaveLength(200);
    for (const [i, r] of replies.entries()) expect(audit.find((a) => a.subject_id === r.body.id)!.data).toEqual({ type: i % 2 ? 'water_electric' : 'civil', urgency: urgencies[i % 3], requestId: null });
    expect(outbox).toHaveLength(200);
    for (const o of outbox) {
      expect(o.form_no).toBe(formNo.get(o.subject_id));
      expect(o.community_id).toBe(seed.a.id);
    }
  });

  // PGlite answers without yielding to I/O: a batch started at once would hold only its first
  // order. Rows one transaction wrote share its id (xmin) on both databases.
  it('creations asked in one event-loop turn are written in ONE transaction, numbered in arrival order', async () => {
    const community = await makeCommunity(t.deps.database.db, seed.company.id, { code: 'T', name: '同批小区' });
    const made = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        createWorkOrderBatched(t.deps, { companyId: seed.company.id, communityId: community.id, type: 'civil', urgency: 'general', scope: 'common', description: `同批 ${i}`, createdBy: seed.staff.clerkB.id }),
      ),
    );
    expect(made.map((c) => c.order.formNo)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const [tx] = await t.deps.database.query<{ n: number }>(`SELECT count(DISTINCT xmin::text)::int AS n FROM work_orders WHERE community_id = $1`, [community.id]);
    expect(tx.n).toBe(1);
  });

  // the bad row fails in the clock insert (own clock) or in the batch statement (order from a request: no clock)
  it.each([['clock insert', false], ['batch statement', true]] as const)('a batch with one bad row (failing in the %s) still creates the others, numbered without gaps', async (_, fromRequest) => {
    const community = await makeCommunity(t.deps.database.db, seed.company.id, { code: fromRequest ? 'R' : 'C', name: '批次小区' });
    const base = (i: number): NewWorkOrder => ({
      companyId: seed.company.id,
      communityId: community.id,
      requestId: fromRequest ? uuid7() : null,
      type: 'water_electric',
      urgency: 'general',
      scope: 'common',
      description: `批次 ${i}`,
      createdBy: seed.staff.clerkB.id,
    });
    // the ten arrive in one event-loop turn and form one batch,
    // in which the fifth names a community that does not exist (foreign key)
    const inputs = Array.from({ length: 10 }, (_, i) => (i === 5 ? { ...base(i), communityId: uuid7() } : base(i)));
    const results = await Promise.allSettled(inputs.map((input) => createWorkOrderBatched(t.deps, input)));
    expect(results.map((r) => r.status)).toEqual(inputs.map((_, i) => (i === 5 ? 'rejected' : 'fulfilled')));
    const made = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.order] : []));
    expect(made.map((o) => o.description)).toEqual(inputs.filter((_, i) => i !== 5).map((x) => x.description));
    expect(made.map((o) => o.formNo).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const r of results) if (r.status === 'fulfilled') expect(r.value.clock?.subjectId ?? null).toBe(fromRequest ? null : r.value.order.id);
    const [n] = await t.deps.database.query<{ orders: number; clocks: number }>(
      `SELECT (SELECT count(*)::int FROM work_orders WHERE community_id = $1) AS orders,
              (SELECT count(*)::int FROM deadlines WHERE community_id = $1 AND subject_type = 'work_order') AS clocks`,
      [community.id],
    );
    expect(n).toEqual({ orders: 9, clocks: fromRequest ? 0 : 9 });
  });
});

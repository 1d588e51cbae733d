import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Body, Id, IdParams } from '../../kernel/http/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import type { Deps } from '../../kernel/deps.ts';
import { communityFor } from './access.ts';
import { fileStorage } from '../../kernel/files/index.ts';
import { letterPdf } from './letters.service.ts';
import { arrearsAging } from './aging.ts';
import { dunningHistory, dunningRun, recordContact, rollbackDunningRun } from './dunning.service.ts';
import { addLateFeeTerm, assessLateFees, type TermInput } from './late-fees.service.ts';
import { addPublicIncome, listPublicIncome, publishPublicIncome } from './public-income.service.ts';
import { collectionRate, monthlyReport, monthlyReportXlsx } from './reports.ts';

const tags = ['arrears'];
const PeriodT = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const Day = Type.String({ format: 'date' });
const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));

export async function arrearsRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  const { database, clock } = opts.deps;
  const db = database.db;
  const storage = fileStorage(opts.deps);

  app.get(
    '/api/v1/arrears/aging',
    { schema: { tags, summary: '欠费账龄 / arrears aging (≤30, 31–60, 61–90, 91–180, >180 days)', querystring: Type.Object({ communityId: Id, groupBy: Type.Optional(lit(['community', 'building', 'room'])), asOf: Type.Optional(Day), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })) }) } },
    async (req) => {
      const q = req.query as { communityId: string; groupBy?: 'community' | 'building' | 'room'; asOf?: string; limit?: number };
      await communityFor(db, req.requireActor(), q.communityId, 'billing.read');
      const asOf = q.asOf ?? shanghaiDate(clock.now());
      return { asOf, items: await arrearsAging(db, q.communityId, asOf, q.groupBy ?? 'community', q.limit ?? 500), nextCursor: null };
    },
  );

  app.post(
    '/api/v1/dunning/runs',
    {
      schema: {
        tags,
        summary: '催缴（dryRun 预览，不发送）/ dunning run — preview with dryRun, then send',
        body: Body({
          communityId: Id,
          stage: Type.String({ maxLength: 40 }),
          minDaysOverdue: Type.Integer({ minimum: 0, maximum: 3650 }),
          dryRun: Type.Boolean(),
          payWithinDays: Type.Optional(Type.Integer({ minimum: 7, maximum: 90 })),
        }),
      },
    },
    async (req, reply) => {
      const r = await dunningRun(db, clock, req.requireActor(), req.body as { communityId: string; stage: string; minDaysOverdue: number; dryRun: boolean; payWithinDays?: number }, storage);
      return reply.status(r.dryRun ? 200 : 201).send(r);
    },
  );

  app.post('/api/v1/dunning/runs/:id/rollback', { schema: { tags, summary: '撤回催缴批次 / roll back (letters withdrawn, history kept)', params: IdParams, body: Body({ reason: Type.String({ minLength: 2, maxLength: 500 }) }) } }, async (req) =>
    rollbackDunningRun(db, clock, req.requireActor(), (req.params as { id: string }).id, (req.body as { reason: string }).reason),
  );

  app.post(
    '/api/v1/rooms/:id/dunning-contacts',
    {
      schema: {
        tags,
        summary: '记录催缴联系 / record a contact attempt (evidence)',
        params: IdParams,
        body: Body({
          channel: lit(['sms', 'app', 'phone', 'visit', 'letter', 'announcement']),
          outcome: lit(['reached', 'no_answer', 'promised', 'refused', 'disputed', 'delivered', 'returned']),
          note: Type.Optional(Type.String({ maxLength: 1000 })),
          letterId: Type.Optional(Id),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await recordContact(db, clock, req.requireActor(), (req.params as { id: string }).id, req.body as Parameters<typeof recordContact>[4])),
  );

  app.get(
    '/api/v1/dunning/letters/:id/letter.pdf',
    {
      schema: {
        tags,
        summary: '催缴函 PDF（默认存档件，姓名脱敏；print=1 打印件含全名，须填原因并记入查阅日志）/ demand letter PDF (print=1: full names, reason, logged)',
        params: IdParams,
        querystring: Type.Object({ print: Type.Optional(Type.Boolean()), reason: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    async (req, reply) => {
      const q = req.query as { print?: boolean; reason?: string };
      const r = await letterPdf(db, storage, clock, req.requireActor(), (req.params as { id: string }).id, q.print ? { reason: q.reason ?? '' } : null, req.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(r.name)}`).send(r.pdf);
    },
  );

  app.get('/api/v1/rooms/:id/dunning', { schema: { tags, summary: '催缴记录 / dunning letters and contacts of a room', params: IdParams } }, async (req) =>
    dunningHistory(db, req.requireActor(), (req.params as { id: string }).id),
  );

  // R-LAW-1: there is no way to fine owners or restrict water, electricity or gas for arrears.
  // Integrations that ask get a clear, logged refusal instead of a 404.
  app.post('/api/v1/arrears/sanctions', { schema: { tags, summary: '（不存在）罚款/停水停电 — always refused by law (R-LAW-1)', body: Type.Unknown() } }, async (req) => {
    const actor = req.requireActor();
    await audit(db, { actorId: actor.userId, companyId: actor.companyId, action: 'arrears.sanction.refused', subjectType: 'request', data: { body: req.body as Record<string, unknown> } });
    throw new AppError('LAW_SANCTION_FORBIDDEN');
  });

  app.post(
    '/api/v1/billing/late-fee-terms',
    {
      schema: {
        tags,
        summary: '合同违约金条款 / contract late-fee term',
        body: Body({
          communityId: Id,
          roomId: Type.Optional(Id),
          lateFeeItemId: Id,
          clause: Type.String({ minLength: 4, maxLength: 500 }),
          graceDays: Type.Integer({ minimum: 0, maximum: 365 }),
          mode: lit(['once', 'daily']),
          basis: lit(['fixed', 'percent']),
          value: Type.Integer({ minimum: 1 }),
          capFen: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await addLateFeeTerm(db, req.requireActor(), req.body as TermInput)),
  );

  app.post('/api/v1/billing/late-fees', { schema: { tags, summary: '按合同计收违约金 / assess contractual late fees', body: Body({ communityId: Id, period: PeriodT }) } }, async (req) =>
    assessLateFees(db, clock, req.requireActor(), req.body as { communityId: string; period: string }),
  );

  app.post(
    '/api/v1/public-income',
    {
      schema: {
        tags: ['public-income'],
        summary: '公共收益入账 / public income entry',
        body: Body({ communityId: Id, category: lit(['advertising', 'venue', 'parking', 'other_income', 'expense']), amountFen: Type.Integer({ minimum: 1 }), occurredOn: Day, description: Type.String({ minLength: 2, maxLength: 500 }) }),
      },
    },
    async (req, reply) => reply.status(201).send(await addPublicIncome(db, req.requireActor(), req.body as Parameters<typeof addPublicIncome>[2])),
  );

  app.post('/api/v1/public-income/publications', { schema: { tags: ['public-income'], summary: '向业主公示 / publish to owners', body: Body({ communityId: Id, fromDay: Day, toDay: Day }) } }, async (req, reply) =>
    reply.status(201).send(await publishPublicIncome(db, clock, req.requireActor(), req.body as { communityId: string; fromDay: string; toDay: string })),
  );

  app.get('/api/v1/public-income', { schema: { tags: ['public-income'], summary: '公共收益台账（业主看已公示部分）/ ledger (owners: published ranges)', querystring: Type.Object({ communityId: Id }) } }, async (req) =>
    listPublicIncome(db, req.requireActor(), (req.query as { communityId: string }).communityId),
  );

  app.get(
    '/api/v1/billing/reports/collection',
    { schema: { tags: ['reports'], summary: '收缴率 / collection rate by period or building', querystring: Type.Object({ communityId: Id, from: PeriodT, to: PeriodT, groupBy: Type.Optional(lit(['period', 'building'])) }) } },
    async (req) => {
      const q = req.query as { communityId: string; from: string; to: string; groupBy?: 'period' | 'building' };
      await communityFor(db, req.requireActor(), q.communityId, 'finance.report');
      return { items: await collectionRate(db, q.communityId, q.from, q.to, q.groupBy ?? 'period'), nextCursor: null };
    },
  );

  app.get('/api/v1/billing/reports/monthly', { schema: { tags: ['reports'], summary: '收费月报 / monthly fee report (?format=xlsx)', querystring: Type.Object({ communityId: Id, period: PeriodT, format: Type.Optional(lit(['json', 'xlsx'])) }) } }, async (req, reply) => {
    const q = req.query as { communityId: string; period: string; format?: 'json' | 'xlsx' };
    const actor = req.requireActor();
    const c = await communityFor(db, actor, q.communityId, 'finance.report');
    const report = await monthlyReport(db, q.communityId, q.period);
    if (q.format !== 'xlsx') return report;
    await communityFor(db, actor, q.communityId, 'export.run');
    await audit(db, { actorId: actor.userId, companyId: actor.companyId, communityId: c.id, action: 'export.billing.monthly', subjectType: 'community', subjectId: c.id, data: { period: q.period } });
    const buf = await monthlyReportXlsx(report, c.name);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="fees-${q.period}.xlsx"`)
      .send(buf);
  });
}

import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Body, Id, IdParams } from '../../kernel/http/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { createDiscountRule, decideDiscountRule, listDiscountRules, setVacancyDiscountable, type RuleInput } from './discounts.service.ts';
import { decideVacancy, fileVacancy, listVacancies, type VacancyInput } from './vacancy.service.ts';

const Day = Type.String({ format: 'date' });
const tags = ['billing'];
const Decision = Type.Union([Type.Literal('approve'), Type.Literal('reject'), Type.Literal('withdraw')]);

/** 优惠规则 and 空置申请 (R-FEE-1, R-FEE-2). */
export async function discountRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  const { database, clock } = opts.deps;
  const db = database.db;

  app.post(
    '/api/v1/billing/discount-rules',
    {
      schema: {
        tags,
        summary: '新建优惠规则（待审批）/ create a discount rule (pending approval)',
        body: Body({
          communityId: Id,
          kind: Type.Union([Type.Literal('prepay'), Type.Literal('fixed'), Type.Literal('free'), Type.Literal('vacancy')]),
          name: Type.String({ minLength: 1, maxLength: 64 }),
          feeItemId: Type.Optional(Type.Union([Id, Type.Null()])),
          scope: Type.Optional(Type.Union([Type.Literal('community'), Type.Literal('building'), Type.Literal('room')])),
          buildingId: Type.Optional(Type.Union([Id, Type.Null()])),
          roomId: Type.Optional(Type.Union([Id, Type.Null()])),
          ratePct: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{1,2}(\\.\\d{1,2})?$' }), Type.Null()])),
          amountFen: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100_000_000 }), Type.Null()])),
          months: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 120 }), Type.Null()])),
          backdateDays: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 366 }), Type.Null()])),
          validFrom: Day,
          validTo: Type.Optional(Type.Union([Day, Type.Null()])),
          reason: Type.String({ minLength: 1, maxLength: 500 }),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createDiscountRule(db, req.requireActor(), req.body as RuleInput)),
  );

  app.get(
    '/api/v1/billing/discount-rules',
    { schema: { tags, summary: '优惠规则 / discount rules', querystring: Type.Object({ communityId: Id }) } },
    async (req) => ({ items: await listDiscountRules(db, req.requireActor(), (req.query as { communityId: string }).communityId), nextCursor: null }),
  );

  app.post(
    '/api/v1/billing/discount-rules/:id/decision',
    { schema: { tags, summary: '审批/驳回/撤销优惠规则 / approve, reject or withdraw a rule', params: IdParams, body: Body({ action: Decision }) } },
    async (req) => decideDiscountRule(db, clock, req.requireActor(), (req.params as { id: string }).id, (req.body as { action: 'approve' }).action),
  );

  app.post(
    '/api/v1/billing/fee-items/:id/vacancy-discountable',
    { schema: { tags, summary: '设置是否适用空置优惠 / mark an item as vacancy-discountable', params: IdParams, body: Body({ discountable: Type.Boolean() }) } },
    async (req) => setVacancyDiscountable(db, req.requireActor(), (req.params as { id: string }).id, (req.body as { discountable: boolean }).discountable),
  );

  app.post(
    '/api/v1/billing/vacancies',
    {
      schema: {
        tags,
        summary: '提交空置申请 / file a vacancy application',
        body: Body({ roomId: Id, fromDate: Day, toDate: Day, reason: Type.String({ minLength: 1, maxLength: 500 }), evidenceFileId: Type.Optional(Type.Union([Id, Type.Null()])) }),
      },
    },
    async (req, reply) => reply.status(201).send(await fileVacancy(db, clock, req.requireActor(), req.body as VacancyInput)),
  );

  app.get(
    '/api/v1/billing/vacancies',
    {
      schema: {
        tags,
        summary: '空置申请 / vacancy applications',
        querystring: Type.Object({ communityId: Type.Optional(Id), roomId: Type.Optional(Id), status: Type.Optional(Type.Union(['pending', 'approved', 'rejected', 'withdrawn'].map((s) => Type.Literal(s)))) }),
      },
    },
    async (req) => ({ items: await listVacancies(db, req.requireActor(), req.query as { communityId?: string; roomId?: string; status?: string }), nextCursor: null }),
  );

  app.post(
    '/api/v1/billing/vacancies/:id/decision',
    { schema: { tags, summary: '审批/驳回/撤回空置申请 / approve, reject or withdraw', params: IdParams, body: Body({ action: Decision, note: Type.Optional(Type.String({ maxLength: 500 })) }) } },
    async (req) => {
      const b = req.body as { action: 'approve' | 'reject' | 'withdraw'; note?: string };
      return decideVacancy(db, clock, req.requireActor(), (req.params as { id: string }).id, b.action, b.note);
    },
  );
}

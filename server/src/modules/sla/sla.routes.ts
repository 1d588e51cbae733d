import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors/index.ts';
import { Body } from '../../kernel/http/index.ts';
import { communityOf, requirePermission } from '../../kernel/permissions/index.ts';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { replaceRules, rulesOf } from './sla.service.ts';
import type { SlaRule } from './sla.defaults.ts';

const tags = ['sla'];
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Rule = Type.Object(
  {
    subjectType: Type.Union([Type.Literal('request'), Type.Literal('work_order')]),
    kind: Type.String({ minLength: 1, maxLength: 40 }),
    category: N(Type.String({ maxLength: 40 })),
    urgency: N(Type.Union([Type.Literal('emergency'), Type.Literal('general'), Type.Literal('enquiry')])),
    minutes: N(Type.Integer({ minimum: 1, maximum: 60 * 24 * 90 })),
    workingDays: N(Type.Integer({ minimum: 1, maximum: 60 })),
    milestones: Type.Array(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }), { maxItems: 5 }),
    repeatEveryMinutes: N(Type.Integer({ minimum: 5, maximum: 60 * 24 * 30 })),
  },
  { additionalProperties: false },
);

/** SLA rules per community as data, editable without a release (sla.manage). */
export async function slaRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const db: Db = deps.database.db;

  app.get(
    '/api/v1/sla-policies',
    { schema: { tags, summary: '时限规则（按顺序，首条匹配生效）/ SLA rules, first match wins', querystring: Type.Object({ communityId: Type.String({ format: 'uuid' }) }) } },
    async (req) => {
      const actor = req.requireActor();
      requirePermission(actor, 'workorder.read', req.query.communityId);
      return { communityId: req.query.communityId, ...(await rulesOf(db, req.query.communityId)) };
    },
  );

  app.put(
    '/api/v1/sla-policies',
    { schema: { tags, summary: '替换小区的时限规则 / replace the community SLA rules', body: Body({ communityId: Type.String({ format: 'uuid' }), rules: Type.Array(Rule, { maxItems: 100 }) }) } },
    async (req) => {
      const actor = req.requireActor();
      const { communityId, rules } = req.body;
      requirePermission(actor, 'sla.manage', communityId);
      await communityOf(db, actor, communityId);
      for (const r of rules) {
        if ((r.minutes === null) === (r.workingDays === null)) throw new AppError('VALIDATION_FAILED', { reason: `rule ${r.kind}: give exactly one of minutes / workingDays` });
      }
      await db.transaction((tx) => replaceRules(tx as Db, { actorId: actor.userId, companyId: actor.companyId, communityId, rules: rules as SlaRule[], now: deps.clock.now() }));
      return { communityId, ...(await rulesOf(db, communityId)) };
    },
  );
}

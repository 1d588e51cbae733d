import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { Body } from '../../kernel/http/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { requirePermission } from '../../kernel/permissions/index.ts';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { dispatchSettings, roster, serviceItems } from './workorders.tables.ts';
import { mayWorkIn } from './technicians.ts';
import { REPAIR_TYPES } from './work-types.ts';

const tags = ['work-orders'];
const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Q = Type.Object({ communityId: Uuid });

/** Dispatch modes, the on-duty roster and the minimal service catalogue, as data. */
export async function workOrderSettingsRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const db: Db = deps.database.db;

  app.get('/api/v1/dispatch-settings', { schema: { tags, summary: '派单方式（按工单类型）/ dispatch modes per work type', querystring: Q } }, async (req) => {
    requirePermission(req.requireActor(), 'workorder.read', req.query.communityId);
    const items = await db.select().from(dispatchSettings).where(eq(dispatchSettings.communityId, req.query.communityId));
    return { items: items.map(({ id: _id, lastAssigneeId: _l, ...s }) => s) };
  });

  app.put(
    '/api/v1/dispatch-settings',
    { schema: { tags, summary: '设置派单方式：指派/抢单/轮派，及每人未完成上限 / set a dispatch mode and cap', body: Body({ communityId: Uuid, type: Type.Union([lit(REPAIR_TYPES), Type.Null()]), mode: lit(['assign', 'grab', 'round_robin']), maxOpenPerTechnician: Type.Integer({ minimum: 1, maximum: 200 }) }) } },
    async (req) => {
      const actor = req.requireActor();
      const { communityId, type, mode, maxOpenPerTechnician } = req.body;
      requirePermission(actor, 'sla.manage', communityId);
      await db.transaction(async (tx) => {
        await tx.delete(dispatchSettings).where(and(eq(dispatchSettings.communityId, communityId), type === null ? sql`${dispatchSettings.type} IS NULL` : eq(dispatchSettings.type, type)));
        await tx.insert(dispatchSettings).values({ communityId, type, mode, maxOpenPerTechnician });
        await audit(tx as Db, { actorId: actor.userId, companyId: actor.companyId, communityId, action: 'workorder.dispatch_settings', subjectType: 'community', subjectId: communityId, data: { type, mode, maxOpenPerTechnician } });
      });
      return { communityId, type, mode, maxOpenPerTechnician };
    },
  );

  app.get('/api/v1/duty-roster', { schema: { tags, summary: '值班表 / on-duty roster', querystring: Type.Object({ communityId: Uuid, from: Day, to: Day }) } }, async (req) => {
    requirePermission(req.requireActor(), 'workorder.read', req.query.communityId);
    const items = await db
      .select()
      .from(roster)
      .where(and(eq(roster.communityId, req.query.communityId), gte(roster.date, req.query.from), lte(roster.date, req.query.to)))
      .orderBy(asc(roster.date), asc(roster.shift));
    return { items };
  });

  app.put(
    '/api/v1/duty-roster',
    { schema: { tags, summary: '排一天的班（替换当天）/ set one day of the roster', body: Body({ communityId: Uuid, date: Day, entries: Type.Array(Type.Object({ userId: Uuid, shift: lit(['day', 'night', 'all']) }, { additionalProperties: false }), { maxItems: 200 }) }) } },
    async (req) => {
      const actor = req.requireActor();
      const { communityId, date, entries } = req.body;
      requirePermission(actor, 'workorder.dispatch', communityId);
      for (const e of entries) if (!(await mayWorkIn(db, communityId, e.userId))) throw new AppError('WO_ASSIGNEE_INVALID');
      await db.transaction(async (tx) => {
        await tx.delete(roster).where(and(eq(roster.communityId, communityId), eq(roster.date, date)));
        if (entries.length) await tx.insert(roster).values(entries.map((e) => ({ communityId, date, ...e }))).onConflictDoNothing();
        await audit(tx as Db, { actorId: actor.userId, companyId: actor.companyId, communityId, action: 'workorder.roster', subjectType: 'community', subjectId: communityId, data: { date, entries: entries.length } });
      });
      return { communityId, date, entries };
    },
  );

  app.get('/api/v1/service-items', { schema: { tags, summary: '有偿服务目录（简版）/ minimal paid-service catalogue', querystring: Q } }, async (req) => {
    requirePermission(req.requireActor(), 'workorder.read', req.query.communityId);
    return { items: await db.select().from(serviceItems).where(eq(serviceItems.communityId, req.query.communityId)).orderBy(asc(serviceItems.code)) };
  });

  app.post(
    '/api/v1/service-items',
    { schema: { tags, summary: '新增服务项目（价格为分）/ add a catalogue item (price in fen)', body: Body({ communityId: Uuid, code: Type.String({ minLength: 1, maxLength: 40 }), name: Type.String({ minLength: 1, maxLength: 100 }), type: Type.Optional(lit(REPAIR_TYPES)), priceFen: Type.Integer({ minimum: 0, maximum: 100_000_000 }), unit: Type.Optional(Type.String({ maxLength: 10 })) }) } },
    async (req, reply) => {
      const actor = req.requireActor();
      requirePermission(actor, 'sla.manage', req.body.communityId);
      const [row] = await db.insert(serviceItems).values(req.body).returning();
      await audit(db, { actorId: actor.userId, companyId: actor.companyId, communityId: row.communityId, action: 'workorder.service_item', subjectType: 'service_item', subjectId: row.id, data: { code: row.code, priceFen: row.priceFen } });
      return reply.status(201).send(row);
    },
  );
}

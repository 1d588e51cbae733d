import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { and, desc, eq } from 'drizzle-orm';
import { Body, Id, IdParams } from '../../kernel/http/index.ts';
import { communityScope } from '../../kernel/permissions/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { billingRuns, bills, feeItems } from './billing.tables.ts';
import { roomAccounts } from './payments.tables.ts';
import { addRate, assignFeeItem, createFeeItem, listFeeItems, recordReading, setApportionPool } from './fees.service.ts';
import { startBillingRun } from './run.service.ts';
import { roomFor, communityFor } from './access.ts';
import { reconcile } from './reconcile.ts';
import { ownerBillFilter } from './payer.ts';

const Day = Type.String({ format: 'date' });
const PeriodT = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const Tier = Type.Object({ upTo: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()]), priceFenX100: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
const Decimal = Type.String({ pattern: '^\\d{1,10}(\\.\\d{1,3})?$' });
const tags = ['billing'];

export async function billingRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  const { database, clock } = opts.deps;
  const db = database.db;

  app.post(
    '/api/v1/billing/fee-items',
    {
      schema: {
        tags,
        summary: '新建收费项目 / create a fee item',
        body: Body({
          communityId: Id,
          code: Type.String({ minLength: 1, maxLength: 32 }),
          name: Type.String({ minLength: 1, maxLength: 64 }),
          kind: Type.Union(['property', 'shared_utility', 'metered', 'parking', 'service', 'deposit', 'one_off', 'rent', 'late_fee'].map((k) => Type.Literal(k))),
          formula: Type.Union(['gross_area', 'indoor_area', 'fixed', 'metered', 'apportioned'].map((k) => Type.Literal(k))),
          rounding: Type.Optional(Type.Union(['half_up', 'down', 'up'].map((k) => Type.Literal(k)))),
          roundingUnitFen: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(10), Type.Literal(100)])),
          prepaid: Type.Optional(Type.Boolean()),
          cycleMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
          dueDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
        }),
      },
    },
    async (req, reply) => {
      const item = await createFeeItem(db, req.requireActor(), req.body as Parameters<typeof createFeeItem>[2]);
      return reply.status(201).send(item);
    },
  );

  app.get(
    '/api/v1/billing/fee-items',
    { schema: { tags, summary: '收费项目（含单价版本与分配）/ fee items with rates and assignments', querystring: Type.Object({ communityId: Id }) } },
    async (req) => ({ items: await listFeeItems(db, req.requireActor(), (req.query as { communityId: string }).communityId), nextCursor: null }),
  );

  app.post(
    '/api/v1/billing/fee-items/:id/rates',
    {
      schema: {
        tags,
        summary: '新增单价版本 / add a rate version (price in fen ×100 per unit)',
        params: IdParams,
        body: Body({ effectiveFrom: Day, priceFenX100: Type.Integer({ minimum: 0 }), tiers: Type.Optional(Type.Array(Tier, { maxItems: 10 })) }),
      },
    },
    async (req, reply) => reply.status(201).send(await addRate(db, req.requireActor(), (req.params as { id: string }).id, req.body as Parameters<typeof addRate>[3])),
  );

  app.post(
    '/api/v1/billing/fee-items/:id/assignments',
    {
      schema: {
        tags,
        summary: '分配到小区/楼栋/用途/房屋 / assign to community, building, room use or room',
        params: IdParams,
        body: Body({
          scope: Type.Union(['community', 'building', 'use', 'room'].map((k) => Type.Literal(k))),
          buildingId: Type.Optional(Id),
          roomUse: Type.Optional(Type.Union(['residential', 'commercial', 'parking'].map((k) => Type.Literal(k)))),
          roomId: Type.Optional(Id),
          coefficient: Type.Optional(Decimal),
          effectiveFrom: Day,
          effectiveTo: Type.Optional(Day),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await assignFeeItem(db, req.requireActor(), (req.params as { id: string }).id, req.body as Parameters<typeof assignFeeItem>[3])),
  );

  app.post(
    '/api/v1/billing/meter-readings',
    { schema: { tags, summary: '抄表 / record a meter reading', body: Body({ roomId: Id, feeItemId: Id, period: PeriodT, reading: Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,2})?$' }) }) } },
    async (req, reply) => reply.status(201).send(await recordReading(db, req.requireActor(), req.body as Parameters<typeof recordReading>[2])),
  );

  app.post(
    '/api/v1/billing/apportion-pools',
    { schema: { tags, summary: '公摊总量 / shared usage to apportion by area', body: Body({ feeItemId: Id, period: PeriodT, totalUsage: Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,2})?$' }) }) } },
    async (req, reply) => reply.status(201).send(await setApportionPool(db, req.requireActor(), req.body as Parameters<typeof setApportionPool>[2])),
  );

  app.post(
    '/api/v1/billing/runs',
    { schema: { tags, summary: '生成账单（可重复执行，不会重复出账）/ billing run (idempotent)', body: Body({ communityId: Id, period: PeriodT }) } },
    async (req) => {
      const { communityId, period } = req.body as { communityId: string; period: string };
      const run = await startBillingRun(db, clock, req.requireActor(), communityId, period);
      return { ...run, ...run.report };
    },
  );

  app.get('/api/v1/billing/runs', { schema: { tags, summary: '账单生成记录 / billing runs', querystring: Type.Object({ communityId: Id }) } }, async (req) => {
    const actor = req.requireActor();
    const { communityId } = req.query as { communityId: string };
    const items = await db
      .select()
      .from(billingRuns)
      .where(and(eq(billingRuns.communityId, communityId), communityScope(actor, billingRuns.communityId, 'billing.read')))
      .orderBy(desc(billingRuns.period))
      .limit(120);
    return { items, nextCursor: null };
  });

  app.get('/api/v1/rooms/:id/bills', { schema: { tags, summary: '房屋账单 / bills of a room', params: IdParams } }, async (req) => {
    const actor = req.requireActor();
    const room = await roomFor(db, actor, (req.params as { id: string }).id, 'billing.read');
    const list = await db
      .select({ bill: bills, itemName: feeItems.name, itemCode: feeItems.code })
      .from(bills)
      .innerJoin(feeItems, eq(feeItems.id, bills.feeItemId))
      .where(and(eq(bills.roomId, room.id), ownerBillFilter(actor)))
      .orderBy(desc(bills.period), feeItems.code, bills.segment);
    const [acc] = await db.select().from(roomAccounts).where(eq(roomAccounts.roomId, room.id));
    return {
      items: list.map(({ bill: b, itemName, itemCode }) => ({
        id: b.id,
        roomId: b.roomId,
        feeItemId: b.feeItemId,
        itemCode,
        itemName,
        period: b.period,
        periodStart: b.periodStart,
        periodEnd: b.periodEnd,
        daysBilled: b.daysBilled,
        quantity: b.quantity,
        coefficient: b.coefficient,
        amountFen: b.amountFen,
        grossFen: b.grossFen ?? b.amountFen,
        discountFen: b.discountFen,
        discounts: b.discounts,
        segment: b.segment,
        payerPersonId: b.payerPersonId,
        paidFen: b.paidFen,
        status: b.status,
        dueDate: b.dueDate,
        clause: b.clause,
      })),
      nextCursor: null,
      balanceFen: acc?.balanceFen ?? 0,
    };
  });

  app.get('/api/v1/billing/reconciliation', { schema: { tags, summary: '对账 / reconciliation', querystring: Type.Object({ communityId: Id }) } }, async (req) => {
    const { communityId } = req.query as { communityId: string };
    await communityFor(db, req.requireActor(), communityId, 'finance.report');
    return reconcile(db, communityId);
  });
}

import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { AppError } from '../../kernel/errors/index.ts';
import { Body, IdParams, encodeCursor, idCursor } from '../../kernel/http/index.ts';
import { requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { ActionBodies, CreateBody, ListQuery, URGENCIES } from './workorders.schemas.ts';
import { workOrders, WO_STATUSES, type WoStatus } from './workorders.tables.ts';
import { detailView, freshClockView, listWorkOrders, type KnownParts } from './workorders.repository.ts';
import { requireVisible } from './workorders.policy.ts';
import { createWorkOrderBatched } from './create-batcher.ts';
import { suggest } from './dispatch-modes.ts';
import { checkFiles, type WorkOrder } from './transition-runner.ts';
import { accept } from './transitions/accept.ts';
import { dispatch, grab, transfer } from './transitions/assign.ts';
import { complete, depart, giveBack, resume, start, wait } from './transitions/field.ts';
import { callback, cancel, close, signOff } from './transitions/closing.ts';
import { quote, report } from './records.ts';
import { monthlyKpi } from './kpi.ts';
import { historyActors, pendingSupervision, supervise } from './supervision.ts';
import { technicianLoads } from './technicians.ts';

const tags = ['work-orders'];
type Handler = (deps: Deps, actor: Actor, id: string, body: any) => Promise<WorkOrder>;

/** Every action route: POST /api/v1/work-orders/{id}/{action} → 200 with the order, 409 ILLEGAL_TRANSITION, 403. */
const ACTIONS: Array<[keyof typeof ActionBodies, Handler, string]> = [
  ['accept', accept, '受理（开始响应）/ accept'],
  ['dispatch', dispatch, '派单（指派维修人员与预计到达）/ dispatch'],
  ['grab', grab, '抢单 / grab from the pool'],
  ['transfer', transfer, '转单 / transfer to another technician'],
  ['depart', depart, '出发 / depart'],
  ['start', start, '到场开始维修 / start on site'],
  ['wait', wait, '等待业主或配件（计时暂停）/ wait for owner or parts (clocks pause)'],
  ['resume', resume, '继续维修 / resume'],
  ['complete', complete, '完工（签字、照片）/ complete with signature'],
  ['sign-off', signOff, '业主验收评价 / owner sign-off and rating'],
  ['callback', callback, '回访 / callback'],
  ['close', close, '关闭 / close'],
  ['cancel', cancel, '取消 / cancel'],
  ['return', giveBack, '退单 / return to dispatch'],
  ['quote', quote, '报价（服务目录+材料，费用转财务）/ quote'],
  ['report', report, '操作记录与检测报告 / operation record and test report'],
];

export async function workOrdersRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const db: Db = deps.database.db;
  const load = async (actor: Actor, id: string) => {
    const [wo] = await db.select().from(workOrders).where(eq(workOrders.id, id));
    if (!wo) throw new AppError('NOT_FOUND', { what: '工单' });
    requireVisible(actor, wo);
    return wo;
  };
  /** The detail plus who did each step (name and role) and the supervision record (R-WO-7/8). */
  const detail = async (wo: WorkOrder, known?: KnownParts, knownActors?: Awaited<ReturnType<typeof historyActors>>) => {
    const [view, sup] = await Promise.all([detailView(db, deps.pii, wo, deps.clock.now(), known), wo.supervisedBy ? historyActors(db, wo.communityId, [wo.supervisedBy]) : null]);
    const actors = knownActors ?? (await historyActors(db, wo.communityId, view.history.map((h) => h.actorId).filter((x): x is string => !!x)));
    // the view is ours to extend (a spread of its ~50 properties would take V8's slow path)
    return Object.assign(view, {
      history: view.history.map((h) => ({ ...h, actorName: h.actorId ? (actors.get(h.actorId)?.name ?? null) : null, actorRole: h.actorId ? (actors.get(h.actorId)?.role ?? null) : null })),
      supervision: wo.supervisedAt
        ? { result: wo.supervisionResult, lateMinutes: wo.supervisionLateMinutes, note: wo.supervisionNote, at: wo.supervisedAt.toISOString(), by: wo.supervisedBy ? { id: wo.supervisedBy, name: sup?.get(wo.supervisedBy)?.name ?? null } : null }
        : null,
    });
  };

  app.post('/api/v1/work-orders', { schema: { tags, summary: '新建工单 / create a work order', body: CreateBody } }, async (req, reply) => {
    const actor = req.requireActor();
    const b = req.body;
    requirePermission(actor, 'workorder.create', b.communityId);
    const { order, clock, actors } = await createWorkOrderBatched(
      deps,
      { ...b, companyId: actor.companyId, appointmentAt: b.appointmentAt ? new Date(b.appointmentAt) : null, createdBy: actor.userId },
      (tx) => checkFiles({ tx, actor, wo: { communityId: b.communityId } }, b.photos ?? []),
    );
    // answer from what was just written (no read-back of history and clocks); it is on disk already
    const history = [{ action: 'create', fromStatus: null, toStatus: 'new', actorId: actor.userId, at: order.createdAt, data: { formNo: order.formNo } }];
    const clocks = b.requestId ? undefined : clock ? [freshClockView(clock, deps.clock.now())] : [];
    return reply.status(201).send(await detail(order, { history, clocks }, actors));
  });

  app.get('/api/v1/work-orders', { schema: { tags, summary: '工单列表（游标分页，最新在前）/ list, newest first, cursor paging', querystring: ListQuery } }, async (req, reply) => {
    const actor = req.requireActor();
    const { communityId, status, urgency, assigneeId, pool, overdue, limit = 50, cursor } = req.query;
    const statuses = status ? status.split(',').map((s) => s.trim()) : undefined;
    if (statuses?.some((s) => !(WO_STATUSES as readonly string[]).includes(s))) throw new AppError('VALIDATION_FAILED', { reason: 'status' });
    const urgencies = urgency ? urgency.split(',').map((s) => s.trim()) : undefined;
    if (urgencies?.some((u) => !(URGENCIES as readonly string[]).includes(u))) throw new AppError('VALIDATION_FAILED', { reason: 'urgency' });
    if (communityId && actor.kind === 'staff') requirePermission(actor, 'workorder.read', communityId);
    const page = await listWorkOrders(deps.database, actor, { communityId, status: statuses as WoStatus[] | undefined, urgency: urgencies, assigneeId, pool, overdue, limit, cursor: idCursor(cursor), now: () => deps.clock.now() });
    // the rows arrive as JSON text (see listWorkOrders): sent as they are
    return reply.type('application/json; charset=utf-8').send(`{"items":${page.itemsJson},"nextCursor":${JSON.stringify(page.last ? encodeCursor([page.last]) : null)}}`);
  });

  app.get(
    '/api/v1/work-orders/kpi',
    { schema: { tags, summary: '维修 KPI（月度：响应/到场达标率、回访率、满意度，按类型与服务项目）/ monthly KPIs', querystring: Type.Object({ communityId: Type.String({ format: 'uuid' }), month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) }) } },
    async (req) => {
      requirePermission(req.requireActor(), 'kpi.read', req.query.communityId);
      return monthlyKpi(db, req.query.communityId, req.query.month);
    },
  );

  app.get(
    '/api/v1/work-orders/supervision',
    { schema: { tags, summary: '待督导：预约/预计到达时间已过、尚未向业主确认是否准时的工单 / orders awaiting the punctuality check', querystring: Type.Object({ communityId: Type.String({ format: 'uuid' }) }) } },
    async (req) => {
      requirePermission(req.requireActor(), 'workorder.supervise', req.query.communityId);
      return { items: await pendingSupervision(db, req.query.communityId, deps.clock.now()) };
    },
  );

  app.get(
    '/api/v1/technicians',
    { schema: { tags, summary: '维修人员负荷：技能、值班、在办工单数与上限 / technicians with skills, on-duty status, open orders and cap', querystring: Type.Object({ communityId: Type.String({ format: 'uuid' }) }) } },
    async (req) => {
      requirePermission(req.requireActor(), 'workorder.read', req.query.communityId);
      return technicianLoads(db, deps.pii, req.query.communityId, deps.clock.now());
    },
  );

  app.post(
    '/api/v1/work-orders/:id/supervise',
    {
      schema: {
        tags,
        summary: '督导：到预约时间向业主确认是否准时（准时/迟到 N 分钟/联系不上）/ supervisor confirms punctuality with the owner',
        params: IdParams,
        body: Body({
          result: Type.Union([Type.Literal('on_time'), Type.Literal('late'), Type.Literal('not_reached')]),
          lateMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 1440 })),
          note: Type.Optional(Type.String({ maxLength: 500 })),
        }),
      },
    },
    async (req) => detail(await supervise(deps, req.requireActor(), req.params.id, req.body)),
  );

  app.get('/api/v1/work-orders/:id', { schema: { tags, summary: '工单详情（时间线、时限）/ detail with history and clocks', params: IdParams } }, async (req) => detail(await load(req.requireActor(), req.params.id)));

  app.get('/api/v1/work-orders/:id/suggestions', { schema: { tags, summary: '推荐维修人员（技能、值班、负荷）/ assignee suggestions', params: IdParams } }, async (req) => {
    const actor = req.requireActor();
    const wo = await load(actor, req.params.id);
    requirePermission(actor, 'workorder.dispatch', wo.communityId);
    return { items: await suggest(db, deps.pii, wo, deps.clock.now()) };
  });

  for (const [action, handler, summary] of ACTIONS) {
    app.post(`/api/v1/work-orders/:id/${action}`, { schema: { tags, summary, params: IdParams, body: Type.Optional(ActionBodies[action]) } }, async (req) => {
      const wo = await handler(deps, req.requireActor(), req.params.id, req.body ?? {});
      return detail(wo);
    });
  }
}

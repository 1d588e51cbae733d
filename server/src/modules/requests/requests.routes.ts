import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../kernel/errors/index.ts';
import { Body, IdParams, decodeCursor, encodeCursor } from '../../kernel/http/index.ts';
import { can, communityScope, ownsRoom, requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { clockViews } from '../sla/index.ts';
import { workOrders } from '../workorders/index.ts';
import { rooms } from '../property/index.ts';
import { CATEGORIES, URGENCIES } from './classifier.words.ts';
import { CHANNELS, requests } from './requests.tables.ts';
import { classify } from './classifier.ts';
import { intake, type Request } from './intake.ts';
import { classifyRequest, confirmHandover, handoverList, recordDelay, replyToRequest } from './desk.service.ts';

const tags = ['requests'];
const Uuid = Type.String({ format: 'uuid' });
const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function requestView(r: Request, roomCode: string | null = null) {
  return {
    id: r.id, communityId: r.communityId, roomId: r.roomId, roomCode, commonAreaId: r.commonAreaId, equipmentId: r.equipmentId, location: r.location,
    channel: r.channel, description: r.description, contactPhone: r.contactPhoneMasked, photos: r.photos,
    category: r.category, urgency: r.urgency, status: r.status,
    classification: { category: r.proposedCategory, urgency: r.proposedUrgency, matched: r.matched },
    classifiedBy: r.classifiedBy, classifiedAt: iso(r.classifiedAt), reporterUserId: r.reporterUserId, firstContactId: r.firstContactId,
    afterHours: r.afterHours, handedOverAt: iso(r.handedOverAt), workOrderId: r.workOrderId, delayReason: r.delayReason, expectedAt: iso(r.expectedAt),
    reply: r.reply, createdAt: r.createdAt.toISOString(), closedAt: iso(r.closedAt),
  };
}

function canSee(actor: Actor, r: Request): boolean {
  if (actor.kind === 'owner') return r.reporterUserId === actor.userId || (!!r.roomId && ownsRoom(actor, r.roomId));
  return r.companyId === actor.companyId && can(actor, 'request.read', r.communityId);
}

export async function requestsRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const db: Db = deps.database.db;
  const detail = async (r: Request) => {
    const [wo] = r.workOrderId ? await db.select({ id: workOrders.id, formNo: workOrders.formNo, status: workOrders.status, assigneeId: workOrders.assigneeId }).from(workOrders).where(eq(workOrders.id, r.workOrderId)) : [];
    const [room] = r.roomId ? await db.select({ code: rooms.code }).from(rooms).where(eq(rooms.id, r.roomId)) : [];
    return { ...requestView(r, room?.code ?? null), workOrder: wo ?? null, deadlines: await clockViews(db, 'request', r.id, deps.clock.now()) };
  };

  app.post(
    '/api/v1/requests/classify',
    {
      schema: {
        tags,
        summary: '分类预览（不保存）：建议的分类、紧急程度与命中词 / classification preview while typing (nothing saved)',
        body: Body({ text: Type.String({ maxLength: 2000 }) }),
      },
    },
    async (req) => {
      req.requireActor();
      // the classifier is a pure function of the text: nothing to scope, nothing stored
      return classify(req.body.text);
    },
  );

  app.post(
    '/api/v1/requests',
    {
      schema: {
        tags,
        summary: '受理报事（任意渠道，自动分类）/ file a request on any channel; proposes category and urgency',
        body: Body({
          communityId: Uuid, roomId: Type.Optional(Uuid), location: Type.Optional(Type.String({ maxLength: 200 })), channel: lit(CHANNELS),
          description: Type.String({ minLength: 2, maxLength: 2000 }), contactPhone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 -]{5,20}$' })),
          photos: Type.Optional(Type.Array(Uuid, { maxItems: 9 })), commonAreaId: Type.Optional(Uuid), equipmentId: Type.Optional(Uuid), qrToken: Type.Optional(Type.String({ maxLength: 300 })),
        }),
      },
    },
    async (req, reply) => {
      const { request } = await intake(deps, req.requireActor(), req.body);
      return reply.status(201).send(await detail(request));
    },
  );

  app.get(
    '/api/v1/requests',
    { schema: { tags, summary: '报事列表（最新在前）/ requests, newest first', querystring: Type.Object({ communityId: Type.Optional(Uuid), status: Type.Optional(Type.String({ maxLength: 20 })), urgency: Type.Optional(lit(URGENCIES)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) }) } },
    async (req) => {
      const actor = req.requireActor();
      const { communityId, status, urgency, limit = 50, cursor } = req.query;
      const where: SQL[] = [actor.kind === 'owner' ? eq(requests.reporterUserId, actor.userId) : communityScope(actor, requests.communityId, 'request.read')];
      if (communityId) where.push(eq(requests.communityId, communityId));
      if (status) where.push(sql`${requests.status} = ${status}`);
      if (urgency) where.push(eq(requests.urgency, urgency));
      const after = decodeCursor(cursor)?.[0];
      if (typeof after === 'string' && /^[0-9a-f-]{36}$/i.test(after)) where.push(lt(requests.id, after));
      // the room code comes with the page in one join (not one lookup per row)
      const list = await db.select({ r: requests, roomCode: rooms.code }).from(requests).leftJoin(rooms, eq(rooms.id, requests.roomId)).where(and(...where)).orderBy(desc(requests.id)).limit(limit + 1);
      const items = list.slice(0, limit);
      return { items: items.map((x) => requestView(x.r, x.roomCode)), nextCursor: list.length > limit ? encodeCursor([items[items.length - 1].r.id]) : null };
    },
  );

  app.get(
    '/api/v1/requests/handover',
    { schema: { tags, summary: '夜间值班交接清单 / after-hours log to hand over in the morning', querystring: Type.Object({ communityId: Uuid }) } },
    async (req) => {
      requirePermission(req.requireActor(), 'request.read', req.query.communityId);
      return { items: (await handoverList(db, req.query.communityId)).map((r) => requestView(r)) };
    },
  );

  app.post(
    '/api/v1/requests/handover',
    { schema: { tags, summary: '确认接收夜间交接 / customer service takes over the night log', body: Body({ communityId: Uuid, ids: Type.Optional(Type.Array(Uuid, { maxItems: 500 })) }) } },
    async (req) => ({ handedOver: await confirmHandover(deps, req.requireActor(), req.body.communityId, req.body.ids) }),
  );

  app.get('/api/v1/requests/:id', { schema: { tags, summary: '报事详情 / request with clocks', params: IdParams } }, async (req) => {
    const actor = req.requireActor();
    const [r] = await db.select().from(requests).where(eq(requests.id, req.params.id));
    if (!r || !canSee(actor, r)) throw new AppError('NOT_FOUND', { what: '报事' });
    return detail(r);
  });

  app.post(
    '/api/v1/requests/:id/classify',
    { schema: { tags, summary: '确认或修改分类与紧急程度 / confirm or override category and urgency', params: IdParams, body: Body({ category: lit(CATEGORIES), urgency: lit(URGENCIES) }) } },
    async (req) => detail(await classifyRequest(deps, req.requireActor(), req.params.id, req.body)),
  );

  app.post(
    '/api/v1/requests/:id/reply',
    { schema: { tags, summary: '答复业主（进展或结果）/ reply to the owner', params: IdParams, body: Body({ message: Type.String({ minLength: 1, maxLength: 2000 }), resolved: Type.Optional(Type.Boolean()) }) } },
    async (req) => detail(await replyToRequest(deps, req.requireActor(), req.params.id, req.body)),
  );

  app.post(
    '/api/v1/requests/:id/delay',
    { schema: { tags, summary: '登记延期原因与预计完成时间 / record delay reason and expected date', params: IdParams, body: Body({ reason: Type.String({ minLength: 1, maxLength: 500 }), expectedAt: Type.String({ format: 'date-time' }) }) } },
    async (req) => detail(await recordDelay(deps, req.requireActor(), req.params.id, req.body)),
  );
}

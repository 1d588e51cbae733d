import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, asc, eq, gt } from 'drizzle-orm';
import { AppError } from '../../kernel/errors/index.ts';
import { Body, encodeCursor, idCursor } from '../../kernel/http/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { areaOut, requireArea } from './area.ts';
import { parkingSpaces } from './property.tables.ts';
import { recordChange } from './record-change.ts';
import { requireCommunityPermission, requirePropertyRead, requirePropertyWrite } from './property.policy.ts';
import { Area, Code, CommunityIdParams, Nullable, OneOf, PageQuery, PARKING_KINDS, PARKING_STATUSES } from './property.schemas.ts';
import { assertRoomInCommunity } from './rooms.repository.ts';

const tags = ['property'];
const Uuid = Type.String({ format: 'uuid' });
const ParkingView = Type.Object({ id: Type.String(), communityId: Type.String(), code: Type.String(), areaM2: Nullable(Type.Number()), kind: Type.String(), status: Type.String(), roomId: Nullable(Type.String()), location: Type.String() });
const view = (p: typeof parkingSpaces.$inferSelect) => ({ id: p.id, communityId: p.communityId, code: p.code, areaM2: areaOut(p.areaM2), kind: p.kind, status: p.status, roomId: p.roomId, location: p.location });
const Editable = { areaM2: Type.Optional(Nullable(Area)), kind: Type.Optional(OneOf(PARKING_KINDS)), status: Type.Optional(OneOf(PARKING_STATUSES)), roomId: Type.Optional(Nullable(Uuid)), location: Type.Optional(Type.String({ maxLength: 200 })) };

/** The body without its JSON-number area (stored as the exact decimal string from parseArea). */
function withoutArea<T extends { areaM2?: unknown }>(b: T): Omit<T, 'areaM2'> {
  const { areaM2: _area, ...rest } = b;
  return rest;
}

/** 车位: list, create, read, edit. */
export async function parkingRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;
  const checked = async (communityId: string, b: { areaM2?: number | null; roomId?: string | null }): Promise<{ areaM2?: string | null }> => {
    if (b.roomId) await assertRoomInCommunity(db, b.roomId, communityId);
    return b.areaM2 === undefined ? {} : { areaM2: b.areaM2 === null ? null : requireArea(b.areaM2, '面积 areaM2') };
  };

  app.get(
    '/api/v1/communities/:id/parking-spaces',
    { schema: { tags, summary: '车位列表 / parking spaces', params: CommunityIdParams, querystring: Type.Object({ status: Type.Optional(OneOf(PARKING_STATUSES)), ...PageQuery }), response: { 200: Type.Object({ items: Type.Array(ParkingView), nextCursor: Nullable(Type.String()) }) } } },
    async (req) => {
      await requireCommunityPermission(db, req.requireActor(), req.params.id, 'property.read');
      const limit = req.query.limit ?? 50;
      const after = idCursor(req.query.cursor);
      const list = await db
        .select()
        .from(parkingSpaces)
        .where(and(eq(parkingSpaces.communityId, req.params.id), req.query.status ? eq(parkingSpaces.status, req.query.status) : undefined, after ? gt(parkingSpaces.id, after) : undefined))
        .orderBy(asc(parkingSpaces.id))
        .limit(limit + 1);
      const items = list.slice(0, limit);
      return { items: items.map(view), nextCursor: list.length > limit ? encodeCursor([items[items.length - 1].id]) : null };
    },
  );

  app.post(
    '/api/v1/communities/:id/parking-spaces',
    { schema: { tags, summary: '新建车位 / create a parking space', params: CommunityIdParams, body: Body({ code: Code, ...Editable }), response: { 201: ParkingView } } },
    async (req, reply) => {
      const actor = req.requireActor();
      await requireCommunityPermission(db, actor, req.params.id, 'property.manage');
      const extra = await checked(req.params.id, req.body);
      const p = await db.transaction(async (tx) => {
        const [row] = await tx.insert(parkingSpaces).values({ ...withoutArea(req.body), ...extra, communityId: req.params.id }).returning();
        await recordChange(tx, actor, { communityId: row.communityId, action: 'property.parking.created', subjectType: 'parking_space', subjectId: row.id, data: { code: row.code }, requestId: req.id });
        return row;
      });
      return reply.status(201).send(view(p));
    },
  );

  app.get('/api/v1/parking-spaces/:id', { schema: { tags, summary: '车位详情 / a parking space', params: CommunityIdParams, response: { 200: ParkingView } } }, async (req) => {
    const [p] = await db.select().from(parkingSpaces).where(eq(parkingSpaces.id, req.params.id));
    if (!p) throw new AppError('NOT_FOUND', { what: '车位' });
    await requirePropertyRead(db, req.requireActor(), p.communityId, '车位');
    return view(p);
  });

  app.patch(
    '/api/v1/parking-spaces/:id',
    { schema: { tags, summary: '修改车位 / edit a parking space', params: CommunityIdParams, body: Body(Editable), response: { 200: ParkingView } } },
    async (req) => {
      const actor = req.requireActor();
      const [p] = await db.select().from(parkingSpaces).where(eq(parkingSpaces.id, req.params.id));
      if (!p) throw new AppError('NOT_FOUND', { what: '车位' });
      await requirePropertyWrite(db, actor, p.communityId, '车位');
      const extra = await checked(p.communityId, req.body);
      const updated = await db.transaction(async (tx) => {
        const [row] = await tx.update(parkingSpaces).set({ ...withoutArea(req.body), ...extra }).where(eq(parkingSpaces.id, p.id)).returning();
        await recordChange(tx, actor, { communityId: row.communityId, action: 'property.parking.updated', subjectType: 'parking_space', subjectId: row.id, data: req.body, requestId: req.id });
        return row;
      });
      return view(updated);
    },
  );
}

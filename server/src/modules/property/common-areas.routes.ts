import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, asc, eq, gt } from 'drizzle-orm';
import { AppError } from '../../kernel/errors/index.ts';
import { Body, encodeCursor, idCursor } from '../../kernel/http/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { commonAreas } from './property.tables.ts';
import { recordChange } from './record-change.ts';
import { requireCommunityPermission, requirePropertyRead, requirePropertyWrite } from './property.policy.ts';
import { Code, CommunityIdParams, Name, Nullable, PageQuery } from './property.schemas.ts';
import { buildingIn } from './structure.repository.ts';

const tags = ['property'];
const Uuid = Type.String({ format: 'uuid' });
const Kind = Type.String({ minLength: 1, maxLength: 32, description: 'lobby, basement, garden, roof, corridor, other …' });
const AreaView = Type.Object({ id: Type.String(), communityId: Type.String(), buildingId: Nullable(Type.String()), code: Type.String(), name: Type.String(), kind: Type.String() });
const view = (a: typeof commonAreas.$inferSelect) => ({ id: a.id, communityId: a.communityId, buildingId: a.buildingId, code: a.code, name: a.name, kind: a.kind });

/** 公共区域: list, create, read, edit. */
export async function commonAreasRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;

  app.get(
    '/api/v1/communities/:id/common-areas',
    { schema: { tags, summary: '公共区域列表 / common areas', params: CommunityIdParams, querystring: Type.Object(PageQuery), response: { 200: Type.Object({ items: Type.Array(AreaView), nextCursor: Nullable(Type.String()) }) } } },
    async (req) => {
      await requireCommunityPermission(db, req.requireActor(), req.params.id, 'property.read');
      const limit = req.query.limit ?? 50;
      const after = idCursor(req.query.cursor);
      const list = await db
        .select()
        .from(commonAreas)
        .where(and(eq(commonAreas.communityId, req.params.id), after ? gt(commonAreas.id, after) : undefined))
        .orderBy(asc(commonAreas.id))
        .limit(limit + 1);
      const items = list.slice(0, limit);
      return { items: items.map(view), nextCursor: list.length > limit ? encodeCursor([items[items.length - 1].id]) : null };
    },
  );

  app.post(
    '/api/v1/communities/:id/common-areas',
    { schema: { tags, summary: '新建公共区域 / create a common area', params: CommunityIdParams, body: Body({ code: Code, name: Name, kind: Type.Optional(Kind), buildingId: Type.Optional(Nullable(Uuid)) }), response: { 201: AreaView } } },
    async (req, reply) => {
      const actor = req.requireActor();
      await requireCommunityPermission(db, actor, req.params.id, 'property.manage');
      if (req.body.buildingId) await buildingIn(db, req.params.id, req.body.buildingId);
      const a = await db.transaction(async (tx) => {
        const [row] = await tx.insert(commonAreas).values({ ...req.body, communityId: req.params.id }).returning();
        await recordChange(tx, actor, { communityId: row.communityId, action: 'property.common_area.created', subjectType: 'common_area', subjectId: row.id, data: { code: row.code }, requestId: req.id });
        return row;
      });
      return reply.status(201).send(view(a));
    },
  );

  app.get('/api/v1/common-areas/:id', { schema: { tags, summary: '公共区域详情 / a common area', params: CommunityIdParams, response: { 200: AreaView } } }, async (req) => {
    const [a] = await db.select().from(commonAreas).where(eq(commonAreas.id, req.params.id));
    if (!a) throw new AppError('NOT_FOUND', { what: '公共区域' });
    await requirePropertyRead(db, req.requireActor(), a.communityId, '公共区域');
    return view(a);
  });

  app.patch(
    '/api/v1/common-areas/:id',
    { schema: { tags, summary: '修改公共区域 / edit a common area', params: CommunityIdParams, body: Body({ name: Type.Optional(Name), kind: Type.Optional(Kind), buildingId: Type.Optional(Nullable(Uuid)) }), response: { 200: AreaView } } },
    async (req) => {
      const actor = req.requireActor();
      const [a] = await db.select().from(commonAreas).where(eq(commonAreas.id, req.params.id));
      if (!a) throw new AppError('NOT_FOUND', { what: '公共区域' });
      await requirePropertyWrite(db, actor, a.communityId, '公共区域');
      if (req.body.buildingId) await buildingIn(db, a.communityId, req.body.buildingId);
      const updated = await db.transaction(async (tx) => {
        const [row] = await tx.update(commonAreas).set(req.body).where(eq(commonAreas.id, a.id)).returning();
        await recordChange(tx, actor, { communityId: row.communityId, action: 'property.common_area.updated', subjectType: 'common_area', subjectId: row.id, data: req.body, requestId: req.id });
        return row;
      });
      return view(updated);
    },
  );
}

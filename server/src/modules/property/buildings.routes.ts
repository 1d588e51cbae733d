import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { asc, eq, sql } from 'drizzle-orm';
import { Body } from '../../kernel/http/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { rows } from '../../kernel/db/index.ts';
import { buildingIn } from './structure.repository.ts';
import type { Deps } from '../../kernel/deps.ts';
import { buildings, commonAreas, entrances, equipment, rooms } from './property.tables.ts';
import { recordChange } from './record-change.ts';
import { requireCommunityPermission } from './property.policy.ts';
import { BUILDING_KINDS, BuildingView, Name, OneOf, SegmentCode } from './property.schemas.ts';

const tags = ['property'];
const Params = Type.Object({ id: Type.String({ format: 'uuid' }), buildingId: Type.String({ format: 'uuid' }) });
const Floors = Type.Integer({ minimum: 0, maximum: 200 });
const view = (b: typeof buildings.$inferSelect) => ({ id: b.id, communityId: b.communityId, code: b.code, name: b.name, kind: b.kind, floorsAbove: b.floorsAbove, floorsBelow: b.floorsBelow, sort: b.sort });

/** 楼栋 under /communities/{id}/buildings (单元 in entrances.routes.ts). */
export async function buildingsRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;
  const base = '/api/v1/communities/:id/buildings';

  app.get(base, { schema: { tags, summary: '楼栋列表 / buildings', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: Type.Object({ items: Type.Array(BuildingView), nextCursor: Type.Null() }) } } }, async (req) => {
    await requireCommunityPermission(db, req.requireActor(), req.params.id, 'property.read');
    const list = await db.select().from(buildings).where(eq(buildings.communityId, req.params.id)).orderBy(asc(buildings.sort), asc(buildings.code));
    return { items: list.map(view), nextCursor: null };
  });

  app.post(
    base,
    {
      schema: {
        tags,
        summary: '新建楼栋 / create a building',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Body({ code: SegmentCode, name: Type.Optional(Name), kind: Type.Optional(OneOf(BUILDING_KINDS)), floorsAbove: Type.Optional(Floors), floorsBelow: Type.Optional(Floors), sort: Type.Optional(Type.Integer()) }),
        response: { 201: BuildingView },
      },
    },
    async (req, reply) => {
      const actor = req.requireActor();
      await requireCommunityPermission(db, actor, req.params.id, 'property.manage');
      const b = await db.transaction(async (tx) => {
        const [row] = await tx.insert(buildings).values({ ...req.body, name: req.body.name ?? `${req.body.code}栋`, communityId: req.params.id }).returning();
        await recordChange(tx, actor, { communityId: row.communityId, action: 'property.building.created', subjectType: 'building', subjectId: row.id, data: { code: row.code }, requestId: req.id });
        return row;
      });
      return reply.status(201).send(view(b));
    },
  );

  app.patch(
    `${base}/:buildingId`,
    {
      schema: {
        tags,
        summary: '修改楼栋 / edit a building (its code is part of room codes and cannot change)',
        params: Params,
        body: Body({ name: Type.Optional(Name), kind: Type.Optional(OneOf(BUILDING_KINDS)), floorsAbove: Type.Optional(Floors), floorsBelow: Type.Optional(Floors), sort: Type.Optional(Type.Integer()) }),
        response: { 200: BuildingView },
      },
    },
    async (req) => {
      const actor = req.requireActor();
      await requireCommunityPermission(db, actor, req.params.id, 'property.manage');
      await buildingIn(db, req.params.id, req.params.buildingId);
      const b = await db.transaction(async (tx) => {
        const [row] = await tx.update(buildings).set({ ...req.body, updatedAt: deps.clock.now() }).where(eq(buildings.id, req.params.buildingId)).returning();
        await recordChange(tx, actor, { communityId: row.communityId, action: 'property.building.updated', subjectType: 'building', subjectId: row.id, data: req.body, requestId: req.id });
        return row;
      });
      return view(b);
    },
  );

  app.delete(`${base}/:buildingId`, { schema: { tags, summary: '删除未使用的楼栋 / delete a building that has no rooms, equipment or common areas', params: Params } }, async (req) => {
    const actor = req.requireActor();
    await requireCommunityPermission(db, actor, req.params.id, 'property.manage');
    const b = await buildingIn(db, req.params.id, req.params.buildingId);
    await db.transaction(async (tx) => {
      const [used] = await rows<{ used: boolean }>(
        tx,
        sql`select exists(select 1 from ${rooms} where building_id = ${b.id}) or exists(select 1 from ${equipment} where building_id = ${b.id}) or exists(select 1 from ${commonAreas} where building_id = ${b.id}) as used`,
      );
      if (used.used) throw new AppError('IN_USE', { what: '楼栋' });
      await tx.delete(entrances).where(eq(entrances.buildingId, b.id));
      await tx.delete(buildings).where(eq(buildings.id, b.id));
      await recordChange(tx, actor, { communityId: b.communityId, action: 'property.building.deleted', subjectType: 'building', subjectId: b.id, data: { code: b.code }, requestId: req.id });
    });
    return { ok: true };
  });
}

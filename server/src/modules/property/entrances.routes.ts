import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../kernel/errors/index.ts';
import { Body } from '../../kernel/http/index.ts';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { entrances, rooms } from './property.tables.ts';
import { recordChange } from './record-change.ts';
import { requireCommunityPermission } from './property.policy.ts';
import { EntranceView, Name, SegmentCode } from './property.schemas.ts';
import { buildingIn } from './structure.repository.ts';

const tags = ['property'];
const Uuid = Type.String({ format: 'uuid' });
const BuildingParams = Type.Object({ id: Uuid, buildingId: Uuid });
const EntranceParams = Type.Object({ id: Uuid, buildingId: Uuid, entranceId: Uuid });
const view = (e: typeof entrances.$inferSelect) => ({ id: e.id, communityId: e.communityId, buildingId: e.buildingId, code: e.code, name: e.name });

async function entranceIn(db: Db, buildingId: string, entranceId: string) {
  const [e] = await db.select().from(entrances).where(and(eq(entrances.id, entranceId), eq(entrances.buildingId, buildingId)));
  if (!e) throw new AppError('NOT_FOUND', { what: '单元' });
  return e;
}

/** 单元 under /communities/{id}/buildings/{buildingId}/entrances: list, create, rename, delete when empty. */
export async function entrancesRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;
  const base = '/api/v1/communities/:id/buildings/:buildingId/entrances';

  app.get(base, { schema: { tags, summary: '单元列表 / entrances of a building', params: BuildingParams, response: { 200: Type.Object({ items: Type.Array(EntranceView), nextCursor: Type.Null() }) } } }, async (req) => {
    await requireCommunityPermission(db, req.requireActor(), req.params.id, 'property.read');
    await buildingIn(db, req.params.id, req.params.buildingId);
    const list = await db.select().from(entrances).where(eq(entrances.buildingId, req.params.buildingId)).orderBy(asc(entrances.code));
    return { items: list.map(view), nextCursor: null };
  });

  app.post(base, { schema: { tags, summary: '新建单元 / create an entrance', params: BuildingParams, body: Body({ code: SegmentCode, name: Type.Optional(Name) }), response: { 201: EntranceView } } }, async (req, reply) => {
    const actor = req.requireActor();
    await requireCommunityPermission(db, actor, req.params.id, 'property.manage');
    const b = await buildingIn(db, req.params.id, req.params.buildingId);
    const e = await db.transaction(async (tx) => {
      const [row] = await tx.insert(entrances).values({ communityId: b.communityId, buildingId: b.id, code: req.body.code, name: req.body.name ?? `${req.body.code}单元` }).returning();
      await recordChange(tx, actor, { communityId: b.communityId, action: 'property.entrance.created', subjectType: 'entrance', subjectId: row.id, data: { buildingId: b.id, code: row.code }, requestId: req.id });
      return row;
    });
    return reply.status(201).send(view(e));
  });

  app.patch(
    `${base}/:entranceId`,
    { schema: { tags, summary: '修改单元名称 / rename an entrance (its code is part of room codes)', params: EntranceParams, body: Body({ name: Name }), response: { 200: EntranceView } } },
    async (req) => {
      const actor = req.requireActor();
      await requireCommunityPermission(db, actor, req.params.id, 'property.manage');
      await buildingIn(db, req.params.id, req.params.buildingId);
      const e = await entranceIn(db, req.params.buildingId, req.params.entranceId);
      const updated = await db.transaction(async (tx) => {
        const [row] = await tx.update(entrances).set({ name: req.body.name }).where(eq(entrances.id, e.id)).returning();
        await recordChange(tx, actor, { communityId: e.communityId, action: 'property.entrance.updated', subjectType: 'entrance', subjectId: e.id, data: req.body, requestId: req.id });
        return row;
      });
      return view(updated);
    },
  );

  app.delete(`${base}/:entranceId`, { schema: { tags, summary: '删除没有房屋的单元 / delete an entrance without rooms', params: EntranceParams } }, async (req) => {
    const actor = req.requireActor();
    await requireCommunityPermission(db, actor, req.params.id, 'property.manage');
    await buildingIn(db, req.params.id, req.params.buildingId);
    const e = await entranceIn(db, req.params.buildingId, req.params.entranceId);
    await db.transaction(async (tx) => {
      const [used] = await tx.select({ id: rooms.id }).from(rooms).where(eq(rooms.entranceId, e.id)).limit(1);
      if (used) throw new AppError('IN_USE', { what: '单元' });
      await tx.delete(entrances).where(eq(entrances.id, e.id));
      await recordChange(tx, actor, { communityId: e.communityId, action: 'property.entrance.deleted', subjectType: 'entrance', subjectId: e.id, data: { code: e.code }, requestId: req.id });
    });
    return { ok: true };
  });
}

import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { AppError } from '../../kernel/errors/index.ts';
import { Body, encodeCursor, idCursor } from '../../kernel/http/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { equipment } from './property.tables.ts';
import { recordChange } from './record-change.ts';
import { requireCommunityPermission, requirePropertyRead, requirePropertyWrite } from './property.policy.ts';
import { Code, CommunityIdParams, EQUIPMENT_KINDS, EQUIPMENT_STATUSES, Name, Nullable, OneOf, PageQuery } from './property.schemas.ts';
import { checkEquipmentPlace, equipmentView, listEquipment } from './equipment.repository.ts';

const tags = ['property'];
const Uuid = Type.String({ format: 'uuid' });
export const EquipmentQuery = Type.Object({ kind: Type.Optional(OneOf(EQUIPMENT_KINDS)), status: Type.Optional(OneOf(EQUIPMENT_STATUSES)), buildingId: Type.Optional(Uuid), ...PageQuery });
const EquipmentView = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  buildingId: Nullable(Type.String()),
  commonAreaId: Nullable(Type.String()),
  location: Type.String(),
  model: Type.String(),
  status: Type.String(),
  installedOn: Nullable(Type.String()),
});
const Editable = {
  name: Type.Optional(Name),
  buildingId: Type.Optional(Nullable(Uuid)),
  commonAreaId: Type.Optional(Nullable(Uuid)),
  location: Type.Optional(Type.String({ maxLength: 200 })),
  model: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(OneOf(EQUIPMENT_STATUSES)),
  installedOn: Type.Optional(Nullable(Type.String({ format: 'date' }))),
};

/** 设备: list, create, read, edit (export lives with the other exports). */
export async function equipmentRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;

  app.get(
    '/api/v1/communities/:id/equipment',
    { schema: { tags, summary: '设备列表 / equipment', params: CommunityIdParams, querystring: EquipmentQuery, response: { 200: Type.Object({ items: Type.Array(EquipmentView), nextCursor: Nullable(Type.String()) }) } } },
    async (req) => {
      await requireCommunityPermission(db, req.requireActor(), req.params.id, 'property.read');
      const { limit = 50, cursor, ...filter } = req.query;
      const page = await listEquipment(db, req.params.id, filter, limit, idCursor(cursor));
      return { items: page.items.map(equipmentView), nextCursor: page.lastId ? encodeCursor([page.lastId]) : null };
    },
  );

  app.post(
    '/api/v1/communities/:id/equipment',
    { schema: { tags, summary: '新建设备 / create equipment', params: CommunityIdParams, body: Body({ code: Code, ...Editable, name: Name, kind: OneOf(EQUIPMENT_KINDS) }), response: { 201: EquipmentView } } },
    async (req, reply) => {
      const actor = req.requireActor();
      await requireCommunityPermission(db, actor, req.params.id, 'property.manage');
      await checkEquipmentPlace(db, req.params.id, req.body);
      const e = await db.transaction(async (tx) => {
        const [row] = await tx.insert(equipment).values({ ...req.body, communityId: req.params.id }).returning();
        await recordChange(tx, actor, { communityId: row.communityId, action: 'property.equipment.created', subjectType: 'equipment', subjectId: row.id, data: { code: row.code, kind: row.kind }, requestId: req.id });
        return row;
      });
      return reply.status(201).send(equipmentView(e));
    },
  );

  app.get('/api/v1/equipment/:id', { schema: { tags, summary: '设备详情 / equipment detail', params: CommunityIdParams, response: { 200: EquipmentView } } }, async (req) => {
    const [e] = await db.select().from(equipment).where(eq(equipment.id, req.params.id));
    if (!e) throw new AppError('NOT_FOUND', { what: '设备' });
    await requirePropertyRead(db, req.requireActor(), e.communityId, '设备');
    return equipmentView(e);
  });

  app.patch(
    '/api/v1/equipment/:id',
    { schema: { tags, summary: '修改设备 / edit equipment', params: CommunityIdParams, body: Body(Editable), response: { 200: EquipmentView } } },
    async (req) => {
      const actor = req.requireActor();
      const [e] = await db.select().from(equipment).where(eq(equipment.id, req.params.id));
      if (!e) throw new AppError('NOT_FOUND', { what: '设备' });
      await requirePropertyWrite(db, actor, e.communityId, '设备');
      await checkEquipmentPlace(db, e.communityId, req.body);
      const updated = await db.transaction(async (tx) => {
        const [row] = await tx.update(equipment).set({ ...req.body, updatedAt: deps.clock.now() }).where(eq(equipment.id, e.id)).returning();
        await recordChange(tx, actor, { communityId: row.communityId, action: 'property.equipment.updated', subjectType: 'equipment', subjectId: row.id, data: req.body, requestId: req.id });
        return row;
      });
      return equipmentView(updated);
    },
  );
}

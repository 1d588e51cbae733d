import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { Body, Id, IdParams } from '../../kernel/http/index.ts';
import { communityOf, requirePermission } from '../../kernel/permissions/index.ts';
import { attachFileCheck } from '../../kernel/files/index.ts';
import { buildings, rooms } from '../property/index.ts';
import { checklistItems, roomPackages, PACKAGE_KINDS } from './archive.tables.ts';
import { checklistOf, openPackage, recordDocument, roomsWithMissing } from './documents.service.ts';
import { archiveCodeSql, findRoom } from './rooms.lookup.ts';

const Kind = Type.Union(PACKAGE_KINDS.map((k) => Type.Literal(k)));
const DateStr = Type.String({ format: 'date' });

/** Document packages (R-ARC-2/3): checklists per community, items per room with files, missing items. */
export async function documentsRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const { db } = deps.database;
  const tags = ['archive'];
  const pid = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get('/api/v1/communities/:id/archive/checklists', { schema: { tags, summary: '资料清单 / document checklists', params: IdParams } }, async (req) => {
    requirePermission(req.requireActor(), 'archive.read', pid(req));
    return { items: await checklistOf(db, pid(req)) };
  });

  app.post(
    '/api/v1/communities/:id/archive/checklists',
    { schema: { tags, summary: '新增清单项 / add a checklist item', params: IdParams, body: Body({ packageKind: Kind, code: Type.String({ pattern: '^[a-z0-9_]{2,40}$' }), nameZh: Type.String({ minLength: 1, maxLength: 100 }), nameEn: Type.String({ minLength: 1, maxLength: 100 }), required: Type.Optional(Type.Boolean()) }) } },
    async (req, reply) => {
      const actor = req.requireActor();
      requirePermission(actor, 'archive.manage', pid(req));
      await checklistOf(db, pid(req));
      const b = req.body as { packageKind: (typeof PACKAGE_KINDS)[number]; code: string; nameZh: string; nameEn: string; required?: boolean };
      const row = await db.transaction(async (tx) => {
        const [max] = await tx.select({ n: sql<number>`coalesce(max(${checklistItems.sort}), 0)::int` }).from(checklistItems).where(and(eq(checklistItems.communityId, pid(req)), eq(checklistItems.packageKind, b.packageKind)));
        const [r] = await tx.insert(checklistItems).values({ communityId: pid(req), ...b, required: b.required ?? true, sort: max.n + 1 }).returning();
        await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: pid(req), action: 'checklist.add', subjectType: 'checklist_item', subjectId: r.id, requestId: req.id });
        return r;
      });
      return reply.status(201).send(row);
    },
  );

  app.patch(
    '/api/v1/archive/checklist-items/:id',
    { schema: { tags, summary: '修改清单项 / change a checklist item', params: IdParams, body: Body({ nameZh: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), required: Type.Optional(Type.Boolean()), active: Type.Optional(Type.Boolean()), sort: Type.Optional(Type.Integer()) }) } },
    async (req) => {
      const actor = req.requireActor();
      const [item] = await db.select().from(checklistItems).where(eq(checklistItems.id, pid(req)));
      if (!item) throw new AppError('NOT_FOUND', { what: '清单项' });
      await communityOf(db, actor, item.communityId);
      requirePermission(actor, 'archive.manage', item.communityId, '清单项');
      return db.transaction(async (tx) => {
        const [r] = await tx.update(checklistItems).set(req.body as object).where(eq(checklistItems.id, item.id)).returning();
        await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: item.communityId, action: 'checklist.update', subjectType: 'checklist_item', subjectId: item.id, data: req.body as Record<string, unknown>, requestId: req.id });
        return r;
      });
    },
  );

  app.post(
    '/api/v1/rooms/:id/archive/packages',
    { schema: { tags, summary: '新建资料袋（如装修）/ open a document package', params: IdParams, body: Body({ kind: Kind, openedOn: DateStr }) } },
    async (req, reply) => {
      const actor = req.requireActor();
      const room = await findRoom(db, actor.companyId, pid(req));
      if (!room) throw new AppError('NOT_FOUND', { what: '房屋' });
      requirePermission(actor, 'archive.manage', room.communityId, '房屋');
      const b = req.body as { kind: (typeof PACKAGE_KINDS)[number]; openedOn: string };
      const p = await db.transaction(async (tx) => {
        const p = await openPackage(tx, room.communityId, room.id, b.kind, b.openedOn);
        await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: room.communityId, action: 'package.open', subjectType: 'room', subjectId: room.id, data: { kind: b.kind }, requestId: req.id });
        await emit(tx, { type: 'archive.package_opened', companyId: actor.companyId, communityId: room.communityId, subjectType: 'room', subjectId: room.id, roomIds: [room.id] });
        return p;
      });
      return reply.status(201).send(p);
    },
  );

  app.put(
    '/api/v1/archive/packages/:id/items/:itemId',
    { schema: { tags, summary: '登记资料（附扫描件）/ record a collected item with its scans', params: Type.Object({ id: Id, itemId: Id }), body: Body({ fileIds: Type.Array(Id, { maxItems: 20 }), note: Type.Optional(Type.String({ maxLength: 500 })), receivedOn: DateStr }) } },
    async (req) => {
      const actor = req.requireActor();
      const { id, itemId } = req.params as { id: string; itemId: string };
      const [p] = await db.select().from(roomPackages).where(eq(roomPackages.id, id));
      if (!p) throw new AppError('NOT_FOUND', { what: '资料袋' });
      await communityOf(db, actor, p.communityId);
      requirePermission(actor, 'archive.manage', p.communityId, '资料袋');
      const [item] = await db.select().from(checklistItems).where(and(eq(checklistItems.id, itemId), eq(checklistItems.communityId, p.communityId), eq(checklistItems.packageKind, p.packageKind)));
      if (!item) throw new AppError('NOT_FOUND', { what: '清单项' });
      const b = req.body as { fileIds: string[]; note?: string; receivedOn: string };
      await attachFileCheck(db, actor, b.fileIds, p.communityId);
      return db.transaction(async (tx) => {
        const row = await recordDocument(tx, { communityId: p.communityId, packageId: p.id, itemId, fileIds: b.fileIds, note: b.note ?? '', receivedOn: b.receivedOn, recordedBy: actor.userId, now: deps.clock.now() });
        await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: p.communityId, action: 'package.item_recorded', subjectType: 'room', subjectId: p.roomId, data: { packageId: p.id, item: item.code, files: b.fileIds.length }, requestId: req.id });
        await emit(tx, { type: 'archive.item_recorded', companyId: actor.companyId, communityId: p.communityId, subjectType: 'room', subjectId: p.roomId, roomIds: [p.roomId] });
        return row;
      });
    },
  );

  app.get('/api/v1/communities/:id/archive/missing', { schema: { tags, summary: '缺失资料的房屋 / rooms with missing items', params: IdParams } }, async (req) => {
    requirePermission(req.requireActor(), 'archive.read', pid(req));
    const list = await roomsWithMissing(db, pid(req));
    return { items: list.map((r) => ({ roomId: r.room_id, roomCode: r.room_code, archiveCode: r.archive_code, missingItems: r.missing_items, failedFindings: r.failed_findings })) };
  });

  // R-ARC-3: archive lists sort and filter by building-floor-room.
  app.get(
    '/api/v1/communities/:id/archive/rooms',
    { schema: { tags, summary: '档案房屋列表（按档案编号）/ rooms by archive code', params: IdParams, querystring: Type.Object({ archiveCode: Type.Optional(Type.String({ maxLength: 40 })) }) } },
    async (req) => {
      requirePermission(req.requireActor(), 'archive.read', pid(req));
      const q = (req.query as { archiveCode?: string }).archiveCode;
      const conds = [eq(rooms.communityId, pid(req))];
      if (q) conds.push(like(archiveCodeSql, `${q.replace(/[%_\\]/g, '\\$&')}%`));
      const list = await db.select({ id: rooms.id, code: rooms.code, archiveCode: archiveCodeSql, status: rooms.status }).from(rooms).innerJoin(buildings, eq(buildings.id, rooms.buildingId)).where(and(...conds)).orderBy(asc(buildings.code), asc(rooms.floor), asc(rooms.number), archiveCodeSql).limit(1000);
      return { items: list };
    },
  );
}

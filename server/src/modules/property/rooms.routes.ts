import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors/index.ts';
import { Body, decodeCursor, encodeCursor } from '../../kernel/http/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireCommunityPermission, requirePropertyRead, requirePropertyWrite } from './property.policy.ts';
import { Area, CommunityIdParams, Nullable, OneOf, PageQuery, ROOM_STATUSES, ROOM_USES, RoomView, SegmentCode } from './property.schemas.ts';
import { findRoom, listRooms, roomView, roomWithPlace, type RoomFilter, type RoomPosition } from './rooms.repository.ts';
import { createRoom, updateRoom } from './rooms.service.ts';
import { roomOccupants } from './room-occupants.ts';

const tags = ['property'];
const Uuid = Type.String({ format: 'uuid' });
const Floor = Type.Integer({ minimum: -10, maximum: 200 });

export const RoomQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64, description: '房号前缀 code prefix by segments: "3-2" → 3栋2单元; "3-2-1201" exact' })),
  buildingId: Type.Optional(Uuid),
  entranceId: Type.Optional(Uuid),
  status: Type.Optional(OneOf(ROOM_STATUSES)),
  use: Type.Optional(OneOf(ROOM_USES)),
  ...PageQuery,
});

const RoomDetail = Type.Object({
  ...RoomView.properties,
  buildingName: Type.String(),
  buildingCode: Type.String(),
  entranceName: Nullable(Type.String()),
  entranceCode: Nullable(Type.String()),
  occupants: Type.Array(Type.Object({ personId: Type.String(), name: Type.String(), relation: Type.String() })),
});

/**
 * The filter a caller may list with in a community: staff with property.read see all rooms,
 * owners only their own there (404 when they hold none in it).
 */
export async function roomListScope(deps: Deps, actor: Actor, communityId: string, f: RoomFilter): Promise<RoomFilter> {
  if (actor.kind === 'owner') {
    const mine = actor.rooms.filter((r) => r.communityId === communityId).map((r) => r.roomId);
    if (mine.length === 0) throw new AppError('NOT_FOUND', { what: '小区' });
    return { ...f, onlyIds: mine };
  }
  await requireCommunityPermission(deps.database.db, actor, communityId, 'property.read');
  return f;
}

export function roomCursor(cursor: string | undefined): RoomPosition | null {
  if (!cursor) return null;
  const v = decodeCursor(cursor);
  if (!v || typeof v[0] !== 'string' || typeof v[1] !== 'string') throw new AppError('VALIDATION_FAILED', { reason: 'cursor' });
  return { sortKey: v[0], code: v[1] };
}

/** 房屋: list/search, create, detail, edit. */
export async function roomsRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;

  app.get(
    '/api/v1/communities/:id/rooms',
    { schema: { tags, summary: '房屋列表与房号搜索 / rooms, searchable by code prefix', params: CommunityIdParams, querystring: RoomQuery, response: { 200: Type.Object({ items: Type.Array(RoomView), nextCursor: Nullable(Type.String()) }) } } },
    async (req) => {
      const { limit = 50, cursor, ...filter } = req.query;
      const scoped = await roomListScope(deps, req.requireActor(), req.params.id, filter);
      const page = await listRooms(db, req.params.id, scoped, limit, roomCursor(cursor));
      return { items: page.items.map(roomView), nextCursor: page.last === null ? null : encodeCursor([page.last.sortKey, page.last.code]) };
    },
  );

  app.post(
    '/api/v1/communities/:id/rooms',
    {
      schema: {
        tags,
        summary: '新建房屋 / create a room',
        params: CommunityIdParams,
        body: Body({ buildingId: Uuid, entranceId: Type.Optional(Nullable(Uuid)), floor: Floor, number: SegmentCode, areaM2: Area, indoorAreaM2: Type.Optional(Nullable(Area)), use: Type.Optional(OneOf(ROOM_USES)), status: Type.Optional(OneOf(ROOM_STATUSES)) }),
        response: { 201: RoomView },
      },
    },
    async (req, reply) => {
      const actor = req.requireActor();
      await requireCommunityPermission(db, actor, req.params.id, 'property.manage');
      return reply.status(201).send(await createRoom(db, actor, req.params.id, req.body, req.id));
    },
  );

  app.get('/api/v1/rooms/:id', { schema: { tags, summary: '房屋详情 / room detail', params: CommunityIdParams, response: { 200: RoomDetail } } }, async (req) => {
    const actor = req.requireActor();
    const found = await roomWithPlace(db, req.params.id);
    if (!found) throw new AppError('NOT_FOUND', { what: '房屋' });
    await requirePropertyRead(db, actor, found.room.communityId, '房屋', found.room.id);
    const occupants = await roomOccupants(db, found.room.id, deps.clock.now());
    return {
      ...roomView(found.room),
      buildingName: found.buildingName,
      buildingCode: found.buildingCode,
      entranceName: found.entranceName,
      entranceCode: found.entranceCode,
      occupants,
    };
  });

  app.patch(
    '/api/v1/rooms/:id',
    {
      schema: {
        tags,
        summary: '修改房屋 / edit a room',
        params: CommunityIdParams,
        body: Body({ floor: Type.Optional(Floor), areaM2: Type.Optional(Area), indoorAreaM2: Type.Optional(Nullable(Area)), use: Type.Optional(OneOf(ROOM_USES)), status: Type.Optional(OneOf(ROOM_STATUSES)) }),
        response: { 200: RoomView },
      },
    },
    async (req) => {
      const actor = req.requireActor();
      const room = await findRoom(db, req.params.id);
      if (!room) throw new AppError('NOT_FOUND', { what: '房屋' });
      await requirePropertyWrite(db, actor, room.communityId, '房屋');
      return updateRoom(db, actor, room, req.body, deps.clock.now(), req.id);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { AppModule } from '../../kernel/module.ts';
import type { Deps } from '../../kernel/deps.ts';
import './property.constraints.ts';
import { communitiesRoutes } from './communities.routes.ts';
import { buildingsRoutes } from './buildings.routes.ts';
import { entrancesRoutes } from './entrances.routes.ts';
import { treeRoutes } from './tree.routes.ts';
import { roomsRoutes } from './rooms.routes.ts';
import { parkingRoutes } from './parking.routes.ts';
import { commonAreasRoutes } from './common-areas.routes.ts';
import { equipmentRoutes } from './equipment.routes.ts';
import { exportRoutes } from './export.routes.ts';

export { buildings, entrances, rooms, parkingSpaces, commonAreas, equipment } from './property.tables.ts';
export { getRoom, roomsByIds, assertRoomInCommunity, type RoomView } from './rooms.repository.ts';
export { findPlace, type Place } from './places.repository.ts';
export { roomCode } from './rooms.service.ts';
export { parseArea } from './area.ts';
export { requireCommunityPermission } from './property.policy.ts';
export { setRoomOccupantsResolver, maskName, type RoomOccupant, type RoomOccupantsResolver } from './room-occupants.ts';
export { ROOM_USES, ROOM_STATUSES } from './property.schemas.ts';

async function routes(app: FastifyInstance, opts: { deps: Deps }) {
  for (const r of [communitiesRoutes, buildingsRoutes, entrancesRoutes, treeRoutes, roomsRoutes, parkingRoutes, commonAreasRoutes, equipmentRoutes, exportRoutes]) await app.register(r, opts);
}

/** 房产资料 (R-ORG-1/2): communities, buildings, entrances, rooms, parking, common areas, equipment. */
export const propertyModule: AppModule = { name: 'property', routes };

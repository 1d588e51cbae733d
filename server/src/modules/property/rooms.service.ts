import { and, eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { requireArea } from './area.ts';
import { entrances, rooms } from './property.tables.ts';
import { recordChange } from './record-change.ts';
import { buildingIn } from './structure.repository.ts';
import { roomView, type RoomRow } from './rooms.repository.ts';

export interface NewRoom {
  buildingId: string;
  entranceId?: string | null;
  floor: number;
  number: string;
  areaM2: number;
  indoorAreaM2?: number | null;
  use?: RoomRow['use'];
  status?: RoomRow['status'];
}

/** The room code of the glossary: building-entrance-room (3-2-1201), or building-room without entrances. */
export function roomCode(buildingCode: string, entranceCode: string | null, number: string): string {
  return entranceCode ? `${buildingCode}-${entranceCode}-${number}` : `${buildingCode}-${number}`;
}

function checkAreas(area: number | undefined, indoor: number | null | undefined) {
  const out: { areaM2?: string; indoorAreaM2?: string | null } = {};
  if (area !== undefined) out.areaM2 = requireArea(area, '建筑面积 areaM2');
  if (indoor !== undefined) out.indoorAreaM2 = indoor === null ? null : requireArea(indoor, '套内面积 indoorAreaM2');
  if (out.areaM2 && out.indoorAreaM2 && Number(out.indoorAreaM2) > Number(out.areaM2)) {
    throw new AppError('VALIDATION_FAILED', { reason: '套内面积不能大于建筑面积 / indoor area cannot exceed the gross area' });
  }
  return out;
}

export async function createRoom(db: Db, actor: Actor, communityId: string, input: NewRoom, requestId?: string) {
  const areas = checkAreas(input.areaM2, input.indoorAreaM2 ?? null);
  const b = await buildingIn(db, communityId, input.buildingId);
  let entranceCode: string | null = null;
  if (input.entranceId) {
    const [e] = await db.select().from(entrances).where(and(eq(entrances.id, input.entranceId), eq(entrances.buildingId, b.id)));
    if (!e) throw new AppError('NOT_FOUND', { what: '单元' });
    entranceCode = e.code;
  }
  return db.transaction(async (tx) => {
    const [r] = await tx
      .insert(rooms)
      .values({
        communityId,
        buildingId: b.id,
        entranceId: input.entranceId ?? null,
        floor: input.floor,
        number: input.number,
        code: roomCode(b.code, entranceCode, input.number),
        areaM2: areas.areaM2!,
        indoorAreaM2: areas.indoorAreaM2 ?? null,
        use: input.use ?? 'residential',
        status: input.status ?? 'vacant',
      })
      .returning();
    await recordChange(tx, actor, { communityId, action: 'property.room.created', subjectType: 'room', subjectId: r.id, roomIds: [r.id], data: { code: r.code }, requestId });
    return roomView(r);
  });
}

export interface RoomPatch {
  floor?: number;
  areaM2?: number;
  indoorAreaM2?: number | null;
  use?: RoomRow['use'];
  status?: RoomRow['status'];
}

export async function updateRoom(db: Db, actor: Actor, room: RoomRow, patch: RoomPatch, now: Date, requestId?: string) {
  const areas = checkAreas(patch.areaM2, patch.indoorAreaM2);
  const gross = areas.areaM2 ?? room.areaM2;
  const indoor = areas.indoorAreaM2 !== undefined ? areas.indoorAreaM2 : room.indoorAreaM2;
  if (indoor !== null && Number(indoor) > Number(gross)) throw new AppError('VALIDATION_FAILED', { reason: '套内面积不能大于建筑面积 / indoor area cannot exceed the gross area' });
  return db.transaction(async (tx) => {
    const [r] = await tx
      .update(rooms)
      .set({ floor: patch.floor, use: patch.use, status: patch.status, ...areas, updatedAt: now })
      .where(eq(rooms.id, room.id))
      .returning();
    await recordChange(tx, actor, { communityId: r.communityId, action: 'property.room.updated', subjectType: 'room', subjectId: r.id, roomIds: [r.id], data: { code: r.code, ...patch }, requestId });
    return roomView(r);
  });
}

import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { maskName, type RoomOccupant } from '../property/index.ts';
import { persons, roomOccupancies } from '../people/index.ts';

/**
 * Current occupants of a room with masked names, for the room detail. It lives here because it
 * joins property and people; property calls it through setRoomOccupantsResolver.
 */
export async function currentOccupants(db: Db, roomId: string, at: Date): Promise<RoomOccupant[]> {
  const today = shanghaiDate(at);
  const list = await db
    .select({ personId: persons.id, name: persons.name, relation: roomOccupancies.relation })
    .from(roomOccupancies)
    .innerJoin(persons, eq(persons.id, roomOccupancies.personId))
    .where(and(eq(roomOccupancies.roomId, roomId), lte(roomOccupancies.startedOn, today), or(isNull(roomOccupancies.endedOn), gt(roomOccupancies.endedOn, today))))
    .orderBy(asc(roomOccupancies.startedOn));
  return list.map((o) => ({ ...o, name: maskName(o.name) }));
}

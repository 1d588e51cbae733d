import { and, eq, isNull, lte, or, gt } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { roomOccupancies } from './people.tables.ts';
import { shanghaiDate } from '../../kernel/time.ts';

/** Rooms a person holds or lives in on a given day (ownership history is kept, so filter by dates). */
export async function currentRoomsOf(db: Db, personId: string, at: Date) {
  const today = shanghaiDate(at);
  return db
    .select({ roomId: roomOccupancies.roomId, communityId: roomOccupancies.communityId, relation: roomOccupancies.relation })
    .from(roomOccupancies)
    .where(
      and(
        eq(roomOccupancies.personId, personId),
        lte(roomOccupancies.startedOn, today),
        or(isNull(roomOccupancies.endedOn), gt(roomOccupancies.endedOn, today)),
      ),
    );
}

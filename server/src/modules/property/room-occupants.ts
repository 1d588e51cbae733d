import type { Db } from '../../kernel/db/index.ts';

export interface RoomOccupant {
  personId: string;
  /** Masked for display, e.g. 张** */
  name: string;
  relation: string;
}
export type RoomOccupantsResolver = (db: Db, roomId: string, at: Date) => Promise<RoomOccupant[]>;

// The people module knows who lives where and depends on property, so it plugs this in at
// start instead of property importing it (no module cycle). Until it does, rooms show none.
let resolver: RoomOccupantsResolver = async () => [];
export function setRoomOccupantsResolver(fn: RoomOccupantsResolver): void {
  resolver = fn;
}
export function roomOccupants(db: Db, roomId: string, at: Date): Promise<RoomOccupant[]> {
  return resolver(db, roomId, at);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
}

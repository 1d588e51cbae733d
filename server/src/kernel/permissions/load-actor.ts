import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users } from '../auth/auth.tables.ts';
import { roles, userRoles } from './permissions.tables.ts';
import type { Actor } from './actor.ts';

export type OwnerRoomsResolver = (db: Db, personId: string, at: Date) => Promise<Array<{ roomId: string; communityId: string; relation: string }>>;

// The people module knows who lives where; it registers this at start (kernel never imports modules).
let ownerRooms: OwnerRoomsResolver = async () => [];
export function setOwnerRoomsResolver(fn: OwnerRoomsResolver): void {
  ownerRooms = fn;
}

export async function loadActor(db: Db, userId: string, now: Date): Promise<Actor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || !user.active) return null;
  const grants = await db
    .select({ scope: roles.scope, code: roles.code, permissions: roles.permissions, communityId: userRoles.communityId })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.userId, userId));
  const companyPermissions = new Set<string>();
  const communityPermissions = new Map<string, Set<string>>();
  const ownerPermissions = new Set<string>();
  for (const g of grants) {
    if (g.scope === 'owner') g.permissions.forEach((p) => ownerPermissions.add(p));
    else if (g.communityId === null) g.permissions.forEach((p) => companyPermissions.add(p));
    else {
      const set = communityPermissions.get(g.communityId) ?? new Set<string>();
      g.permissions.forEach((p) => set.add(p));
      communityPermissions.set(g.communityId, set);
    }
  }
  const rooms = user.kind === 'owner' && user.personId ? await ownerRooms(db, user.personId, now) : [];
  return {
    userId: user.id,
    kind: user.kind,
    companyId: user.companyId,
    name: user.displayName,
    companyPermissions,
    communityPermissions,
    ownerPermissions,
    rooms,
    roleCodes: [...new Set(grants.map((g) => g.code))],
    personId: user.personId,
  };
}

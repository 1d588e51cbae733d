import type { Permission } from './catalog.ts';

/** Who is asking, resolved once per request from the session or bearer token. */
export interface Actor {
  userId: string;
  kind: 'staff' | 'owner';
  companyId: string;
  name: string;
  /** Permissions held company-wide (company-scope roles): valid in every community of the company. */
  companyPermissions: ReadonlySet<string>;
  /** Permissions per community (community-scope roles). */
  communityPermissions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Owners: the rooms they currently hold or live in, with their community. */
  rooms: ReadonlyArray<{ roomId: string; communityId: string; relation: string }>;
  /** Owners: permissions from owner-scope roles. */
  ownerPermissions: ReadonlySet<string>;
  roleCodes: string[];
  personId: string | null;
}

export function can(actor: Actor, perm: Permission, communityId?: string): boolean {
  if (actor.kind === 'owner') {
    if (!actor.ownerPermissions.has(perm)) return false;
    return communityId === undefined || actor.rooms.some((r) => r.communityId === communityId);
  }
  if (actor.companyPermissions.has(perm)) return true;
  if (communityId === undefined) {
    for (const set of actor.communityPermissions.values()) if (set.has(perm)) return true;
    return false;
  }
  return actor.communityPermissions.get(communityId)?.has(perm) ?? false;
}

/** Whether the actor has company-wide reach (sees every community of the company). */
export function isCompanyWide(actor: Actor): boolean {
  return actor.kind === 'staff' && actor.companyPermissions.size > 0;
}

export function ownsRoom(actor: Actor, roomId: string): boolean {
  return actor.kind === 'owner' && actor.rooms.some((r) => r.roomId === roomId);
}

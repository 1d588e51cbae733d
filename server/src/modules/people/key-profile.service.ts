import { and, asc, eq } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import { keyOwnerProfiles } from './archive.tables.ts';
import { loadPerson } from './persons.service.ts';
import { requireAnyPermission, requireArchiveGrant } from './archive.policy.ts';
import { logAccess } from './access-log.ts';
import { linkViews, resolveLinks, type Link } from './links.ts';
import { persons } from './people.tables.ts';

export interface ProfileInput {
  birthday?: string | null;
  character?: string;
  preferences?: string;
  skills?: string;
  specialNeeds?: string;
  opinions?: string;
  /** Complaints / work orders / requests by reference id: their records stay in their modules. */
  links?: Link[];
}

/** 重点业户 profile (R-ARC-4), one per person and community; reading it is archive access. */
export async function getKeyProfile(deps: Deps, actor: Actor, personId: string, requestId?: string) {
  const { db } = deps.database;
  const loaded = await loadPerson(db, actor, personId);
  const grant = await requireArchiveGrant(db, actor, { communityIds: loaded.communityIds, personId, roomIds: loaded.roomIds }, deps.clock.now(), '人员');
  const [p] = await db.select().from(keyOwnerProfiles).where(and(eq(keyOwnerProfiles.personId, personId), eq(keyOwnerProfiles.communityId, grant.communityId)));
  await logAccess(db, actor, deps.clock.now(), { communityId: grant.communityId, action: 'view', personId, detail: { what: 'key_profile' }, borrowingRequestId: grant.via === 'borrowing' ? grant.requestId : null, requestId });
  if (!p) return null;
  const [links] = await linkViews(db, actor.companyId, [p.links]);
  return { ...p, links };
}

export async function saveKeyProfile(deps: Deps, actor: Actor, personId: string, input: ProfileInput, requestId?: string) {
  const { db } = deps.database;
  const loaded = await loadPerson(db, actor, personId);
  const communityId = requireAnyPermission(actor, 'archive.manage', loaded.communityIds, '人员');
  const links = await resolveLinks(db, actor.companyId, communityId, input.links);
  if (links) input = { ...input, links };
  return db.transaction(async (tx) => {
    const values = { ...input, updatedBy: actor.userId, updatedAt: deps.clock.now() };
    const [row] = await tx
      .insert(keyOwnerProfiles)
      .values({ communityId, personId, ...values, links: input.links ?? [] })
      .onConflictDoUpdate({ target: [keyOwnerProfiles.communityId, keyOwnerProfiles.personId], set: values })
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId, action: 'key_profile.save', subjectType: 'person', subjectId: personId, data: { fields: Object.keys(input) }, requestId });
    await emit(tx, { type: 'key_profile.saved', companyId: actor.companyId, communityId, subjectType: 'person', subjectId: personId });
    return row;
  });
}

/**
 * 重点业户 of a community for the console list (archive.read): who, birthday, special needs and
 * the linked records. Opening the list is logged as a view of the community's profiles.
 */
export async function listKeyProfiles(deps: Deps, actor: Actor, communityId: string, requestId?: string) {
  const { db } = deps.database;
  requirePermission(actor, 'archive.read', communityId);
  const rows = await db
    .select({ p: keyOwnerProfiles, name: persons.name })
    .from(keyOwnerProfiles)
    .innerJoin(persons, eq(persons.id, keyOwnerProfiles.personId))
    .where(and(eq(keyOwnerProfiles.communityId, communityId), eq(persons.companyId, actor.companyId)))
    .orderBy(asc(persons.name))
    .limit(1000);
  await logAccess(db, actor, deps.clock.now(), { communityId, action: 'view', detail: { what: 'key_profiles', count: rows.length }, requestId });
  const links = await linkViews(db, actor.companyId, rows.map((r) => r.p.links));
  return rows.map((r, i) => ({ ...r.p, personName: r.name, links: links[i], createdAt: r.p.createdAt.toISOString(), updatedAt: r.p.updatedAt.toISOString() }));
}

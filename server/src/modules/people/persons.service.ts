import { and, asc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { communityOf, communityScope, requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import { decodeCursor, encodeCursor } from '../../kernel/http/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { persons, roomOccupancies } from './people.tables.ts';
import { checkIdNumber, checkPhone, sealPii, type PersonRow } from './person-fields.ts';
import { requireAnyPermission } from './archive.policy.ts';
import { checkPhoneList, fillStoredPhones, loadPhones, personIdsByPhoneSql, replacePhones, type CheckedPhone, type PhoneInput } from './phones.ts';

export interface PersonInput {
  name?: string;
  gender?: 'male' | 'female' | 'unknown';
  phone?: string | null;
  phones?: PhoneInput[];
  idNumber?: string | null;
  nativePlace?: string | null;
  hukouLocation?: string | null;
}

/**
 * Validates and seals the personal fields of an input (throws 400 before anything is written).
 * `phones` is the new phone list when the input changes phones (undefined: leave them).
 */
export function preparePerson(deps: Deps, input: PersonInput) {
  const today = shanghaiDate(deps.clock.now());
  const idNumber = input.idNumber === undefined || input.idNumber === null || input.idNumber === '' ? (input.idNumber === undefined ? undefined : null) : checkIdNumber(input.idNumber, today);
  let phones: CheckedPhone[] | undefined;
  if (input.phones !== undefined) phones = checkPhoneList(input.phones);
  else if (input.phone !== undefined) phones = input.phone ? [{ phone: checkPhone(input.phone), label: 'self', primary: true }] : [];
  const values: Partial<typeof persons.$inferInsert> = { ...sealPii(deps.pii, { idNumber }) };
  if (input.name !== undefined) values.name = input.name.trim();
  if (input.gender !== undefined) values.gender = input.gender;
  if (input.nativePlace !== undefined) values.nativePlace = input.nativePlace;
  if (input.hukouLocation !== undefined) values.hukouLocation = input.hukouLocation;
  return { values, phones };
}

/** One ID number, one person per company: a second record would split the archive. */
async function refuseDuplicateId(db: Db, companyId: string, idNumberBidx: string | null | undefined, exceptId?: string) {
  if (!idNumberBidx) return;
  const conds = [eq(persons.companyId, companyId), eq(persons.idNumberBidx, idNumberBidx)];
  if (exceptId) conds.push(sql`${persons.id} <> ${exceptId}::uuid`);
  const [dup] = await db.select({ id: persons.id }).from(persons).where(and(...conds)).limit(1);
  if (dup) throw new AppError('DUPLICATE', { what: '身份证号码对应的人员' });
}

export async function createPerson(deps: Deps, actor: Actor, communityId: string, input: PersonInput & { name: string }, requestId?: string): Promise<PersonRow> {
  await communityOf(deps.database.db, actor, communityId);
  requirePermission(actor, 'archive.manage', communityId);
  const { values, phones } = preparePerson(deps, { ...input, phones: await fillStoredPhones(deps.database.db, deps.pii, null, input.phones) });
  return deps.database.db.transaction(async (tx) => {
    await refuseDuplicateId(tx, actor.companyId, values.idNumberBidx);
    let [row] = await tx.insert(persons).values({ ...values, name: values.name!, companyId: actor.companyId, communityId }).returning();
    if (phones?.length) {
      await replacePhones(tx, deps.pii, row, phones);
      [row] = await tx.select().from(persons).where(eq(persons.id, row.id));
    }
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId, action: 'person.create', subjectType: 'person', subjectId: row.id, requestId });
    await emit(tx, { type: 'person.created', companyId: actor.companyId, communityId, subjectType: 'person', subjectId: row.id });
    return row;
  });
}

/** A person of the actor's company with the communities it belongs to (home + any occupancy). */
export async function loadPerson(db: Db, actor: Actor, personId: string) {
  const [p] = await db.select().from(persons).where(and(eq(persons.id, personId), eq(persons.companyId, actor.companyId)));
  if (!p) throw new AppError('NOT_FOUND', { what: '人员' });
  const occ = await db.select().from(roomOccupancies).where(eq(roomOccupancies.personId, personId)).orderBy(asc(roomOccupancies.startedOn));
  const communityIds = [...new Set([p.communityId, ...occ.map((o) => o.communityId)].filter((c): c is string => !!c))];
  return { person: p, occupancies: occ, communityIds, roomIds: [...new Set(occ.map((o) => o.roomId))] };
}

export async function updatePerson(deps: Deps, actor: Actor, personId: string, input: PersonInput, requestId?: string): Promise<PersonRow> {
  const { db } = deps.database;
  const loaded = await loadPerson(db, actor, personId);
  const communityId = requireAnyPermission(actor, 'archive.manage', loaded.communityIds, '人员');
  const { values, phones: asked } = preparePerson(deps, { ...input, phones: await fillStoredPhones(db, deps.pii, personId, input.phones) });
  let phones = asked;
  if (input.phones === undefined && input.phone !== undefined) {
    // Legacy single phone: replaces the primary, the other phones stay.
    const others = ((await loadPhones(db, [personId])).get(personId) ?? []).filter((p) => !p.isPrimary).map((p) => ({ phone: deps.pii.decrypt(p.phoneEnc), label: p.label }));
    phones = checkPhoneList([...(asked ?? []), ...others.filter((o) => !asked?.some((a) => a.phone === o.phone))]);
  }
  return db.transaction(async (tx) => {
    await refuseDuplicateId(tx, actor.companyId, values.idNumberBidx, personId);
    if (phones) await replacePhones(tx, deps.pii, loaded.person, phones);
    const [row] = await tx.update(persons).set({ ...values, updatedAt: deps.clock.now() }).where(eq(persons.id, personId)).returning();
    // Field names only: the audit trail must not hold the values it protects.
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId, action: 'person.update', subjectType: 'person', subjectId: personId, data: { fields: Object.keys(input) }, requestId });
    await emit(tx, { type: 'person.updated', companyId: actor.companyId, communityId, subjectType: 'person', subjectId: personId });
    return row;
  });
}

/** Persons kept by a community or living/owning there; filter by name; cursor on id. */
export async function listPersons(db: Db, actor: Actor, communityId: string, q: { q?: string; limit?: number; cursor?: string }) {
  requirePermission(actor, 'archive.read', communityId);
  const limit = q.limit ?? 50;
  const inCommunity = or(
    eq(persons.communityId, communityId),
    sql`exists (select 1 from room_occupancies o where o.person_id = ${persons.id} and o.community_id = ${communityId}::uuid)`,
  )!;
  const conds: SQL[] = [eq(persons.companyId, actor.companyId), inCommunity];
  if (q.q) conds.push(ilike(persons.name, `%${q.q.replace(/[%_\\]/g, '\\$&')}%`));
  const after = decodeCursor(q.cursor);
  if (after) conds.push(gt(persons.id, String(after[0])));
  const rows = await db.select().from(persons).where(and(...conds)).orderBy(asc(persons.id)).limit(limit + 1);
  return { rows: rows.slice(0, limit), nextCursor: rows.length > limit ? encodeCursor([rows[limit - 1].id]) : null };
}

/** Exact search by phone or ID number through the blind index (the only way to find by them). */
export async function searchPersons(deps: Deps, actor: Actor, input: { phone?: string; idNumber?: string }) {
  const { db } = deps.database;
  const conds: SQL[] = [eq(persons.companyId, actor.companyId)];
  // Any of a person's phones finds them (person_phones holds one blind index per phone).
  if (input.phone) conds.push(inArray(persons.id, personIdsByPhoneSql(db, actor.companyId, deps.pii.blindIndex('phone', input.phone))));
  if (input.idNumber) conds.push(eq(persons.idNumberBidx, deps.pii.blindIndex('idNumber', input.idNumber)));
  if (conds.length === 1) throw new AppError('VALIDATION_FAILED', { reason: 'phone 或 idNumber 必填 / phone or idNumber required' });
  const visible = or(
    communityScope(actor, persons.communityId, 'archive.read'),
    sql`exists (select 1 from room_occupancies o where o.person_id = ${persons.id} and ${communityScope(actor, sql`o.community_id`, 'archive.read')})`,
  )!;
  return db.select().from(persons).where(and(...conds, visible)).limit(20);
}

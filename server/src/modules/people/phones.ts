import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { maskPhone, MAINLAND_MOBILE, normalizePii, type PiiCipher } from '../../kernel/crypto/index.ts';
import { persons, personPhones, PHONE_LABELS, type PhoneLabel } from './people.tables.ts';

export const MAX_PHONES = 5;
export const PHONE_LABEL_ZH: Record<PhoneLabel, string> = { self: '本人', family: '家属', work: '工作', other: '其他' };

export interface PhoneInput {
  /** A stored phone of the person, kept without sending its number again. */
  id?: string;
  phone?: string;
  label?: PhoneLabel;
  primary?: boolean;
}
export interface CheckedPhone {
  phone: string;
  label: PhoneLabel;
  primary: boolean;
}
export type PhoneRow = typeof personPhones.$inferSelect;

export type PhoneListProblem = 'invalid' | 'duplicate' | 'tooMany' | 'twoPrimaries';
export const PHONE_LIST_TEXT: Record<PhoneListProblem, [string, string]> = {
  invalid: ['手机号码格式不正确，应为 11 位大陆手机号', 'a number is not an 11-digit mainland mobile number'],
  duplicate: ['同一号码填写了两次', 'the same number is listed twice'],
  tooMany: [`最多 ${MAX_PHONES} 个电话`, `at most ${MAX_PHONES} phones`],
  twoPrimaries: ['只能有一个主要电话', 'only one phone can be primary'],
};

/**
 * Normalised phone list or the first problem: valid mobiles, no repeats, at most MAX_PHONES,
 * exactly one primary (the first when none is marked). Never echoes a number.
 */
export function phoneListProblem(list: PhoneInput[]): { phones: CheckedPhone[] } | { problem: PhoneListProblem } {
  if (list.length > MAX_PHONES) return { problem: 'tooMany' };
  const phones: CheckedPhone[] = [];
  for (const p of list) {
    const phone = normalizePii('phone', p.phone ?? '');
    if (!MAINLAND_MOBILE.test(phone)) return { problem: 'invalid' };
    if (phones.some((x) => x.phone === phone)) return { problem: 'duplicate' };
    phones.push({ phone, label: p.label && PHONE_LABELS.includes(p.label) ? p.label : 'self', primary: p.primary === true });
  }
  const primaries = phones.filter((p) => p.primary).length;
  if (primaries > 1) return { problem: 'twoPrimaries' };
  if (primaries === 0 && phones.length) phones[0].primary = true;
  return { phones };
}

/** Like phoneListProblem but throws 400 (PHONE_INVALID for a bad number, PHONES_INVALID otherwise). */
export function checkPhoneList(list: PhoneInput[]): CheckedPhone[] {
  const r = phoneListProblem(list);
  if ('phones' in r) return r.phones;
  if (r.problem === 'invalid') throw new AppError('PHONE_INVALID');
  throw new AppError('PHONES_INVALID', { problem: PHONE_LIST_TEXT[r.problem][0], problemEn: PHONE_LIST_TEXT[r.problem][1] });
}

/** All phones of the given persons, primary first. */
export async function loadPhones(db: Db, personIds: string[]): Promise<Map<string, PhoneRow[]>> {
  const out = new Map<string, PhoneRow[]>();
  if (personIds.length === 0) return out;
  const rows = await db.select().from(personPhones).where(inArray(personPhones.personId, [...new Set(personIds)])).orderBy(asc(personPhones.personId), asc(personPhones.sort), asc(personPhones.id));
  for (const r of rows) {
    const list = out.get(r.personId) ?? [];
    list.push(r);
    out.set(r.personId, list);
  }
  for (const list of out.values()) list.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
  return out;
}

/** What responses show of the phones: masked only. */
export function phonesView(pii: PiiCipher, rows: PhoneRow[] | undefined) {
  return (rows ?? []).map((r) => ({ id: r.id, label: r.label, primary: r.isPrimary, phoneMasked: maskPhone(pii.decrypt(r.phoneEnc)) }));
}

/**
 * Makes the stored phones of a person equal to `list` (inside the caller's transaction): numbers
 * kept keep their id, the rest are added or removed, and persons.phone_* mirrors the primary.
 */
export async function replacePhones(tx: Db, pii: PiiCipher, person: { id: string; companyId: string }, list: CheckedPhone[]): Promise<void> {
  const sealed = list.map((p, i) => ({ ...p, bidx: pii.blindIndex('phone', p.phone), sort: i }));
  const bidxs = sealed.map((p) => p.bidx);
  await tx.delete(personPhones).where(bidxs.length ? and(eq(personPhones.personId, person.id), notInArray(personPhones.phoneBidx, bidxs)) : eq(personPhones.personId, person.id));
  // Clear the primary flag first: the partial unique index allows one primary per person.
  await tx.update(personPhones).set({ isPrimary: false }).where(eq(personPhones.personId, person.id));
  const existing = new Set((await tx.select({ b: personPhones.phoneBidx }).from(personPhones).where(eq(personPhones.personId, person.id))).map((r) => r.b));
  for (const p of sealed) {
    if (existing.has(p.bidx)) {
      await tx.update(personPhones).set({ label: p.label, isPrimary: p.primary, sort: p.sort }).where(and(eq(personPhones.personId, person.id), eq(personPhones.phoneBidx, p.bidx)));
    } else {
      await tx.insert(personPhones).values({ personId: person.id, companyId: person.companyId, label: p.label, isPrimary: p.primary, phoneEnc: pii.encrypt(p.phone), phoneBidx: p.bidx, sort: p.sort });
    }
  }
  const primary = sealed.find((p) => p.primary);
  const [row] = primary ? await tx.select({ enc: personPhones.phoneEnc }).from(personPhones).where(and(eq(personPhones.personId, person.id), eq(personPhones.phoneBidx, primary.bidx))) : [];
  await tx.update(persons).set({ phoneEnc: row?.enc ?? null, phoneBidx: primary?.bidx ?? null }).where(eq(persons.id, person.id));
}

/** Person ids of a company having this phone among any of their phones (blind index). */
export function personIdsByPhoneSql(db: Db, companyId: string, bidx: string) {
  return db.select({ id: personPhones.personId }).from(personPhones).where(and(eq(personPhones.companyId, companyId), eq(personPhones.phoneBidx, bidx)));
}

/**
 * Set-based phones for freshly inserted persons (imports): all rows in a few multi-row inserts,
 * then one UPDATE that mirrors each primary onto persons.phone_*.
 */
export async function insertPhonesBulk(tx: Db, pii: PiiCipher, companyId: string, entries: Array<{ personId: string; phones: CheckedPhone[] }>): Promise<void> {
  const rows = entries.flatMap((e) => e.phones.map((p, i) => ({ personId: e.personId, companyId, label: p.label, isPrimary: p.primary, phoneEnc: pii.encrypt(p.phone), phoneBidx: pii.blindIndex('phone', p.phone), sort: i })));
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(personPhones).values(rows.slice(i, i + 1000));
  const ids = entries.filter((e) => e.phones.length).map((e) => e.personId);
  for (let i = 0; i < ids.length; i += 5000) {
    const part = ids.slice(i, i + 5000);
    await tx.execute(sql`update persons p set phone_enc = pp.phone_enc, phone_bidx = pp.phone_bidx from person_phones pp
      where pp.person_id = p.id and pp.is_primary and p.id = any(${`{${part.join(',')}}`}::uuid[])`);
  }
}

/** Replaces `id` items by the stored number of that phone (404 when it is not this person's). */
export async function fillStoredPhones(db: Db, pii: PiiCipher, personId: string | null, list: PhoneInput[] | undefined): Promise<PhoneInput[] | undefined> {
  if (!list?.some((p) => p.id)) return list;
  const stored = personId ? ((await loadPhones(db, [personId])).get(personId) ?? []) : [];
  return list.map((p) => {
    if (!p.id) return p;
    const hit = stored.find((s) => s.id === p.id);
    if (!hit) throw new AppError('NOT_FOUND', { what: '电话' });
    return { ...p, id: undefined, phone: p.phone ?? pii.decrypt(hit.phoneEnc) };
  });
}

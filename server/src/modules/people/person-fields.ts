import { AppError } from '../../kernel/errors/index.ts';
import { maskIdNumber, maskPhone, MAINLAND_MOBILE, normalizePii, type PiiCipher } from '../../kernel/crypto/index.ts';
import { idNumberProblem, type IdNumberProblem } from './id-number.ts';
import type { persons } from './people.tables.ts';
import type { Db } from '../../kernel/db/index.ts';
import { loadPhones, phonesView, type PhoneRow } from './phones.ts';

const PROBLEM_TEXT: Record<IdNumberProblem, [string, string]> = {
  format: ['应为 18 位，前 17 位为数字，最后一位为数字或 X', 'must be 18 characters: 17 digits and a digit or X'],
  birthDate: ['出生日期无效', 'the date of birth is not a valid past date'],
  checksum: ['校验位错误，请核对号码', 'the check digit does not match; please check the number'],
};

/** Normalised mobile number or 400 PHONE_INVALID (the message never repeats the value). */
export function checkPhone(raw: string): string {
  const p = normalizePii('phone', raw);
  if (!MAINLAND_MOBILE.test(p)) throw new AppError('PHONE_INVALID');
  return p;
}

/** Normalised ID number (upper-case X) or 400 ID_NUMBER_INVALID saying what is wrong. */
export function checkIdNumber(raw: string, today: string): string {
  const problem = idNumberProblem(raw, today);
  if (problem) throw new AppError('ID_NUMBER_INVALID', { problem: PROBLEM_TEXT[problem][0], problemEn: PROBLEM_TEXT[problem][1] });
  return normalizePii('idNumber', raw);
}

/** Ciphertext + blind index columns for whichever values are given (undefined = leave, null = clear). */
export function sealPii(pii: PiiCipher, v: { phone?: string | null; idNumber?: string | null }) {
  const out: Partial<Pick<typeof persons.$inferInsert, 'phoneEnc' | 'phoneBidx' | 'idNumberEnc' | 'idNumberBidx'>> = {};
  if (v.phone !== undefined) {
    out.phoneEnc = v.phone ? pii.encrypt(v.phone) : null;
    out.phoneBidx = v.phone ? pii.blindIndex('phone', v.phone) : null;
  }
  if (v.idNumber !== undefined) {
    out.idNumberEnc = v.idNumber ? pii.encrypt(v.idNumber) : null;
    out.idNumberBidx = v.idNumber ? pii.blindIndex('idNumber', v.idNumber) : null;
  }
  return out;
}

export type PersonRow = typeof persons.$inferSelect;

/** What every response shows of a person: phones and ID number masked, never the plaintext. */
export function personView(pii: PiiCipher, p: PersonRow, phones?: PhoneRow[]) {
  return {
    id: p.id,
    communityId: p.communityId,
    name: p.name,
    gender: p.gender,
    /** The primary phone. */
    phoneMasked: p.phoneEnc ? maskPhone(pii.decrypt(p.phoneEnc)) : null,
    phones: phonesView(pii, phones),
    idNumberMasked: p.idNumberEnc ? maskIdNumber(pii.decrypt(p.idNumberEnc)) : null,
    nativePlace: p.nativePlace,
    hukouLocation: p.hukouLocation,
    createdAt: p.createdAt.toISOString(),
  };
}

/** personView for a list of rows, their phones loaded in one query. */
export async function personViews(db: Db, pii: PiiCipher, rows: PersonRow[]) {
  const phones = await loadPhones(db, rows.map((r) => r.id));
  return rows.map((r) => personView(pii, r, phones.get(r.id)));
}

/** The plaintext of one field, for the logged reveal only. */
export function revealField(pii: PiiCipher, p: PersonRow, field: 'phone' | 'idNumber'): string | null {
  const stored = field === 'phone' ? p.phoneEnc : p.idNumberEnc;
  return stored ? pii.decrypt(stored) : null;
}

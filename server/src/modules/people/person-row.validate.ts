import { normalizePii } from '../../kernel/crypto/index.ts';
import { idNumberProblem } from './id-number.ts';
import { phoneListProblem, PHONE_LIST_TEXT, type CheckedPhone, type PhoneInput } from './phones.ts';
import type { PhoneLabel } from './people.tables.ts';

/**
 * The one row validator for people in import sheets (people's owner import and household's
 * room import both call it), so the rules for names, phones, ID numbers and relations cannot
 * drift. Messages name the field, never the value: a row error must not echo personal data.
 */
export type PersonField = 'name' | 'phones' | 'idNumber' | 'relation' | 'gender';
export type Relation = 'owner' | 'co_owner' | 'family' | 'tenant';
export interface FieldError {
  field: PersonField;
  zh: string;
  en: string;
}
export interface PersonRowValue {
  name: string;
  phones: CheckedPhone[];
  idNumber: string | null;
  relation: Relation;
  gender: 'male' | 'female' | 'unknown';
}

export const RELATION_VALUES: Record<string, Relation> = { 业主: 'owner', 共有人: 'co_owner', 家庭成员: 'family', 租户: 'tenant' };
const GENDER_VALUES: Record<string, 'male' | 'female' | 'unknown'> = { 男: 'male', 女: 'female', '': 'unknown' };
const LABEL_VALUES: Record<string, PhoneLabel> = { 本人: 'self', 家属: 'family', 工作: 'work', 其他: 'other' };
export const NAME_MAX = 50;

/**
 * A phone cell may hold several numbers separated by ； ; ， , 、 / or a line break, each
 * optionally prefixed by its label (家属:139…); the first is the primary one. Null: unknown label.
 */
export function parsePhoneCell(cell: string): PhoneInput[] | null {
  const out: PhoneInput[] = [];
  for (const part of cell.split(/[;；,，、/\n]+/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^\d+:：]+)[:：]\s*(.+)$/.exec(part);
    if (m) {
      const label = LABEL_VALUES[m[1].trim()];
      if (!label) return null;
      out.push({ phone: m[2], label });
    } else out.push({ phone: part });
  }
  return out;
}

/**
 * Checks the person fields of one sheet row and returns every problem found. Fields missing
 * from `v` are not checked (a sheet without a relation column means 业主).
 */
export function validatePersonRow(v: { name?: string; phones?: string; idNumber?: string; relation?: string; gender?: string }, today: string): { value: PersonRowValue; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const err = (field: PersonField, zh: string, en: string) => errors.push({ field, zh, en });
  const relation = v.relation === undefined ? 'owner' : RELATION_VALUES[v.relation];
  if (!relation) err('relation', '关系须为 业主/共有人/家庭成员/租户', 'relation must be 业主/共有人/家庭成员/租户');
  const name = (v.name ?? '').trim();
  if (!name) err('name', '姓名不能为空', 'name is required');
  else if (name.length > NAME_MAX) err('name', `姓名过长（最多 ${NAME_MAX} 字）`, `name is too long (at most ${NAME_MAX} characters)`);
  const gender = GENDER_VALUES[v.gender ?? ''];
  if (!gender) err('gender', '性别须为 男/女 或留空', 'gender must be 男/女 or empty');
  let phones: CheckedPhone[] = [];
  if (v.phones) {
    const parsed = parsePhoneCell(v.phones);
    if (!parsed) err('phones', '电话标签须为 本人/家属/工作/其他', 'phone labels must be 本人/家属/工作/其他');
    else {
      const r = phoneListProblem(parsed);
      if ('phones' in r) phones = r.phones;
      else err('phones', r.problem === 'invalid' ? '手机号码格式不正确' : PHONE_LIST_TEXT[r.problem][0], r.problem === 'invalid' ? 'invalid phone number' : PHONE_LIST_TEXT[r.problem][1]);
    }
  }
  const idNumber = v.idNumber ? normalizePii('idNumber', v.idNumber) : null;
  const problem = idNumber ? idNumberProblem(idNumber, today) : null;
  if (problem) err('idNumber', { format: '身份证号码格式不正确', birthDate: '身份证号码出生日期无效', checksum: '身份证号码校验位错误' }[problem], `ID number: ${problem}`);
  return { value: { name, phones, idNumber: problem ? null : idNumber, relation: relation ?? 'owner', gender: gender ?? 'unknown' }, errors };
}

import type { Column, SheetRow } from '../../kernel/excel/index.ts';
import { validatePersonRow, type PersonField, type Relation } from './person-row.validate.ts';
import type { CheckedPhone } from './phones.ts';

export type OwnerKey = 'roomCode' | 'relation' | 'name' | 'gender' | 'phone' | 'idNumber' | 'nativePlace' | 'hukouLocation' | 'startedOn';

const PERSON_HEADERS: Record<PersonField, string> = { name: '姓名', phones: '手机号码', idNumber: '身份证号码', relation: '关系', gender: '性别' };

/** The owner import sheet (R-ORG-4 people part, R-ARC-1): one row per person and room. */
export const OWNER_COLUMNS: Column<OwnerKey>[] = [
  { key: 'roomCode', header: '房号' },
  { key: 'relation', header: '关系' },
  { key: 'name', header: '姓名' },
  { key: 'gender', header: '性别' },
  { key: 'phone', header: '手机号码', width: 28 }, // several: 13800000000；家属:13900000000
  { key: 'idNumber', header: '身份证号码', width: 22 },
  { key: 'nativePlace', header: '籍贯' },
  { key: 'hukouLocation', header: '户口所在地', width: 24 },
  { key: 'startedOn', header: '入住日期', width: 14 },
];

export interface OwnerRow {
  row: number;
  roomId: string;
  relation: Relation;
  name: string;
  gender: 'male' | 'female' | 'unknown';
  phones: CheckedPhone[];
  idNumber: string | null;
  nativePlace: string | null;
  hukouLocation: string | null;
  startedOn: string;
}
export interface RowError {
  row: number;
  column: string;
  zh: string;
  en: string;
}

/**
 * Checks every row and collects every problem (the user fixes the file once). Messages name
 * the column, never the value: a row error must not echo an ID number or phone.
 */
export function validateOwners(sheet: SheetRow<OwnerKey>[], roomIds: Map<string, string>, today: string): { rows: OwnerRow[]; errors: RowError[] } {
  const rows: OwnerRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, { row: number; name: string }>();
  for (const { row, values: v } of sheet) {
    const err = (column: string, zh: string, en: string) => errors.push({ row, column, zh, en });
    const before = errors.length;
    const roomId = roomIds.get(v.roomCode);
    if (!roomId) err('房号', '房号不存在于本小区', 'room code not found in this community');
    const person = validatePersonRow({ name: v.name, phones: v.phone, idNumber: v.idNumber, relation: v.relation, gender: v.gender }, today);
    for (const e of person.errors) err(PERSON_HEADERS[e.field], e.zh, e.en);
    const { relation, gender, phones, idNumber } = person.value;
    const problem = person.errors.some((e) => e.field === 'idNumber');
    const startedOn = /^\d{4}-\d{2}-\d{2}$/.test(v.startedOn) ? v.startedOn : '';
    if (!startedOn || startedOn > today) err('入住日期', '入住日期须为不晚于今天的 YYYY-MM-DD', 'move-in date must be YYYY-MM-DD, not in the future');
    if (idNumber && !problem && roomId) {
      const key = `${idNumber}|${roomId}`;
      const prior = seen.get(key);
      if (prior) err('身份证号码', `与第 ${prior.row} 行重复（同一人同一房屋）`, `duplicate of row ${prior.row} (same person, same room)`);
      else seen.set(key, { row, name: v.name });
      const sameId = [...seen.entries()].find(([k, s]) => k.startsWith(`${idNumber}|`) && s.name !== v.name);
      if (sameId) err('姓名', `身份证号码与第 ${sameId[1].row} 行相同但姓名不同`, `same ID number as row ${sameId[1].row} with a different name`);
    }
    if (errors.length === before) rows.push({ row, roomId: roomId!, relation, name: person.value.name, gender, phones, idNumber, nativePlace: v.nativePlace || null, hukouLocation: v.hukouLocation || null, startedOn });
  }
  return { rows, errors };
}

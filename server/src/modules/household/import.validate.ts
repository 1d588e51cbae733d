import type { SheetRow } from '../../kernel/excel/index.ts';
import { parseArea, roomCode } from '../property/index.ts';
import { validatePersonRow, type CheckedPhone, type PersonField } from '../people/index.ts';
import { IMPORT_COLUMNS, STATUS_VALUES, USE_VALUES, type ImportKey } from './import.columns.ts';

export interface RowError {
  row: number;
  column: string;
  zh: string;
  en: string;
}

export interface ImportRoom {
  row: number;
  building: string;
  entrance: string | null;
  floor: number;
  number: string;
  code: string;
  areaM2: string;
  indoorAreaM2: string | null;
  use: 'residential' | 'commercial' | 'parking';
  status: 'unsold' | 'vacant' | 'occupied' | 'renovating';
  /** phones: primary first (the sheet cell may list several). */
  owner: { name: string; phones: CheckedPhone[] } | null;
}

const header = (k: ImportKey) => IMPORT_COLUMNS.find((c) => c.key === k)!.header;
const CODE = /^[^\s%_]([^%_]*[^\s%_])?$/;

/**
 * Checks every row (never stops at the first error) against the sheet's own rows and the
 * room codes that already exist. Returns the rooms to create, or every error found.
 */
// The person columns of this sheet; the person rules themselves are people's shared validator.
const PERSON_COLUMNS: Partial<Record<PersonField, ImportKey>> = { name: 'ownerName', phones: 'ownerPhone' };

export function validateImport(rows: SheetRow<ImportKey>[], existingCodes: Set<string>, today: string): { rooms: ImportRoom[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const rooms: ImportRoom[] = [];
  const seenCodes = new Map<string, number>();
  const phoneNames = new Map<string, { name: string; row: number }>();
  for (const { row, values: v } of rows) {
    const err = (k: ImportKey, zh: string, en: string) => errors.push({ row, column: header(k), zh, en });
    const before = errors.length;
    for (const k of ['building', 'entrance', 'number'] as const) {
      if (v[k] && (!CODE.test(v[k]) || v[k].length > 32 || v[k].includes('-'))) err(k, `“${v[k]}”不是有效的编号（不能含空格、-、%、_）`, `"${v[k]}" is not a valid code (no spaces, -, %, _)`);
    }
    if (!v.building) err('building', '楼栋不能为空', 'building is required');
    if (!v.number) err('number', '房号不能为空', 'room number is required');
    const floor = Number(v.floor);
    if (!/^-?\d{1,3}$/.test(v.floor) || floor < -10 || floor > 200) err('floor', '楼层必须是 -10 到 200 的整数', 'floor must be a whole number from -10 to 200');
    const area = parseArea(v.areaM2);
    if (area === null) err('areaM2', '建筑面积必须大于 0 且最多两位小数', 'gross area must be > 0 with at most 2 decimals');
    const indoor = v.indoorAreaM2 ? parseArea(v.indoorAreaM2) : null;
    if (v.indoorAreaM2 && indoor === null) err('indoorAreaM2', '套内面积必须大于 0 且最多两位小数', 'indoor area must be > 0 with at most 2 decimals');
    if (area && indoor && Number(indoor) > Number(area)) err('indoorAreaM2', '套内面积不能大于建筑面积', 'indoor area cannot exceed the gross area');
    const use = v.use ? USE_VALUES[v.use] : 'residential';
    if (!use) err('use', `用途“${v.use}”无效，应为 住宅/商业/车位`, `use "${v.use}" is invalid; expected 住宅/商业/车位`);
    const status = v.status ? STATUS_VALUES[v.status] : 'vacant';
    if (!status) err('status', `状态“${v.status}”无效，应为 未售/空置/入住/装修`, `status "${v.status}" is invalid; expected 未售/空置/入住/装修`);
    let owner: ImportRoom['owner'] = null;
    if (v.ownerPhone || v.ownerName) {
      const person = validatePersonRow({ name: v.ownerName, phones: v.ownerPhone }, today);
      for (const e of person.errors) err(PERSON_COLUMNS[e.field]!, e.zh, e.en);
      const primary = person.value.phones[0]?.phone;
      if (person.errors.length === 0 && primary) {
        const prev = phoneNames.get(primary);
        if (prev && prev.name !== person.value.name) err('ownerPhone', `同一电话在第 ${prev.row} 行属于“${prev.name}”`, `the same phone belongs to "${prev.name}" on row ${prev.row}`);
        else phoneNames.set(primary, { name: person.value.name, row });
      }
      owner = person.value.name ? { name: person.value.name, phones: person.value.phones } : null;
    }
    if (errors.length > before) continue;
    const code = roomCode(v.building, v.entrance || null, v.number);
    const dupRow = seenCodes.get(code);
    if (dupRow !== undefined) {
      err('number', `房号 ${code} 与第 ${dupRow} 行重复`, `room ${code} repeats row ${dupRow}`);
      continue;
    }
    seenCodes.set(code, row);
    if (existingCodes.has(code)) {
      err('number', `房号 ${code} 已存在`, `room ${code} already exists`);
      continue;
    }
    rooms.push({ row, building: v.building, entrance: v.entrance || null, floor, number: v.number, code, areaM2: area!, indoorAreaM2: indoor, use: use!, status: status!, owner });
  }
  return { rooms, errors };
}

import type { Column } from '../../kernel/excel/index.ts';

export type ImportKey = 'building' | 'entrance' | 'floor' | 'number' | 'areaM2' | 'indoorAreaM2' | 'use' | 'status' | 'ownerName' | 'ownerPhone';

/** The room import sheet; the template and the reader share these headers. */
export const IMPORT_COLUMNS: Column<ImportKey>[] = [
  { key: 'building', header: '楼栋' },
  { key: 'entrance', header: '单元' },
  { key: 'floor', header: '楼层' },
  { key: 'number', header: '房号' },
  { key: 'areaM2', header: '建筑面积' },
  { key: 'indoorAreaM2', header: '套内面积' },
  { key: 'use', header: '用途' },
  { key: 'status', header: '状态' },
  { key: 'ownerName', header: '业主姓名' },
  { key: 'ownerPhone', header: '业主电话', width: 16 },
];

export const TEMPLATE_EXAMPLE: Partial<Record<ImportKey, string | number>> = {
  building: '3',
  entrance: '2',
  floor: 12,
  number: '1201',
  areaM2: 128.35,
  indoorAreaM2: 102.6,
  use: '住宅',
  status: '入住',
  ownerName: '张三',
  ownerPhone: '13800000000',
};

/** Chinese labels (what people type) and the codes (what exports of other systems carry). */
export const USE_VALUES: Record<string, 'residential' | 'commercial' | 'parking'> = { 住宅: 'residential', 商业: 'commercial', 商铺: 'commercial', 车位: 'parking', residential: 'residential', commercial: 'commercial', parking: 'parking' };
export const STATUS_VALUES: Record<string, 'unsold' | 'vacant' | 'occupied' | 'renovating'> = { 未售: 'unsold', 空置: 'vacant', 入住: 'occupied', 已入住: 'occupied', 装修: 'renovating', 装修中: 'renovating', unsold: 'unsold', vacant: 'vacant', occupied: 'occupied', renovating: 'renovating' };

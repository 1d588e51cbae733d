import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, integer, numeric, date, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, createdAt, updatedAt } from '../../kernel/db/columns.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';

/** 楼栋 */
export const buildings = pgTable(
  'buildings',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['residential', 'commercial', 'mixed', 'other'] }).notNull().default('residential'),
    floorsAbove: integer('floors_above').notNull().default(1),
    floorsBelow: integer('floors_below').notNull().default(0),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('buildings_community_code_uq').on(t.communityId, t.code)],
);

/** 单元 (entrance) */
export const entrances = pgTable(
  'entrances',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    buildingId: uuid('building_id').notNull().references(() => buildings.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('entrances_building_code_uq').on(t.buildingId, t.code), index('entrances_community_idx').on(t.communityId)],
);

/** 房屋: code is building-entrance-room (e.g. 3-2-1201), unique per community. */
export const rooms = pgTable(
  'rooms',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    buildingId: uuid('building_id').notNull().references(() => buildings.id),
    entranceId: uuid('entrance_id').references(() => entrances.id),
    floor: integer('floor').notNull(),
    number: text('number').notNull(),
    code: text('code').notNull(),
    /** Natural order of `code` (digit segments zero-padded; see migration room_sort_key): lists sort 2-… before 10-…. */
    sortKey: text('sort_key').notNull().generatedAlwaysAs(sql`room_sort_key(code)`),
    /** 建筑面积 / 套内面积, m² with 2 decimals (numeric: exact, never a float). */
    areaM2: numeric('area_m2', { precision: 10, scale: 2 }).notNull(),
    indoorAreaM2: numeric('indoor_area_m2', { precision: 10, scale: 2 }),
    use: text('use', { enum: ['residential', 'commercial', 'parking'] }).notNull().default('residential'),
    status: text('status', { enum: ['unsold', 'vacant', 'occupied', 'renovating'] }).notNull().default('vacant'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('rooms_community_code_uq').on(t.communityId, t.code),
    index('rooms_community_code_prefix_idx').on(t.communityId, t.code.op('text_pattern_ops')),
    index('rooms_building_idx').on(t.buildingId),
    // Byte order (collate "C") so the order is the same on every server locale; code breaks ties (keys are not unique: "01" ~ "1").
    index('rooms_community_sort_idx').on(t.communityId, sql`${t.sortKey} collate "C"`, sql`${t.code} collate "C"`),
  ],
);

/** 车位 */
export const parkingSpaces = pgTable(
  'parking_spaces',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    code: text('code').notNull(),
    areaM2: numeric('area_m2', { precision: 10, scale: 2 }),
    kind: text('kind', { enum: ['owned', 'rented', 'public'] }).notNull().default('rented'),
    status: text('status', { enum: ['free', 'occupied', 'disabled'] }).notNull().default('free'),
    roomId: uuid('room_id').references(() => rooms.id),
    location: text('location').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('parking_community_code_uq').on(t.communityId, t.code)],
);

/** 公共区域 (lobbies, basements, gardens …): inspection points and request locations refer to them. */
export const commonAreas = pgTable(
  'common_areas',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    buildingId: uuid('building_id').references(() => buildings.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull().default('other'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('common_areas_community_code_uq').on(t.communityId, t.code)],
);

/** 设备: elevators, fire systems, power rooms, pump rooms … */
export const equipment = pgTable(
  'equipment',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['elevator', 'fire', 'power', 'water_pump', 'hvac', 'gate', 'cctv', 'other'] }).notNull(),
    buildingId: uuid('building_id').references(() => buildings.id),
    commonAreaId: uuid('common_area_id').references(() => commonAreas.id),
    location: text('location').notNull().default(''),
    model: text('model').notNull().default(''),
    status: text('status', { enum: ['normal', 'fault', 'maintenance', 'retired'] }).notNull().default('normal'),
    installedOn: date('installed_on'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('equipment_community_code_uq').on(t.communityId, t.code)],
);

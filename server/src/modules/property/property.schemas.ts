import { Type, type TSchema } from 'typebox';

/** A string enum as a union of literals (OpenAPI shows the allowed values). */
export const OneOf = <T extends string>(values: readonly T[], opts: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...opts });

export const ROOM_USES = ['residential', 'commercial', 'parking'] as const;
export const ROOM_STATUSES = ['unsold', 'vacant', 'occupied', 'renovating'] as const;
export const BUILDING_KINDS = ['residential', 'commercial', 'mixed', 'other'] as const;
export const PARKING_KINDS = ['owned', 'rented', 'public'] as const;
export const PARKING_STATUSES = ['free', 'occupied', 'disabled'] as const;
export const EQUIPMENT_KINDS = ['elevator', 'fire', 'power', 'water_pump', 'hvac', 'gate', 'cctv', 'other'] as const;
export const EQUIPMENT_STATUSES = ['normal', 'fault', 'maintenance', 'retired'] as const;

/** Codes: non-empty, no surrounding spaces, no '%' or '_' so prefix search stays literal. */
export const Code = Type.String({ minLength: 1, maxLength: 32, pattern: '^[^\\s%_]([^%_]*[^\\s%_])?$' });
/** Building / entrance codes and room numbers are segments of a room code (3-2-1201): no '-'. */
export const SegmentCode = Type.String({ minLength: 1, maxLength: 32, pattern: '^[^\\s%_-]([^%_-]*[^\\s%_-])?$', description: '不含空格、-、%、_ / no spaces, -, %, _' });
export const Name = Type.String({ minLength: 1, maxLength: 100 });
/** Area in m² (> 0, at most 2 decimals — checked again exactly by parseArea). */
export const Area = Type.Number({ exclusiveMinimum: 0, maximum: 99999999.99 });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const CommunityIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

export const RoomView = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  code: Type.String(),
  buildingId: Type.String(),
  entranceId: Nullable(Type.String()),
  floor: Type.Integer(),
  number: Type.String(),
  areaM2: Type.Number(),
  indoorAreaM2: Nullable(Type.Number()),
  use: Type.String(),
  status: Type.String(),
});

export const BuildingView = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  floorsAbove: Type.Integer(),
  floorsBelow: Type.Integer(),
  sort: Type.Integer(),
});

export const EntranceView = Type.Object({ id: Type.String(), communityId: Type.String(), buildingId: Type.String(), code: Type.String(), name: Type.String() });

export const CommunityView = Type.Object({ id: Type.String(), companyId: Type.String(), code: Type.String(), name: Type.String(), address: Type.String() });

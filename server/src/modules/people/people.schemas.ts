import { Type } from 'typebox';
import { Body, Id } from '../../kernel/http/index.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateStr = Type.String({ format: 'date' });
export const Relation = Type.Union([Type.Literal('owner'), Type.Literal('co_owner'), Type.Literal('family'), Type.Literal('tenant')]);
const Gender = Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Literal('unknown')]);

/** Response shape of a person: only masked phone / ID number fields exist (serialiser drops the rest). */
export const PersonView = Type.Object({
  id: Type.String(),
  communityId: Nullable(Type.String()),
  name: Type.String(),
  gender: Type.String(),
  phoneMasked: Nullable(Type.String()),
  phones: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), primary: Type.Boolean(), phoneMasked: Type.String() })),
  idNumberMasked: Nullable(Type.String()),
  nativePlace: Nullable(Type.String()),
  hukouLocation: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const OccupancyView = Type.Object({
  id: Type.String(),
  roomId: Type.String(),
  roomCode: Type.String(),
  archiveCode: Type.String(),
  communityId: Type.String(),
  relation: Type.String(),
  startedOn: Type.String(),
  endedOn: Nullable(Type.String()),
  endReason: Nullable(Type.String()),
});

export const PersonDetail = Type.Object({ ...PersonView.properties, access: Type.String(), occupancies: Type.Array(OccupancyView) });

const PhoneLabelT = Type.Union([Type.Literal('self'), Type.Literal('family'), Type.Literal('work'), Type.Literal('other')]);
/** A phone of the list: a new number, or `id` to keep a stored one (editing needs no reveal). */
const PhoneItem = Type.Object({ id: Type.Optional(Id), phone: Type.Optional(Type.String({ maxLength: 20 })), label: Type.Optional(PhoneLabelT), primary: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const personFields = {
  name: Type.String({ minLength: 1, maxLength: 50 }),
  gender: Type.Optional(Gender),
  /** Legacy single phone: on create the only phone, on update it replaces the primary one. */
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  /** The whole phone list (replaces all phones); the first is primary unless one is marked. */
  phones: Type.Optional(Type.Array(PhoneItem, { maxItems: 10 })),
  idNumber: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  nativePlace: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  hukouLocation: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
};
export const CreatePersonBody = Body({ communityId: Id, ...personFields });
export const UpdatePersonBody = Body({ ...personFields, name: Type.Optional(personFields.name) });
export const SearchBody = Body({ phone: Type.Optional(Type.String({ maxLength: 20 })), idNumber: Type.Optional(Type.String({ maxLength: 20 })) });
export const RevealBody = Body({ field: Type.Union([Type.Literal('phone'), Type.Literal('idNumber')]), phoneId: Type.Optional(Id), reason: Type.String({ maxLength: 500 }) });
export const ExportBody = Body({ reveal: Type.Optional(Type.Boolean()), reason: Type.Optional(Type.String({ maxLength: 500 })) });
export const OccupancyBody = Body({ personId: Id, relation: Relation, startedOn: DateStr });
export const EndOccupancyBody = Body({ endedOn: DateStr });
export const TransferBody = Body({
  transferOn: DateStr,
  newOwners: Type.Array(Type.Object({ personId: Id, relation: Type.Union([Type.Literal('owner'), Type.Literal('co_owner')]) }, { additionalProperties: false }), { minItems: 1, maxItems: 10 }),
  endResidents: Type.Optional(Type.Boolean()),
});
export const BorrowingBody = Body({
  communityId: Id,
  purpose: Type.String({ minLength: 2, maxLength: 500 }),
  scope: Type.Union([Type.Literal('community'), Type.Literal('records')]),
  roomIds: Type.Optional(Type.Array(Id, { maxItems: 200 })),
  personIds: Type.Optional(Type.Array(Id, { maxItems: 200 })),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Type.String({ format: 'date-time' }),
  external: Type.Optional(Type.Boolean()),
  externalParty: Type.Optional(Type.String({ maxLength: 200 })),
});
export const DecisionBody = Body({
  note: Type.Optional(Type.String({ maxLength: 500 })),
  approvalFileId: Type.Optional(Id),
  approvalText: Type.Optional(Type.String({ maxLength: 2000 })),
});

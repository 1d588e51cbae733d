import { Type } from 'typebox';
import { Body } from '../../kernel/http/index.ts';
import { REPAIR_TYPES } from './work-types.ts';
import { WO_STATUSES } from './workorders.tables.ts';

const Uuid = Type.String({ format: 'uuid' });
const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Score = Type.Integer({ minimum: 1, maximum: 5 });
const Reason = Type.String({ minLength: 1, maxLength: 500 });

export const WorkOrderType = lit(REPAIR_TYPES);
export const URGENCIES = ['emergency', 'general', 'enquiry'] as const;
export const Urgency = lit(URGENCIES);
export const Status = lit(WO_STATUSES);

export const CreateBody = Body({
  communityId: Uuid,
  requestId: Type.Optional(Uuid),
  roomId: Type.Optional(Uuid),
  location: Type.Optional(Type.String({ maxLength: 200 })),
  equipmentId: Type.Optional(Uuid),
  type: WorkOrderType,
  urgency: Urgency,
  scope: lit(['common', 'household']),
  repairNow: Type.Optional(Type.Boolean()),
  appointmentAt: Type.Optional(Type.String({ format: 'date-time' })),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  photos: Type.Optional(Type.Array(Uuid, { maxItems: 9 })),
});

export const ListQuery = Type.Object({
  communityId: Type.Optional(Uuid),
  status: Type.Optional(Type.String({ maxLength: 300, description: '一个或多个状态，逗号分隔 / one or more statuses, comma separated' })),
  urgency: Type.Optional(Type.String({ maxLength: 100, description: '紧急程度，逗号分隔：emergency,general,enquiry / urgency, comma separated' })),
  assigneeId: Type.Optional(Uuid),
  pool: Type.Optional(Type.Boolean()),
  overdue: Type.Optional(Type.Boolean({ description: '仅超时：有未完成的计时已过期限 / only orders with an open clock past its due time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

/** Body of each action (API.md); actions without a body take `{}`. */
export const ActionBodies = {
  accept: Body({ etaMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })) }),
  dispatch: Body({ assigneeId: Uuid, etaMinutes: Type.Integer({ minimum: 1, maximum: 7 * 1440 }) }),
  grab: Body({ etaMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 1440 })) }),
  transfer: Body({ assigneeId: Uuid, reason: Reason, etaMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 1440 })) }),
  depart: Body({}),
  start: Body({}),
  wait: Body({ reason: lit(['owner', 'parts']), note: Type.Optional(Type.String({ maxLength: 500 })), appointmentAt: Type.Optional(Type.String({ format: 'date-time' })) }),
  resume: Body({}),
  complete: Body({ summary: Type.String({ minLength: 1, maxLength: 2000 }), signatureFileId: Type.Optional(Uuid), photos: Type.Optional(Type.Array(Uuid, { maxItems: 9 })), operationRecord: Type.Optional(Type.String({ maxLength: 4000 })), testReportFileId: Type.Optional(Uuid) }),
  'sign-off': Body({ satisfaction: Score, punctuality: Type.Optional(Score), attitude: Type.Optional(Score), comment: Type.Optional(Type.String({ maxLength: 1000 })), signatureFileId: Type.Optional(Uuid) }),
  callback: Body({ fixed: Type.Boolean(), satisfaction: Type.Optional(Score), note: Type.Optional(Type.String({ maxLength: 1000 })) }),
  close: Body({}),
  cancel: Body({ reason: Reason }),
  return: Body({ reason: Reason }),
  quote: Body({
    serviceItemId: Type.Optional(Uuid),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    laborFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    materials: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), quantity: Type.Integer({ minimum: 1, maximum: 10_000 }), unitFen: Type.Integer({ minimum: 0, maximum: 10_000_000 }) }, { additionalProperties: false }), { maxItems: 50 })),
  }),
  report: Body({ operationRecord: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })), testReportFileId: Type.Optional(Uuid) }),
};

import type { Db } from '../../kernel/db/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';

export interface Change {
  communityId: string;
  /** Event type and audit action, e.g. 'property.room.created'. */
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
  roomIds?: string[];
  requestId?: string;
}

/** Audit entry + outbox event of one write, inside the writer's transaction. */
export async function recordChange(tx: Db, actor: Actor, c: Change): Promise<void> {
  await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: c.communityId, action: c.action, subjectType: c.subjectType, subjectId: c.subjectId, data: c.data, requestId: c.requestId });
  await emit(tx, { type: c.action, companyId: actor.companyId, communityId: c.communityId, subjectType: c.subjectType, subjectId: c.subjectId, roomIds: c.roomIds, payload: c.data });
}

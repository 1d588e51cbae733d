import { AppError } from '../../kernel/errors/index.ts';
import { can, ownsRoom, type Actor } from '../../kernel/permissions/index.ts';
import { MACHINE, type Action } from './state-machine.ts';

export interface WoRef {
  communityId: string;
  roomId: string | null;
  reporterUserId: string | null;
  assigneeId: string | null;
}

const isOwnersOwn = (actor: Actor, wo: WoRef) => actor.kind === 'owner' && (wo.reporterUserId === actor.userId || (!!wo.roomId && ownsRoom(actor, wo.roomId)));

/** Whether the actor may see the order at all (staff of its community, or its owner). */
export function canSee(actor: Actor, wo: WoRef): boolean {
  return actor.kind === 'owner' ? isOwnersOwn(actor, wo) : can(actor, 'workorder.read', wo.communityId);
}

/** 404 for an order the actor cannot know about; 403 for an owner's neighbour in the same community. */
export function requireVisible(actor: Actor, wo: WoRef): void {
  if (canSee(actor, wo)) return;
  if (actor.kind === 'owner' && actor.rooms.some((r) => r.communityId === wo.communityId)) throw new AppError('WO_NOT_YOURS');
  throw new AppError('NOT_FOUND', { what: '工单' });
}

/**
 * The role part of the state machine (the state part is nextState): right permission in
 * the order's community; assignee-only actions for the assignee (or a supervisor acting
 * for them); owners only on their own order and only for owner actions.
 */
export function authorize(actor: Actor, wo: WoRef, action: Action): void {
  const rule = MACHINE[action];
  if (rule.system) throw new AppError('FORBIDDEN', { permission: 'system' });
  if (actor.kind === 'owner') {
    if (!rule.owner) throw new AppError('FORBIDDEN', { permission: rule.perms[0] ?? action });
    if (!isOwnersOwn(actor, wo)) throw new AppError('WO_NOT_YOURS');
    return;
  }
  const supervises = can(actor, 'workorder.supervise', wo.communityId);
  if (rule.assignee) {
    if (supervises) return;
    if (!rule.perms.some((p) => can(actor, p, wo.communityId))) throw new AppError('FORBIDDEN', { permission: rule.perms[0] });
    if (wo.assigneeId !== actor.userId) throw new AppError('WO_NOT_ASSIGNEE');
    return;
  }
  if (!rule.perms.some((p) => can(actor, p, wo.communityId))) throw new AppError('FORBIDDEN', { permission: rule.perms.join(' | ') });
}

/** Which legal actions (from the server's `actions`) this staff user may take — mirrors the server's role table. */
import { can, type SessionUser } from '../session.ts';
import type { WorkOrderDetail } from './api.ts';

const PERMS: Record<string, string[]> = {
  accept: ['request.manage'],
  dispatch: ['workorder.dispatch'],
  grab: ['workorder.work'],
  transfer: ['workorder.dispatch'],
  depart: ['workorder.work'],
  start: ['workorder.work'],
  wait: ['workorder.work'],
  resume: ['workorder.work'],
  complete: ['workorder.work'],
  return: ['workorder.work'],
  'sign-off': ['workorder.close'],
  callback: ['workorder.supervise', 'workorder.close'],
  close: ['workorder.close'],
  cancel: ['request.manage', 'workorder.dispatch'],
  supervise: ['workorder.supervise'],
};
const ASSIGNEE_ONLY = new Set(['depart', 'start', 'wait', 'resume', 'complete', 'return']);

export function mayDo(user: SessionUser | null | undefined, wo: Pick<WorkOrderDetail, 'communityId' | 'assigneeId'>, action: string): boolean {
  if (!user || user.kind !== 'staff') return false;
  const perms = PERMS[action];
  if (!perms) return false;
  if (ASSIGNEE_ONLY.has(action)) {
    if (can(user, 'workorder.supervise', wo.communityId)) return true;
    return perms.some((p) => can(user, p, wo.communityId)) && wo.assigneeId === user.id;
  }
  return perms.some((p) => can(user, p, wo.communityId));
}

const BEFORE_CLOSE = ['in_progress', 'completed', 'signed_off', 'callback_done'];
const SUPERVISABLE = ['dispatched', 'on_the_way', 'in_progress', 'waiting_parts', 'waiting_owner', 'completed', 'signed_off', 'callback_done'];

export function allowedActions(user: SessionUser | null | undefined, wo: WorkOrderDetail): string[] {
  const list = (wo.actions ?? []).filter((a) => mayDo(user, wo, a));
  // Elevator / fire jobs close only with an operation record and a test report (R-WO-5): offer to add them.
  const needsReport = (wo.type === 'elevator' || wo.type === 'fire') && (!wo.operationRecord || !wo.testReportFileId) && BEFORE_CLOSE.includes(wo.status);
  if (needsReport && mayDo(user, wo, 'complete')) list.push('report');
  // 督导 (R-WO-7): once the promised time has come (or the technician is there), until someone has confirmed it
  const promised = wo.appointmentAt ?? wo.etaAt;
  const due = !!promised && (Date.parse(promised) <= Date.now() || !!wo.arrivedAt);
  if (SUPERVISABLE.includes(wo.status) && !wo.supervision && due && mayDo(user, wo, 'supervise')) list.push('supervise');
  return list;
}

/** Actions that need a form before they are sent. */
export const NEEDS_FORM = new Set(['dispatch', 'transfer', 'wait', 'complete', 'sign-off', 'callback', 'cancel', 'return', 'report', 'supervise']);

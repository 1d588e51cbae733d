import { AppError } from '../../kernel/errors/index.ts';
import type { Permission } from '../../kernel/permissions/index.ts';
import type { WoStatus } from './workorders.tables.ts';

export const ACTIONS = [
  'accept', 'dispatch', 'grab', 'transfer', 'depart', 'start', 'wait', 'resume', 'complete',
  'sign-off', 'callback', 'close', 'cancel', 'return', 'rating-timeout',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Who may perform an action: any of `perms` in the order's community; `assignee` — only
 * the technician it is assigned to (supervisors with workorder.supervise may act for them);
 * `owner` — also the owner who reported it (their own order only); `system` — sweeps only.
 */
export interface Rule {
  from: readonly WoStatus[];
  to: WoStatus;
  perms: readonly Permission[];
  assignee?: boolean;
  owner?: boolean;
  system?: boolean;
}

const ACTIVE: WoStatus[] = ['dispatched', 'on_the_way', 'in_progress', 'waiting_parts', 'waiting_owner'];

/** R-WO-8 as one table: every legal (state, action) pair and its target. */
export const MACHINE: Record<Action, Rule> = {
  accept: { from: ['new'], to: 'accepted', perms: ['request.manage'] },
  dispatch: { from: ['accepted', 'returned'], to: 'dispatched', perms: ['workorder.dispatch'] },
  grab: { from: ['accepted'], to: 'dispatched', perms: ['workorder.work'] },
  transfer: { from: ACTIVE, to: 'dispatched', perms: ['workorder.dispatch'] },
  depart: { from: ['dispatched'], to: 'on_the_way', perms: ['workorder.work'], assignee: true },
  start: { from: ['dispatched', 'on_the_way'], to: 'in_progress', perms: ['workorder.work'], assignee: true },
  wait: { from: ['on_the_way', 'in_progress'], to: 'waiting_owner', perms: ['workorder.work'], assignee: true },
  resume: { from: ['waiting_owner', 'waiting_parts'], to: 'in_progress', perms: ['workorder.work'], assignee: true },
  complete: { from: ['in_progress'], to: 'completed', perms: ['workorder.work'], assignee: true },
  'sign-off': { from: ['completed'], to: 'signed_off', perms: ['workorder.close'], owner: true },
  // Owners may answer the callback themselves in the app (R-APP-1), as staff record a phone callback.
  callback: { from: ['completed', 'signed_off'], to: 'callback_done', perms: ['workorder.supervise', 'workorder.close'], owner: true },
  close: { from: ['callback_done'], to: 'closed', perms: ['workorder.close'] },
  cancel: { from: ['new', 'accepted', 'dispatched', 'on_the_way', 'waiting_owner', 'waiting_parts', 'returned'], to: 'cancelled', perms: ['request.manage', 'workorder.dispatch'] },
  return: { from: ['dispatched', 'on_the_way'], to: 'returned', perms: ['workorder.work'], assignee: true },
  'rating-timeout': { from: ['completed'], to: 'signed_off', perms: [], system: true },
};

export const STATUS_NAMES: Record<WoStatus, string> = {
  new: '待受理', accepted: '已受理', dispatched: '已派单', on_the_way: '在途', in_progress: '维修中',
  waiting_parts: '待料', waiting_owner: '待业主', completed: '已完工', signed_off: '已验收',
  callback_done: '已回访', closed: '已关闭', cancelled: '已取消', returned: '已退单',
};
export const ACTION_NAMES: Record<Action, string> = {
  accept: '受理', dispatch: '派单', grab: '抢单', transfer: '转单', depart: '出发', start: '开始维修',
  wait: '等待', resume: '继续', complete: '完工', 'sign-off': '验收签字', callback: '回访', close: '关闭',
  cancel: '取消', return: '退单', 'rating-timeout': '评价超时',
};
/** Records on the order that are not state changes (records.ts). */
const RECORD_NAMES: Record<string, [string, string]> = { quote: ['报价', 'quote'], report: ['登记操作记录', 'record the operation'], supervise: ['督导', 'supervise'] };
/** English labels (GLOSSARY; the same words as the console's en-US UI). */
export const STATUS_NAMES_EN: Record<WoStatus, string> = {
  new: 'new', accepted: 'accepted', dispatched: 'dispatched', on_the_way: 'on the way', in_progress: 'in progress',
  waiting_parts: 'waiting for parts', waiting_owner: 'waiting for owner', completed: 'completed', signed_off: 'signed off',
  callback_done: 'callback done', closed: 'closed', cancelled: 'cancelled', returned: 'returned',
};
export const ACTION_NAMES_EN: Record<Action, string> = {
  accept: 'accept', dispatch: 'dispatch', grab: 'grab', transfer: 'transfer', depart: 'depart', start: 'start',
  wait: 'wait', resume: 'resume', complete: 'complete', 'sign-off': 'sign off', callback: 'call back', close: 'close',
  cancel: 'cancel', return: 'return', 'rating-timeout': 'time out the rating',
};

/** 409 ILLEGAL_TRANSITION with the state and action named in each language on its own (no mixed zh/en). */
export function illegalTransition(status: WoStatus, action: Action | string): AppError {
  const a = action as Action;
  return new AppError('ILLEGAL_TRANSITION', {
    from: STATUS_NAMES[status] ?? status,
    action: ACTION_NAMES[a] ?? RECORD_NAMES[action]?.[0] ?? action,
    fromEn: STATUS_NAMES_EN[status] ?? status,
    actionEn: ACTION_NAMES_EN[a] ?? RECORD_NAMES[action]?.[1] ?? action,
  });
}

/** The target state, or 409 ILLEGAL_TRANSITION naming the state and the action (zh/en). */
export function nextState(status: WoStatus, action: Action): WoStatus {
  const rule = MACHINE[action];
  if (!rule.from.includes(status)) {
    throw illegalTransition(status, action);
  }
  return rule.to;
}

/** Actions legal from a state (the UI shows these buttons). */
export const actionsFrom = (status: WoStatus): Action[] => ACTIONS.filter((a) => !MACHINE[a].system && MACHINE[a].from.includes(status));

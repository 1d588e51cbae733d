import type { Deps } from '../../../kernel/deps.ts';
import type { Actor } from '../../../kernel/permissions/index.ts';
import { AppError } from '../../../kernel/errors/index.ts';
import { notify } from '../../notifications/index.ts';
import { managersOf, supervisorsOf } from '../../sla/index.ts';
import { applyTransition, checkFiles, runTransition } from '../transition-runner.ts';
import { assignEffects } from './assign.ts';
import { cancelClocks, meet, startWoClock } from './clocks.ts';
import { workOrderEnded } from './ended.ts';

/** 验收签字 and rating by the owner (or recorded from the paper form by staff). */
export const signOff = (deps: Deps, actor: Actor, id: string, body: { satisfaction: number; punctuality?: number; attitude?: number; comment?: string; signatureFileId?: string }) =>
  runTransition(deps, actor, id, 'sign-off', async (c) => {
    const { tx, wo, now } = c;
    await checkFiles(c, [body.signatureFileId]);
    await meet(tx, wo, ['rating'], now);
    return {
      patch: { satisfaction: body.satisfaction, punctuality: body.punctuality ?? null, attitude: body.attitude ?? null, ratingComment: body.comment ?? null, signatureFileId: body.signatureFileId ?? wo.signatureFileId },
      data: { satisfaction: body.satisfaction, punctuality: body.punctuality ?? null, attitude: body.attitude ?? null },
    };
  });

/** The owner did not rate in time: the order no longer waits for it and moves on to callback. */
export const ratingTimeout = (deps: Deps, tx: Parameters<typeof applyTransition>[1], wo: Parameters<typeof applyTransition>[3]) =>
  applyTransition(deps, tx, null, wo, 'rating-timeout', async () => ({ data: { rated: false } }));

/**
 * 回访 (R-WO-7): fixed → callback done; not fixed → re-dispatched to the last technician
 * with a new on-site clock and escalated to supervisor and manager.
 */
export const callback = (deps: Deps, actor: Actor, id: string, body: { fixed: boolean; satisfaction?: number; note?: string }) =>
  runTransition(deps, actor, id, 'callback', async (c) => {
    const { tx, wo, now } = c;
    await meet(tx, wo, ['callback', 'rating'], now);
    const base = { callbackFixed: body.fixed, callbackSatisfaction: body.satisfaction ?? null };
    if (body.fixed) return { patch: base, data: { fixed: true, satisfaction: body.satisfaction ?? null, note: body.note ?? null } };
    const escalate = async (t: typeof tx) => {
      const recipients = [...(await supervisorsOf(t, wo.communityId)), ...(await managersOf(t, wo.communityId))];
      await notify(t, now, { companyId: wo.companyId, communityId: wo.communityId, recipients, kind: 'workorder.escalated', title: `【升级】回访未修好：No.${wo.formNo} 已重新派单`, body: body.note, link: `/console/work-orders/${wo.id}`, subjectType: 'work_order', subjectId: wo.id });
    };
    const patch = { ...base, reopenCount: wo.reopenCount + 1, escalationLevel: wo.escalationLevel + 1, completedAt: null, repairNow: true };
    if (!wo.assigneeId) {
      await startWoClock(tx, wo, 'dispatch', now);
      return { to: 'accepted', patch: { ...patch, assigneeId: null }, data: { fixed: false, redispatch: 'pending' }, after: async (t) => escalate(t) };
    }
    const assigned = await assignEffects({ ...c, wo: { ...wo, repairNow: true } }, wo.assigneeId, 30, { fixed: false, redispatch: true });
    return {
      ...assigned,
      to: 'dispatched',
      patch: { ...patch, ...assigned.patch, handlers: wo.handlers },
      ownerMessage: { title: '已为您重新安排维修，工程主管将跟进处理' },
      after: async (t, row) => {
        await assigned.after?.(t, row);
        await escalate(t);
        return row;
      },
    };
  });

/** 关闭: elevator and fire jobs need their operation record and test report first (R-WO-5). */
export const close = (deps: Deps, actor: Actor, id: string) =>
  runTransition(deps, actor, id, 'close', async ({ tx, wo, now }) => {
    if ((wo.type === 'elevator' || wo.type === 'fire') && (!wo.operationRecord || !wo.testReportFileId)) {
      throw new AppError('WO_CLOSE_NEEDS_REPORT', { missing: [!wo.operationRecord && '操作记录 operation record', !wo.testReportFileId && '检测报告 test report'].filter(Boolean).join('、') });
    }
    await meet(tx, wo, ['result', 'feedback'], now);
    await cancelClocks(tx, wo, now);
    return {
      patch: { closedAt: now },
      ownerMessage: { title: '您的报修已办结，感谢您的支持' },
      after: async (t, row) => workOrderEnded(t, row, { actorId: actor.userId, now }),
    };
  });

/** 取消 with a reason: every running clock stops. */
export const cancel = (deps: Deps, actor: Actor, id: string, body: { reason: string }) =>
  runTransition(deps, actor, id, 'cancel', async ({ tx, wo, now }) => {
    await cancelClocks(tx, wo, now);
    return {
      patch: { cancelReason: body.reason, closedAt: now, inPool: false },
      data: { reason: body.reason },
      ownerMessage: { title: '您的报修已取消', body: body.reason },
      after: async (t, row) => workOrderEnded(t, row, { actorId: actor.userId, now }),
    };
  });

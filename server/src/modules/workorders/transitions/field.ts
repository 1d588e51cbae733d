import type { Deps } from '../../../kernel/deps.ts';
import type { Actor } from '../../../kernel/permissions/index.ts';
import { emit } from '../../../kernel/events/index.ts';
import { notify } from '../../notifications/index.ts';
import { supervisorsOf } from '../../sla/index.ts';
import { checkFiles, runTransition, type WorkOrder } from '../transition-runner.ts';
import type { Quote } from '../workorders.tables.ts';
import { meet, pauseClocks, resumeClocks, startWoClock } from './clocks.ts';

/** 出发 */
export const depart = (deps: Deps, actor: Actor, id: string) =>
  runTransition(deps, actor, id, 'depart', async () => ({ ownerMessage: { title: '维修人员已出发，请保持电话畅通' } }));

/** 开始维修: on site — the on-site clock is met. */
export const start = (deps: Deps, actor: Actor, id: string) =>
  runTransition(deps, actor, id, 'start', async ({ tx, wo, now }) => {
    await meet(tx, wo, ['on_site'], now);
    return { patch: { arrivedAt: wo.arrivedAt ?? now }, ownerMessage: { title: '维修人员已到达，开始维修' } };
  });

/**
 * 等待: owner not home (leave-a-note record and a new appointment) or parts; every clock
 * of the order and its request stops until resume (R-WO-3).
 */
export const wait = (deps: Deps, actor: Actor, id: string, body: { reason: 'owner' | 'parts'; note?: string; appointmentAt?: string }) =>
  runTransition(deps, actor, id, 'wait', async ({ tx, wo, now }) => {
    // at the door on time even if nobody opened it: the on-site promise was kept
    if (body.reason === 'owner') await meet(tx, wo, ['on_site'], now);
    await pauseClocks(tx, wo, now);
    const appointmentAt = body.appointmentAt ? new Date(body.appointmentAt) : wo.appointmentAt;
    return {
      to: body.reason === 'parts' ? 'waiting_parts' : 'waiting_owner',
      patch: { waitReason: body.reason, waitNote: body.note ?? null, appointmentAt },
      data: { reason: body.reason, note: body.note ?? null, appointmentAt: appointmentAt?.toISOString() ?? null },
      ownerMessage: body.reason === 'owner' ? { title: '上门未遇，已留言，请与物业服务中心重新预约', body: body.note } : { title: '维修需要配件，到货后继续维修', body: body.note },
    };
  });

/** 继续: clocks run again with their due times pushed out by the paused time. */
export const resume = (deps: Deps, actor: Actor, id: string) =>
  runTransition(deps, actor, id, 'resume', async ({ tx, wo, now }) => {
    await resumeClocks(tx, wo, now);
    await meet(tx, wo, ['on_site'], now);
    return { patch: { waitReason: null }, ownerMessage: { title: '维修继续进行' } };
  });

/**
 * 完工: with the owner's drawn signature and photos. The result is fed back (result and
 * feedback clocks met); the callback (24 h) and rating (48 h) clocks start. A price is
 * never collected by the technician: it is handed to billing as a charge event.
 */
export const complete = (deps: Deps, actor: Actor, id: string, body: { summary: string; signatureFileId?: string; photos?: string[]; operationRecord?: string; testReportFileId?: string }) =>
  runTransition(deps, actor, id, 'complete', async (c) => {
    const { tx, wo, now } = c;
    await checkFiles(c, [body.signatureFileId, body.testReportFileId, ...(body.photos ?? [])]);
    await meet(tx, wo, ['result', 'feedback', 'on_site'], now);
    await startWoClock(tx, wo, 'callback', now);
    await startWoClock(tx, wo, 'rating', now);
    const chargeFen = (wo.quote as Quote | null)?.totalFen ?? 0;
    return {
      patch: {
        summary: body.summary,
        signatureFileId: body.signatureFileId ?? null,
        completionPhotos: body.photos ?? [],
        operationRecord: body.operationRecord ?? wo.operationRecord,
        testReportFileId: body.testReportFileId ?? wo.testReportFileId,
        completedAt: now,
        chargeFen: chargeFen > 0 ? chargeFen : null,
        chargeHandedAt: chargeFen > 0 ? now : null,
      },
      data: { signed: !!body.signatureFileId, chargeFen },
      ownerMessage: { title: '维修已完成，请验收并评价', body: body.summary },
      after: async (t, row) => {
        if (chargeFen > 0) await handChargeToBilling(t, row, chargeFen);
        return row;
      },
    };
  });

/** noCashByTechnician: the fee becomes a charge for billing (R-WO-4/6), never cash in the field. */
async function handChargeToBilling(tx: Parameters<typeof emit>[0], wo: WorkOrder, amountFen: number): Promise<void> {
  await emit(tx, {
    type: 'workorder.charge',
    companyId: wo.companyId,
    communityId: wo.communityId,
    subjectType: 'work_order',
    subjectId: wo.id,
    roomIds: wo.roomId ? [wo.roomId] : [],
    payload: { roomId: wo.roomId, formNo: wo.formNo, amountFen, quote: wo.quote, collectedByTechnician: false },
  });
}

/** 退单: the technician gives the order back with a reason; dispatch must happen again within its clock. */
export const giveBack = (deps: Deps, actor: Actor, id: string, body: { reason: string }) =>
  runTransition(deps, actor, id, 'return', async ({ tx, wo, now }) => {
    await startWoClock(tx, wo, 'dispatch', now);
    return {
      patch: { assigneeId: null, cancelReason: null },
      data: { reason: body.reason, fromAssigneeId: wo.assigneeId },
      after: async (t, row) => {
        await notify(t, now, { companyId: row.companyId, communityId: row.communityId, recipients: await supervisorsOf(t, row.communityId), kind: 'workorder.returned', title: `退单：No.${row.formNo}（${body.reason}）`, link: `/console/work-orders/${row.id}`, subjectType: 'work_order', subjectId: row.id });
        return row;
      },
    };
  });

import { and, eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { can } from '../../kernel/permissions/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { checkFiles, emitChange, lockWorkOrder, type WorkOrder } from './transition-runner.ts';
import { requireVisible } from './workorders.policy.ts';
import { illegalTransition } from './state-machine.ts';
import { serviceItems, workOrderHistory, workOrders, type Quote, type WoStatus } from './workorders.tables.ts';

const WORKING: WoStatus[] = ['dispatched', 'on_the_way', 'in_progress', 'waiting_parts', 'waiting_owner'];
const BEFORE_CLOSE: WoStatus[] = [...WORKING, 'completed', 'signed_off', 'callback_done'];

/**
 * A record on the order that is not a state change (quote, operation record, supervision):
 * same audit trail. `worker` records are the assignee's (or a supervisor's for them);
 * `supervisor` records need workorder.supervise.
 */
export async function record(
  deps: Deps,
  actor: Actor,
  id: string,
  action: string,
  states: WoStatus[],
  change: (tx: Db, wo: WorkOrder, now: Date) => Promise<{ patch: Partial<WorkOrder>; data: Record<string, unknown> }>,
  who: 'worker' | 'supervisor' = 'worker',
) {
  return deps.database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const wo = await lockWorkOrder(tx, id);
    requireVisible(actor, wo);
    const supervises = actor.kind === 'staff' && can(actor, 'workorder.supervise', wo.communityId);
    if (who === 'supervisor') {
      if (!supervises) throw new AppError('FORBIDDEN', { permission: 'workorder.supervise' });
    } else {
      const mine = supervises || (actor.kind === 'staff' && can(actor, 'workorder.work', wo.communityId) && wo.assigneeId === actor.userId);
      if (!mine) throw new AppError(actor.kind === 'staff' && can(actor, 'workorder.work', wo.communityId) ? 'WO_NOT_ASSIGNEE' : 'FORBIDDEN', { permission: 'workorder.work' });
    }
    if (!states.includes(wo.status)) throw illegalTransition(wo.status, action);
    const now = deps.clock.now();
    const { patch, data } = await change(tx, wo, now);
    const [row] = await tx.update(workOrders).set({ ...patch, updatedAt: now }).where(eq(workOrders.id, wo.id)).returning();
    await tx.insert(workOrderHistory).values({ workOrderId: wo.id, action, fromStatus: wo.status, toStatus: wo.status, actorId: actor.userId, at: now, data });
    await audit(tx, { actorId: actor.userId, companyId: wo.companyId, communityId: wo.communityId, action: `workorder.${action}`, subjectType: 'work_order', subjectId: wo.id, data });
    await emitChange(tx, row, action, wo.status);
    return row;
  });
}

/**
 * 报价 (R-WO-4): labour from the service catalogue item × quantity plus materials bought
 * on the owner's behalf; stated before work, charged through billing after completion.
 */
export const quote = (deps: Deps, actor: Actor, id: string, body: { serviceItemId?: string; quantity?: number; laborFen?: number; materials?: Array<{ name: string; quantity: number; unitFen: number }> }) =>
  record(deps, actor, id, 'quote', WORKING, async (tx, wo) => {
    let laborFen = body.laborFen ?? 0;
    const quantity = body.quantity ?? 1;
    if (body.serviceItemId) {
      const [item] = await tx.select().from(serviceItems).where(and(eq(serviceItems.id, body.serviceItemId), eq(serviceItems.communityId, wo.communityId), eq(serviceItems.active, true)));
      if (!item) throw new AppError('NOT_FOUND', { what: '服务项目' });
      laborFen = item.priceFen * quantity;
    }
    const materials = body.materials ?? [];
    const materialsFen = materials.reduce((s, m) => s + m.quantity * m.unitFen, 0);
    const q: Quote = { serviceItemId: body.serviceItemId ?? null, quantity, laborFen, materials, materialsFen, totalFen: laborFen + materialsFen };
    return { patch: { quote: q, serviceItemId: q.serviceItemId }, data: { totalFen: q.totalFen } };
  });

/** Operation record and test-report attachment of an elevator/fire job (needed to close). */
export const report = (deps: Deps, actor: Actor, id: string, body: { operationRecord?: string; testReportFileId?: string }) =>
  record(deps, actor, id, 'report', BEFORE_CLOSE, async (tx, wo) => {
    await checkFiles({ tx, actor, wo }, [body.testReportFileId]);
    return {
    patch: { operationRecord: body.operationRecord ?? wo.operationRecord, testReportFileId: body.testReportFileId ?? wo.testReportFileId },
    data: { operationRecord: !!body.operationRecord, testReportFileId: body.testReportFileId ?? null },
    };
  });

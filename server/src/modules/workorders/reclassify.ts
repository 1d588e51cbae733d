import { eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { audit } from '../../kernel/audit/index.ts';
import { reapplyRules } from '../sla/index.ts';
import { workOrderHistory, workOrders } from './workorders.tables.ts';
import { applyTransition, emitChange, lockWorkOrder, type WorkOrder } from './transition-runner.ts';
import { cancelClocks } from './transitions/clocks.ts';

/**
 * The clerk corrected the request's classification: the order takes the new type and
 * urgency while it is not finished, and its running clocks get the new rule's time from
 * their original start (raising the urgency never restarts a clock).
 */
export async function reclassifyWorkOrder(deps: Deps, tx: Db, id: string, actorId: string, to: { type: string; urgency: string }): Promise<WorkOrder | null> {
  const wo = await lockWorkOrder(tx, id);
  if (['completed', 'signed_off', 'callback_done', 'closed', 'cancelled'].includes(wo.status)) return null;
  if (wo.type === to.type && wo.urgency === to.urgency) return wo;
  const now = deps.clock.now();
  const [row] = await tx
    .update(workOrders)
    .set({ type: to.type, urgency: to.urgency, repairNow: wo.repairNow || to.urgency === 'emergency', updatedAt: now })
    .where(eq(workOrders.id, id))
    .returning();
  await reapplyRules(tx, wo.communityId, 'work_order', wo.id, { category: to.type, urgency: to.urgency });
  const data = { fromType: wo.type, fromUrgency: wo.urgency, type: to.type, urgency: to.urgency };
  await tx.insert(workOrderHistory).values({ workOrderId: id, action: 'reclassify', fromStatus: wo.status, toStatus: wo.status, actorId, at: now, data });
  await audit(tx, { actorId, companyId: wo.companyId, communityId: wo.communityId, action: 'workorder.reclassify', subjectType: 'work_order', subjectId: id, data });
  await emitChange(tx, row, 'reclassify', wo.status);
  return row;
}

/** The request turned out not to be a repair: its order (not yet dispatched) is cancelled with the reason. */
export async function withdrawWorkOrder(deps: Deps, tx: Db, id: string, reason: string): Promise<WorkOrder | null> {
  const wo = await lockWorkOrder(tx, id);
  if (wo.status !== 'new' && wo.status !== 'accepted') return null;
  return applyTransition(deps, tx, null, wo, 'cancel', async ({ now }) => {
    await cancelClocks(tx, { ...wo, requestId: null }, now);
    return { patch: { cancelReason: reason, closedAt: now, inPool: false }, data: { reason } };
  });
}

import { and, eq } from 'drizzle-orm';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { onWorkOrderEnded } from '../workorders/index.ts';
import { requests } from './requests.tables.ts';

/**
 * A request turned into a work order follows it to the end, in the order's transaction:
 * closed order → request closed (已关闭), cancelled order → request cancelled (已取消).
 * Only a request still waiting on that order (routed) moves; one answered some other way stays.
 */
export function followWorkOrders(): void {
  onWorkOrderEnded('requests', async (tx, wo, { actorId, now }) => {
    if (!wo.requestId || (wo.status !== 'closed' && wo.status !== 'cancelled')) return;
    const status = wo.status === 'closed' ? ('closed' as const) : ('cancelled' as const);
    const [r] = await tx
      .update(requests)
      .set({ status, closedAt: now })
      .where(and(eq(requests.id, wo.requestId), eq(requests.workOrderId, wo.id), eq(requests.status, 'routed')))
      .returning();
    if (!r) return;
    const data = { status, workOrderId: wo.id, reason: wo.cancelReason };
    await audit(tx, { actorId, companyId: r.companyId, communityId: r.communityId, action: 'request.follow', subjectType: 'request', subjectId: r.id, data });
    await emit(tx, { type: 'request.changed', companyId: r.companyId, communityId: r.communityId, subjectType: 'request', subjectId: r.id, roomIds: r.roomId ? [r.roomId] : [], payload: { action: 'follow', ...data, userIds: [r.reporterUserId].filter(Boolean) } });
  });
}

import { eq } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import type { Db } from '../../kernel/db/index.ts';
import { registerDeadlineHandler, type ClockView } from '../../kernel/deadlines/index.ts';
import { escalationHandler, staffWithRole, type SubjectInfo } from '../sla/index.ts';
import { workOrders } from './workorders.tables.ts';
import { ratingTimeout } from './transitions/closing.ts';

/**
 * Who works on the order now: its assignee; before anyone is assigned, the desk for the
 * response (nobody has accepted it yet) and the dispatchers for everything after.
 */
export async function workOrderInfo(tx: Db, id: string, kind = 'dispatch'): Promise<SubjectInfo | null> {
  // only what the message needs: a burst of escalations runs this once per firing
  const [wo] = await tx
    .select({ id: workOrders.id, companyId: workOrders.companyId, communityId: workOrders.communityId, assigneeId: workOrders.assigneeId, formNo: workOrders.formNo, description: workOrders.description })
    .from(workOrders)
    .where(eq(workOrders.id, id));
  if (!wo) return null;
  const assigneeIds = wo.assigneeId ? [wo.assigneeId] : await staffWithRole(tx, wo.communityId, kind === 'response' ? ['clerk', 'monitoring_center'] : ['dispatcher']);
  return { companyId: wo.companyId, label: `工单 No.${wo.formNo}「${wo.description.slice(0, 20)}」`, link: `/console/work-orders/${wo.id}`, assigneeIds };
}

const lookup = (tx: Db, clock: ClockView) => workOrderInfo(tx, clock.subjectId, clock.kind);

/**
 * The work order's clocks: response/dispatch/on-site/callback escalate (50% → assignee,
 * 75% → + supervisor, breach → supervisor, then manager); the rating window, when it
 * runs out, moves the order on to callback without the owner's rating.
 */
export function registerWorkOrderClocks(deps: Deps): void {
  for (const kind of ['response', 'dispatch', 'on_site', 'callback']) registerDeadlineHandler({ subjectType: 'work_order', kind }, escalationHandler(lookup));
  registerDeadlineHandler(
    { subjectType: 'work_order', kind: 'rating' },
    {
      async onBreach(tx, clock) {
        const [wo] = await tx.select().from(workOrders).where(eq(workOrders.id, clock.subjectId)).for('update');
        if (wo?.status === 'completed') await ratingTimeout(deps, tx, wo);
      },
    },
  );
}

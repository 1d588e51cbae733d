import { eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import type { Db } from '../../kernel/db/index.ts';
import { registerDeadlineHandler, type ClockView } from '../../kernel/deadlines/index.ts';
import { escalationHandler, staffIn, type SubjectInfo } from '../sla/index.ts';
import { workOrders } from './workorders.tables.ts';
import { ratingTimeout } from './transitions/closing.ts';

const RESPONSE_DESK = ['clerk', 'monitoring_center'];
const DISPATCH_DESK = ['dispatcher'];

/**
 * Who works on each order now (one answer per item, in order): its assignee; before anyone is
 * assigned, the desk for the response (nobody has accepted it yet) and the dispatchers for
 * everything after. Two queries however many orders: a sweep's batch asks for a hundred.
 */
export async function workOrderInfos(tx: Db, items: Array<{ id: string; kind: string }>): Promise<Array<SubjectInfo | null>> {
  const ids = [...new Set(items.map((i) => i.id))];
  // only what the message needs
  const found = ids.length
    ? await tx
        .select({ id: workOrders.id, companyId: workOrders.companyId, communityId: workOrders.communityId, assigneeId: workOrders.assigneeId, formNo: workOrders.formNo, description: workOrders.description })
        .from(workOrders)
        .where(inArray(workOrders.id, ids))
    : [];
  const byId = new Map(found.map((w) => [w.id, w]));
  const desk = (kind: string) => (kind === 'response' ? RESPONSE_DESK : DISPATCH_DESK);
  const unassigned = items.filter((i) => byId.has(i.id) && !byId.get(i.id)!.assigneeId);
  const staff = await staffIn(tx, unassigned.map((i) => byId.get(i.id)!.communityId), unassigned.flatMap((i) => desk(i.kind)));
  return items.map((i) => {
    const wo = byId.get(i.id);
    if (!wo) return null;
    const assigneeIds = wo.assigneeId ? [wo.assigneeId] : staff.of(wo.communityId, desk(i.kind));
    return { companyId: wo.companyId, label: `工单 No.${wo.formNo}「${wo.description.slice(0, 20)}」`, link: `/console/work-orders/${wo.id}`, assigneeIds };
  });
}

const lookup = (tx: Db, clocks: ClockView[]) => workOrderInfos(tx, clocks.map((c) => ({ id: c.subjectId, kind: c.kind })));

/**
 * The work order's clocks: response/dispatch/on-site/callback escalate (50% → assignee,
 * 75% → + supervisor, breach → supervisor, then manager); the rating window, when it
 * runs out, moves the order on to callback without the owner's rating.
 */
export function registerWorkOrderClocks(deps: Deps): void {
  // one handler for all four kinds: a sweep batch hands it their firings in one call
  const ladder = escalationHandler(lookup);
  for (const kind of ['response', 'dispatch', 'on_site', 'callback']) registerDeadlineHandler({ subjectType: 'work_order', kind }, ladder);
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

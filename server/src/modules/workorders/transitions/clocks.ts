import type { Db } from '../../../kernel/db/index.ts';
import { cancelAll, meetSlaClock, pauseAll, resumeAll, startSlaClock } from '../../sla/index.ts';
import type { WorkOrder } from '../transition-runner.ts';

/** The order's clocks and, when it came from a request, the request's (they run together). */
const subjects = (wo: WorkOrder): Array<[string, string]> => (wo.requestId ? [['work_order', wo.id], ['request', wo.requestId]] : [['work_order', wo.id]]);

export const startWoClock = (tx: Db, wo: WorkOrder, kind: string, at: Date) =>
  startSlaClock(tx, { companyId: wo.companyId, communityId: wo.communityId, subjectType: 'work_order', subjectId: wo.id }, kind, { category: wo.type, urgency: wo.urgency }, at);

/** Meets `kind` on the order and on its request, wherever it runs. */
export async function meet(tx: Db, wo: WorkOrder, kinds: string[], at: Date): Promise<void> {
  for (const [t, id] of subjects(wo)) for (const k of kinds) await meetSlaClock(tx, t, id, k, at);
}
export async function pauseClocks(tx: Db, wo: WorkOrder, at: Date): Promise<void> {
  for (const [t, id] of subjects(wo)) await pauseAll(tx, t, id, at);
}
export async function resumeClocks(tx: Db, wo: WorkOrder, at: Date): Promise<void> {
  for (const [t, id] of subjects(wo)) await resumeAll(tx, t, id, at);
}
export async function cancelClocks(tx: Db, wo: WorkOrder, at: Date): Promise<void> {
  for (const [t, id] of subjects(wo)) await cancelAll(tx, t, id, at);
}

import { eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { attachFileCheck } from '../../kernel/files/index.ts';
import { notify } from '../notifications/index.ts';
import { workOrderHistory, workOrders, type WoStatus } from './workorders.tables.ts';
import { nextState, type Action } from './state-machine.ts';
import { authorize, requireVisible } from './workorders.policy.ts';

export type WorkOrder = typeof workOrders.$inferSelect;

export interface Ctx {
  deps: Deps;
  tx: Db;
  actor: Actor | null;
  wo: WorkOrder;
  /** The state the table says this action leads to. */
  to: WoStatus;
  now: Date;
}

export interface Outcome {
  patch?: Partial<WorkOrder>;
  /** Overrides the table's target (e.g. wait → waiting_parts). Must be a state of the same action family. */
  to?: WoStatus;
  data?: Record<string, unknown>;
  /** Told to the owner (in-app + live) after the change. */
  ownerMessage?: { title: string; body?: string };
  /** More work in the same transaction once the row is written (chained transitions). */
  after?: (tx: Db, wo: WorkOrder) => Promise<WorkOrder | void>;
}

export async function lockWorkOrder(tx: Db, id: string): Promise<WorkOrder> {
  const [wo] = await tx.select().from(workOrders).where(eq(workOrders.id, id)).for('update');
  if (!wo) throw new AppError('NOT_FOUND', { what: '工单' });
  return wo;
}

/**
 * The skeleton every transition shares, inside the caller's transaction: authorise
 * (visibility, role, assignee/owner), check the state table, apply the action's own
 * change, then write the row, the history entry, the audit entry and the outbox event
 * (addressed to the owner's room and user so their page updates live).
 */
export async function applyTransition(deps: Deps, tx: Db, actor: Actor | null, wo: WorkOrder, action: Action, apply: (c: Ctx) => Promise<Outcome>): Promise<WorkOrder> {
  if (actor) {
    requireVisible(actor, wo);
    authorize(actor, wo, action);
  }
  const to = nextState(wo.status, action);
  const now = deps.clock.now();
  const out = await apply({ deps, tx, actor, wo, to, now });
  const final = out.to ?? to;
  const [row] = await tx
    .update(workOrders)
    .set({ ...out.patch, status: final, updatedAt: now })
    .where(eq(workOrders.id, wo.id))
    .returning();
  const actorId = actor?.userId ?? null;
  await tx.insert(workOrderHistory).values({ workOrderId: wo.id, action, fromStatus: wo.status, toStatus: final, actorId, at: now, data: out.data ?? {} });
  await audit(tx, { actorId, companyId: wo.companyId, communityId: wo.communityId, action: `workorder.${action}`, subjectType: 'work_order', subjectId: wo.id, data: { from: wo.status, to: final, ...out.data } });
  await emitChange(tx, row, action, wo.status);
  if (out.ownerMessage && row.reporterUserId) {
    await notify(tx, now, { companyId: row.companyId, communityId: row.communityId, recipients: [row.reporterUserId], kind: `workorder.${action}`, title: out.ownerMessage.title, body: out.ownerMessage.body, link: `/app/repairs/${row.id}`, subjectType: 'work_order', subjectId: row.id });
  }
  const chained = await out.after?.(tx, row);
  return chained ?? row;
}

export async function emitChange(tx: Db, wo: WorkOrder, action: string, from: string | null): Promise<void> {
  await emit(tx, {
    type: 'workorder.changed',
    companyId: wo.companyId,
    communityId: wo.communityId,
    subjectType: 'work_order',
    subjectId: wo.id,
    roomIds: wo.roomId ? [wo.roomId] : [],
    payload: { action, from, to: wo.status, formNo: wo.formNo, assigneeId: wo.assigneeId, userIds: [wo.reporterUserId, wo.assigneeId].filter(Boolean) },
  });
}

/** One transition as its own transaction (what the routes call). */
export async function runTransition(deps: Deps, actor: Actor | null, id: string, action: Action, apply: (c: Ctx) => Promise<Outcome>): Promise<WorkOrder> {
  return deps.database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    return applyTransition(deps, tx, actor, await lockWorkOrder(tx, id), action, apply);
  });
}

/** Attachments named in a body must be files of the order's community the actor may use (404 otherwise). */
export async function checkFiles(c: { tx: Db; actor: Actor | null; wo: { communityId: string } }, ids: Array<string | null | undefined>): Promise<void> {
  const list = ids.filter((x): x is string => !!x);
  if (c.actor && list.length) await attachFileCheck(c.tx, c.actor, list, c.wo.communityId);
}

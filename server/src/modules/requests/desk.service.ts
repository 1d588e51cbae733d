import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import { notify } from '../notifications/index.ts';
import { meetSlaClock, reapplyRules } from '../sla/index.ts';
import { createWorkOrder, reclassifyWorkOrder, withdrawWorkOrder } from '../workorders/index.ts';
import { isRepair } from './classifier.ts';
import { requests } from './requests.tables.ts';
import { scopeOf, type Request } from './intake.ts';

/** Locks a request the actor manages (request.manage in its community), or 404/403. */
async function lockManaged(tx: Db, actor: Actor, id: string): Promise<Request> {
  const [r] = await tx.select().from(requests).where(eq(requests.id, id)).for('update');
  if (!r || r.companyId !== actor.companyId) throw new AppError('NOT_FOUND', { what: '报事' });
  requirePermission(actor, 'request.manage', r.communityId, '报事');
  return r;
}

async function record(tx: Db, actor: Actor, r: Request, action: string, data: Record<string, unknown>) {
  await audit(tx, { actorId: actor.userId, companyId: r.companyId, communityId: r.communityId, action: `request.${action}`, subjectType: 'request', subjectId: r.id, data });
  await emit(tx, { type: 'request.changed', companyId: r.companyId, communityId: r.communityId, subjectType: 'request', subjectId: r.id, roomIds: r.roomId ? [r.roomId] : [], payload: { action, ...data, userIds: [r.reporterUserId].filter(Boolean) } });
}

/**
 * The clerk confirms or overrides the proposed classification. Clocks keep their start
 * and take the new rule's time; a repair gets (or keeps) its work order; a non-repair
 * drops an order not yet dispatched. A non-repair request counts as responded to now.
 */
export async function classifyRequest(deps: Deps, actor: Actor, id: string, body: { category: string; urgency: string }) {
  return deps.database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const r = await lockManaged(tx, actor, id);
    const now = deps.clock.now();
    let workOrderId = r.workOrderId;
    await reapplyRules(tx, r.communityId, 'request', r.id, body);
    if (r.workOrderId && isRepair(body.category)) await reclassifyWorkOrder(deps, tx, r.workOrderId, actor.userId, { type: body.category, urgency: body.urgency });
    if (r.workOrderId && !isRepair(body.category) && (await withdrawWorkOrder(deps, tx, r.workOrderId, `改为${body.category}`))) workOrderId = null;
    if (!workOrderId && isRepair(body.category)) {
      const wo = await createWorkOrder(deps, tx, {
        companyId: r.companyId, communityId: r.communityId, requestId: r.id, roomId: r.roomId, location: r.location, equipmentId: r.equipmentId,
        type: body.category, urgency: body.urgency, scope: scopeOf(body.category, r.roomId), description: r.description,
        reporterUserId: r.reporterUserId, createdBy: actor.userId, photos: r.photos,
      });
      workOrderId = wo.id;
    }
    if (!isRepair(body.category)) await meetSlaClock(tx, 'request', r.id, 'response', now);
    const [row] = await tx
      .update(requests)
      .set({ category: body.category, urgency: body.urgency, classifiedBy: actor.userId, classifiedAt: now, workOrderId, status: workOrderId ? 'routed' : 'open', firstContactId: r.firstContactId ?? actor.userId })
      .where(eq(requests.id, id))
      .returning();
    await record(tx, actor, row, 'classify', { from: { category: r.category, urgency: r.urgency }, to: body, overridden: body.category !== r.proposedCategory || body.urgency !== r.proposedUrgency });
    return row;
  });
}

/** A reply to the owner (progress or result); `resolved` ends the request and its clocks. */
export async function replyToRequest(deps: Deps, actor: Actor, id: string, body: { message: string; resolved?: boolean }) {
  return deps.database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const r = await lockManaged(tx, actor, id);
    if (r.status === 'closed' || r.status === 'cancelled') {
      throw new AppError('ILLEGAL_TRANSITION', { from: r.status === 'closed' ? '已关闭' : '已取消', fromEn: r.status, action: '答复', actionEn: 'reply' });
    }
    const now = deps.clock.now();
    const kinds = body.resolved ? ['response', 'feedback', 'result'] : ['response', 'feedback'];
    for (const k of kinds) await meetSlaClock(tx, 'request', r.id, k, now);
    const [row] = await tx
      .update(requests)
      .set({ reply: body.message, firstContactId: r.firstContactId ?? actor.userId, ...(body.resolved ? { status: 'closed' as const, closedAt: now } : {}) })
      .where(eq(requests.id, id))
      .returning();
    await notify(tx, now, { companyId: r.companyId, communityId: r.communityId, recipients: [r.reporterUserId], kind: 'request.reply', title: body.resolved ? '您的报事已办结' : '您的报事有新进展', body: body.message, link: `/app/requests/${r.id}`, subjectType: 'request', subjectId: r.id });
    await record(tx, actor, row, 'reply', { resolved: !!body.resolved });
    return row;
  });
}

/** Records the delay reason and expected date that the repeated delay notices carry. */
export async function recordDelay(deps: Deps, actor: Actor, id: string, body: { reason: string; expectedAt: string }) {
  return deps.database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const r = await lockManaged(tx, actor, id);
    const now = deps.clock.now();
    const [row] = await tx.update(requests).set({ delayReason: body.reason, expectedAt: new Date(body.expectedAt) }).where(eq(requests.id, id)).returning();
    await meetSlaClock(tx, 'request', r.id, 'feedback', now);
    await notify(tx, now, { companyId: r.companyId, communityId: r.communityId, recipients: [r.reporterUserId], kind: 'request.delay', title: '报事处理延期说明', body: `原因：${body.reason}；预计完成：${body.expectedAt.slice(0, 10)}`, link: `/app/requests/${r.id}`, subjectType: 'request', subjectId: r.id });
    await record(tx, actor, row, 'delay', { reason: body.reason, expectedAt: body.expectedAt });
    return row;
  });
}

/** The monitoring centre's night log not yet handed over to customer service (R-DESK-5). */
export async function handoverList(db: Db, communityId: string) {
  return db
    .select()
    .from(requests)
    .where(and(eq(requests.communityId, communityId), eq(requests.afterHours, true), isNull(requests.handedOverAt)))
    .orderBy(asc(requests.createdAt));
}

/** Customer service takes over the night log (all of it, or the listed ids). */
export async function confirmHandover(deps: Deps, actor: Actor, communityId: string, ids?: string[]) {
  requirePermission(actor, 'request.manage', communityId);
  const now = deps.clock.now();
  return deps.database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const where = [eq(requests.communityId, communityId), eq(requests.afterHours, true), isNull(requests.handedOverAt)];
    if (ids?.length) where.push(inArray(requests.id, ids));
    const rows = await tx.update(requests).set({ handedOverAt: now, handedOverTo: actor.userId }).where(and(...where)).returning({ id: requests.id });
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId, action: 'request.handover', subjectType: 'community', subjectId: communityId, data: { count: rows.length } });
    return rows.length;
  });
}

import { eq } from 'drizzle-orm';
import { users } from '../../../kernel/auth/auth.tables.ts';
import { maskPhone } from '../../../kernel/crypto/index.ts';
import type { Deps } from '../../../kernel/deps.ts';
import type { Actor } from '../../../kernel/permissions/index.ts';
import { AppError } from '../../../kernel/errors/index.ts';
import { notify } from '../../notifications/index.ts';
import { openClocks } from '../../sla/index.ts';
import { requireAssignable } from '../dispatch-modes.ts';
import { runTransition, type Ctx, type Outcome } from '../transition-runner.ts';
import { meet, startWoClock } from './clocks.ts';

const hhmm = (d: Date) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);

/**
 * What every kind of assignment does (dispatch, grab, transfer, round-robin, re-dispatch):
 * the assignee joins the chain of handlers, the dispatch clock is met, a "repair now"
 * job's on-site clock starts, and the owner is told name, masked phone and ETA (R-WO-2),
 * which is also progress feedback on the request.
 */
export async function assignEffects(c: Ctx, assigneeId: string, etaMinutes: number, data: Record<string, unknown> = {}): Promise<Outcome> {
  const { tx, wo, now, deps } = c;
  await requireAssignable(tx, wo, assigneeId);
  const [tech] = await tx.select({ name: users.displayName, phoneEnc: users.phoneEnc }).from(users).where(eq(users.id, assigneeId));
  const phone = tech.phoneEnc ? maskPhone(deps.pii.decrypt(tech.phoneEnc)) : null;
  const etaAt = new Date(now.getTime() + etaMinutes * 60_000);
  await meet(tx, wo, ['dispatch', 'feedback'], now);
  const onSiteRunning = (await openClocks(tx, 'work_order', wo.id)).some((k) => k.kind === 'on_site');
  if (wo.repairNow && !onSiteRunning) await startWoClock(tx, wo, 'on_site', now);
  return {
    patch: { assigneeId, handlers: [...wo.handlers, assigneeId], inPool: false, dispatchedAt: now, etaAt },
    data: { assigneeId, etaMinutes, ...data },
    ownerMessage: { title: `已派单：维修人员${tech.name}${phone ? `（${phone}）` : ''}，预计 ${hhmm(etaAt)} 到达`, body: wo.description },
    after: async (t, row) => {
      await notify(t, now, { companyId: row.companyId, communityId: row.communityId, recipients: [assigneeId], kind: 'workorder.assigned', title: `新工单 No.${row.formNo}：${row.description.slice(0, 40)}`, body: row.location, link: `/console/work-orders/${row.id}`, subjectType: 'work_order', subjectId: row.id });
    },
  };
}

/** 派单: the dispatcher assigns a technician with an ETA. */
export const dispatch = (deps: Deps, actor: Actor, id: string, body: { assigneeId: string; etaMinutes: number }) =>
  runTransition(deps, actor, id, 'dispatch', (c) => assignEffects(c, body.assigneeId, body.etaMinutes));

/** 抢单: a technician takes an order from the pool. */
export const grab = (deps: Deps, actor: Actor, id: string, body: { etaMinutes?: number }) =>
  runTransition(deps, actor, id, 'grab', (c) => {
    if (!c.wo.inPool) throw new AppError('WO_NOT_IN_POOL');
    return assignEffects(c, actor.userId, body.etaMinutes ?? 30, { grabbed: true });
  });

/** 转单: to another technician, keeping the chain; the order restarts from dispatched. */
export const transfer = (deps: Deps, actor: Actor, id: string, body: { assigneeId: string; reason: string; etaMinutes?: number }) =>
  runTransition(deps, actor, id, 'transfer', (c) => {
    if (c.wo.assigneeId === body.assigneeId) throw new AppError('VALIDATION_FAILED', { reason: 'assigneeId: already assigned / 已是当前处理人' });
    return assignEffects(c, body.assigneeId, body.etaMinutes ?? 30, { reason: body.reason, fromAssigneeId: c.wo.assigneeId });
  });

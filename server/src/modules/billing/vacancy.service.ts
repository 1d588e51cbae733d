import { and, desc, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { communityScope, type Actor } from '../../kernel/permissions/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { files } from '../../kernel/files/files.tables.ts';
import { rooms } from '../property/index.ts';
import { vacancyApplications } from './billing.tables.ts';
import { communityFor, roomFor } from './access.ts';

/**
 * 空置申请 (R-FEE-2): an owner or clerk files a room and a date range; a manager other than the
 * applicant approves or rejects it; the billing run then bills the approved days of
 * vacancy-discountable items at the community's vacancy rate (an approved `vacancy` rule).
 */
export interface VacancyInput {
  roomId: string;
  fromDate: string;
  toDate: string;
  reason: string;
  evidenceFileId?: string | null;
}

const STATUS_ZH: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '已驳回', withdrawn: '已撤回' };
const LIVE = sql`status IN ('pending', 'approved')`;

export async function fileVacancy(db: Db, clock: Clock, actor: Actor, input: VacancyInput) {
  const room = await roomFor(db, actor, input.roomId, 'vacancy.apply');
  if (input.toDate < input.fromDate) throw new AppError('VALIDATION_FAILED', { reason: '结束日期不能早于开始日期 / the end date is before the start date' });
  const today = shanghaiDate(clock.now());
  const [rule] = await rows<{ backdate_days: number | null }>(
    db,
    sql`SELECT backdate_days FROM discount_rules WHERE community_id = ${room.communityId}::uuid AND kind = 'vacancy' AND status = 'approved'
        AND valid_from <= ${input.toDate}::date AND coalesce(valid_to, DATE '9999-12-31') >= ${input.fromDate}::date
        ORDER BY valid_from DESC LIMIT 1`,
  );
  if (!rule) throw new AppError('VALIDATION_FAILED', { reason: '本小区在该期间未设置空置优惠 / no vacancy rate is configured for these dates' });
  const limitDays = rule.backdate_days ?? 30;
  const earliest = new Date(Date.parse(`${today}T00:00:00Z`) - limitDays * 86_400_000).toISOString().slice(0, 10);
  if (input.fromDate < earliest) throw new AppError('VACANCY_TOO_OLD', { limitDays, earliest });
  if (input.evidenceFileId) {
    const [f] = await db.select({ id: files.id }).from(files).where(and(eq(files.id, input.evidenceFileId), eq(files.communityId, room.communityId)));
    if (!f) throw new AppError('NOT_FOUND', { what: '证明文件' });
  }
  return db.transaction(async (tx) => {
    // The room row lock serialises filings for one room, so two overlapping ones cannot both pass.
    await tx.execute(sql`SELECT id FROM rooms WHERE id = ${room.id}::uuid FOR UPDATE`);
    await refuseOverlap(tx, room.id, input.fromDate, input.toDate, null);
    const [app] = await tx
      .insert(vacancyApplications)
      .values({ communityId: room.communityId, roomId: room.id, fromDate: input.fromDate, toDate: input.toDate, reason: input.reason, evidenceFileId: input.evidenceFileId ?? null, appliedBy: actor.userId })
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: room.communityId, action: 'billing.vacancy.file', subjectType: 'vacancy_application', subjectId: app.id, data: { ...input } });
    await emit(tx, { type: 'billing.vacancy.filed', companyId: actor.companyId, communityId: room.communityId, subjectType: 'vacancy_application', subjectId: app.id, roomIds: [room.id] });
    return app;
  });
}

async function refuseOverlap(tx: Db, roomId: string, from: string, to: string, except: string | null) {
  const [other] = await rows<{ from_date: string; to_date: string }>(
    tx,
    sql`SELECT from_date::text, to_date::text FROM vacancy_applications WHERE room_id = ${roomId}::uuid AND ${LIVE}
        AND from_date <= ${to}::date AND to_date >= ${from}::date ${except ? sql`AND id <> ${except}::uuid` : sql``} LIMIT 1`,
  );
  if (other) throw new AppError('VACANCY_OVERLAP', { from: other.from_date, to: other.to_date });
}

/** approve / reject (payment.approve, someone other than the applicant) or withdraw (the applicant, while pending). */
export async function decideVacancy(db: Db, clock: Clock, actor: Actor, id: string, action: 'approve' | 'reject' | 'withdraw', note?: string) {
  return db.transaction(async (tx) => {
    const [locked] = await rows<{ room_id: string }>(tx, sql`SELECT room_id FROM vacancy_applications WHERE id = ${id}::uuid`);
    if (!locked) throw new AppError('NOT_FOUND', { what: '空置申请' });
    await tx.execute(sql`SELECT id FROM rooms WHERE id = ${locked.room_id}::uuid FOR UPDATE`);
    const [app] = await tx.select().from(vacancyApplications).where(eq(vacancyApplications.id, id));
    if (action === 'withdraw') {
      await roomFor(tx, actor, app.roomId, 'vacancy.apply');
      if (app.appliedBy !== actor.userId) throw new AppError('NOT_FOUND', { what: '空置申请' });
    } else {
      if (actor.kind !== 'staff') throw new AppError('NOT_FOUND', { what: '空置申请' });
      await communityFor(tx, actor, app.communityId, 'payment.approve');
    }
    const zh = { approve: '批准', reject: '驳回', withdraw: '撤回' }[action];
    if (app.status !== 'pending') throw new AppError('ILLEGAL_TRANSITION', { from: STATUS_ZH[app.status], fromEn: app.status, action: zh, actionEn: action });
    if (action !== 'withdraw' && app.appliedBy === actor.userId) throw new AppError('APPROVER_MUST_DIFFER');
    const to = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'withdrawn';
    const [done] = await tx
      .update(vacancyApplications)
      .set({ status: to, ...(action === 'withdraw' ? {} : { decidedBy: actor.userId, decidedAt: clock.now(), decisionNote: note ?? null }) })
      .where(eq(vacancyApplications.id, id))
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: app.communityId, action: `billing.vacancy.${action}`, subjectType: 'vacancy_application', subjectId: id, data: { note: note ?? null } });
    await emit(tx, { type: `billing.vacancy.${to}`, companyId: actor.companyId, communityId: app.communityId, subjectType: 'vacancy_application', subjectId: id, roomIds: [app.roomId] });
    return done;
  });
}

/** Staff: a community's applications (billing.read); owners: their own rooms' (`roomId` required). */
export async function listVacancies(db: Db, actor: Actor, q: { communityId?: string; roomId?: string; status?: string }) {
  if (actor.kind === 'owner' || q.roomId) {
    if (!q.roomId) throw new AppError('VALIDATION_FAILED', { reason: 'roomId is required' });
    const room = await roomFor(db, actor, q.roomId, 'billing.read');
    return db.select().from(vacancyApplications).where(eq(vacancyApplications.roomId, room.id)).orderBy(desc(vacancyApplications.fromDate)).limit(200);
  }
  if (!q.communityId) throw new AppError('VALIDATION_FAILED', { reason: 'communityId is required' });
  await communityFor(db, actor, q.communityId, 'billing.read');
  const list = await db
    .select({ app: vacancyApplications, roomCode: rooms.code })
    .from(vacancyApplications)
    .innerJoin(rooms, eq(rooms.id, vacancyApplications.roomId))
    .where(
      and(
        eq(vacancyApplications.communityId, q.communityId),
        communityScope(actor, vacancyApplications.communityId, 'billing.read'),
        q.status ? eq(vacancyApplications.status, q.status as 'pending') : undefined,
      ),
    )
    .orderBy(desc(vacancyApplications.createdAt))
    .limit(500);
  return list.map(({ app, roomCode }) => ({ ...app, roomCode }));
}

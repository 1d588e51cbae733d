import { randomInt } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { registerConstraint } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { rows } from '../../kernel/db/index.ts';
import { ARCHIVE_CODE_RAW } from './rooms.lookup.ts';
import { communityOf, requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { rooms } from '../property/index.ts';
import { archiveAuditRooms, archiveAudits } from './archive.tables.ts';

registerConstraint('archive_audits_period_uq', 'DUPLICATE', { what: '本期档案检查' });

/** At least 5 % of the rooms, rounded up, never fewer than one (seed 001 篇5 4.1.1 2). */
export const sampleSize = (total: number) => (total === 0 ? 0 : Math.max(1, Math.ceil(total * 0.05)));
export const halfYear = (day: string) => `${day.slice(0, 4)}-H${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;

function addYear(day: string): string {
  return `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;
}

/**
 * When the checks are due (R-ARC-7): the full check once the first move-in is a year old or
 * occupancy reaches 80 %; after it, a random sample every half-year.
 */
export async function auditStatus(deps: Deps, actor: Actor, communityId: string) {
  const { db } = deps.database;
  await communityOf(db, actor, communityId);
  requirePermission(actor, 'archive.audit', communityId);
  const today = shanghaiDate(deps.clock.now());
  const [s] = await rows<{ total: number; occupied: number; first_move_in: string | null }>(
    db,
    sql`select (select count(*)::int from rooms where community_id = ${communityId}::uuid) as total,
               (select count(distinct room_id)::int from room_occupancies where community_id = ${communityId}::uuid and relation = 'owner' and started_on <= ${today} and (ended_on is null or ended_on > ${today})) as occupied,
               (select min(started_on)::text from room_occupancies where community_id = ${communityId}::uuid and relation = 'owner') as first_move_in`,
  );
  const done = await db.select().from(archiveAudits).where(eq(archiveAudits.communityId, communityId)).orderBy(asc(archiveAudits.drawnAt));
  const full = done.find((a) => a.kind === 'full') ?? null;
  const rate = s.total ? s.occupied / s.total : 0;
  const yearAfter = s.first_move_in ? addYear(s.first_move_in) : null;
  const reasons: string[] = [];
  if (yearAfter && today >= yearAfter) reasons.push('one_year_after_move_in');
  if (rate >= 0.8) reasons.push('occupancy_80');
  const period = halfYear(today);
  return {
    rooms: s.total,
    occupiedRooms: s.occupied,
    occupancyRate: Math.round(rate * 1000) / 10,
    firstMoveIn: s.first_move_in,
    fullCheck: { done: !!full, auditId: full?.id ?? null, due: !full && reasons.length > 0, reasons, dueOn: full ? null : yearAfter },
    sample: { period, size: sampleSize(s.total), due: !!full && !done.some((a) => a.kind === 'sample' && a.period === period), auditId: done.find((a) => a.kind === 'sample' && a.period === period)?.id ?? null },
  };
}

/** Draws and stores the full check (every room) or this half-year's random sample. */
export async function drawAudit(deps: Deps, actor: Actor, communityId: string, kind: 'full' | 'sample', requestId?: string) {
  const { db } = deps.database;
  await communityOf(db, actor, communityId);
  requirePermission(actor, 'archive.audit', communityId);
  const now = deps.clock.now();
  const all = (await db.select({ id: rooms.id }).from(rooms).where(eq(rooms.communityId, communityId))).map((r) => r.id);
  if (all.length === 0) throw new AppError('CONFLICT', { reason: '小区没有房屋 / the community has no rooms' });
  let chosen = all;
  if (kind === 'sample') {
    // Partial Fisher–Yates with a CSPRNG: every room equally likely, no one can steer the draw.
    const a = [...all];
    const n = sampleSize(a.length);
    for (let i = 0; i < n; i++) {
      const j = i + randomInt(a.length - i);
      [a[i], a[j]] = [a[j], a[i]];
    }
    chosen = a.slice(0, n);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(archiveAudits)
      .values({ communityId, kind, period: kind === 'sample' ? halfYear(shanghaiDate(now)) : shanghaiDate(now), roomTotal: all.length, sampleSize: chosen.length, drawnBy: actor.userId, drawnAt: now })
      .returning();
    for (let i = 0; i < chosen.length; i += 1000) {
      await tx.insert(archiveAuditRooms).values(chosen.slice(i, i + 1000).map((roomId) => ({ auditId: row.id, communityId, roomId })));
    }
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId, action: `archive_audit.draw_${kind}`, subjectType: 'archive_audit', subjectId: row.id, data: { rooms: chosen.length, of: all.length }, requestId });
    await emit(tx, { type: 'archive_audit.drawn', companyId: actor.companyId, communityId, subjectType: 'archive_audit', subjectId: row.id });
    return row;
  });
}

export async function getAudit(deps: Deps, actor: Actor, auditId: string) {
  const { db } = deps.database;
  const [a] = await db.select().from(archiveAudits).where(eq(archiveAudits.id, auditId));
  if (!a) throw new AppError('NOT_FOUND', { what: '档案检查' });
  await communityOf(db, actor, a.communityId);
  requirePermission(actor, 'archive.audit', a.communityId, '档案检查');
  const list = await rows<{ room_id: string; room_code: string; archive_code: string; result: string; findings: string; checked_at: string | null }>(
    db,
    sql`select ar.room_id, r.code as room_code, ${sql.raw(ARCHIVE_CODE_RAW)} as archive_code, ar.result, ar.findings, ar.checked_at::text
        from archive_audit_rooms ar join rooms r on r.id = ar.room_id join buildings b on b.id = r.building_id
        where ar.audit_id = ${auditId}::uuid order by b.code, r.floor, r.number, archive_code`,
  );
  return { ...a, drawnAt: a.drawnAt.toISOString(), rooms: list.map((r) => ({ roomId: r.room_id, roomCode: r.room_code, archiveCode: r.archive_code, result: r.result, findings: r.findings, checkedAt: r.checked_at })) };
}

/** An inspector's result for one drawn room; a failure shows up in the missing-items list. */
export async function recordAuditResult(deps: Deps, actor: Actor, auditId: string, roomId: string, input: { result: 'pass' | 'fail'; findings?: string }, requestId?: string) {
  const { db } = deps.database;
  const [a] = await db.select().from(archiveAudits).where(eq(archiveAudits.id, auditId));
  if (!a) throw new AppError('NOT_FOUND', { what: '档案检查' });
  await communityOf(db, actor, a.communityId);
  requirePermission(actor, 'archive.audit', a.communityId, '档案检查');
  if (input.result === 'fail' && !input.findings?.trim()) throw new AppError('VALIDATION_FAILED', { reason: '不合格须填写问题 / findings required for a failure' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(archiveAuditRooms)
      .set({ result: input.result, findings: input.findings?.trim() ?? '', inspectorId: actor.userId, checkedAt: deps.clock.now() })
      .where(and(eq(archiveAuditRooms.auditId, auditId), eq(archiveAuditRooms.roomId, roomId)))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', { what: '抽查房屋' });
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: a.communityId, action: 'archive_audit.result', subjectType: 'archive_audit', subjectId: auditId, data: { roomId, result: input.result }, requestId });
    await emit(tx, { type: 'archive_audit.result', companyId: actor.companyId, communityId: a.communityId, subjectType: 'archive_audit', subjectId: auditId, roomIds: [roomId] });
    return row;
  });
}

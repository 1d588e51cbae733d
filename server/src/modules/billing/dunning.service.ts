import { and, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { dunningContacts, dunningLetters, dunningRuns } from './arrears.tables.ts';
import { communityFor, roomFor } from './access.ts';
import { refuseSanction } from './law.ts';
import { composeLetters, renderPendingLetters } from './letters.service.ts';
import type { BlobStorage } from '../../kernel/files/index.ts';

/** Demand-letter runs up to this size render their PDFs before answering. */
const LETTERS_INLINE = 20;

/**
 * 催缴 (R-FEE-6): friendly reminder → written demand letter → legal referral, each stage only
 * after the previous one; every run is previewed (dry run) before it sends, and can be rolled
 * back (letters withdrawn, history kept). There is no stage that fines or cuts utilities.
 */
export const STAGES = ['reminder', 'demand_letter', 'legal'] as const;
export type Stage = (typeof STAGES)[number];
const PREVIOUS: Record<Stage, Stage | null> = { reminder: null, demand_letter: 'reminder', legal: 'demand_letter' };

export function checkStage(stage: string): Stage {
  refuseSanction(stage);
  if (!(STAGES as readonly string[]).includes(stage)) throw new AppError('VALIDATION_FAILED', { reason: `stage must be one of ${STAGES.join(', ')}` });
  return stage as Stage;
}

export interface DunningTarget {
  roomId: string;
  roomCode: string;
  overdueFen: number;
  oldestDueDate: string;
  bills: number;
}

/** Rooms the stage would reach: overdue ≥ minDays, previous stage already sent, not already at this stage. */
async function targets(db: Db, communityId: string, stage: Stage, minDaysOverdue: number, asOf: string): Promise<DunningTarget[]> {
  const prev = PREVIOUS[stage];
  const list = await rows<{ room_id: string; code: string; overdue: number; oldest: string; n: number }>(
    db,
    sql`SELECT b.room_id, r.code, sum(b.amount_fen - b.paid_fen)::bigint AS overdue, min(b.due_date)::text AS oldest, count(*)::int AS n
        FROM bills b JOIN rooms r ON r.id = b.room_id
        WHERE b.community_id = ${communityId}::uuid AND b.paid_fen < b.amount_fen AND b.due_date <= ${asOf}::date - ${minDaysOverdue}::int
          AND NOT EXISTS (SELECT 1 FROM dunning_letters l WHERE l.room_id = b.room_id AND l.stage = ${stage} AND l.status = 'sent')
          ${prev ? sql`AND EXISTS (SELECT 1 FROM dunning_letters l WHERE l.room_id = b.room_id AND l.stage = ${prev} AND l.status = 'sent')` : sql``}
        GROUP BY b.room_id, r.code ORDER BY r.code`,
  );
  return list.map((r) => ({ roomId: r.room_id, roomCode: r.code, overdueFen: Number(r.overdue), oldestDueDate: r.oldest, bills: r.n }));
}

export async function dunningRun(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { communityId: string; stage: string; minDaysOverdue: number; dryRun: boolean; payWithinDays?: number },
  storage?: BlobStorage,
) {
  const stage = checkStage(input.stage);
  const community = await communityFor(db, actor, input.communityId, 'dunning.manage');
  const asOf = shanghaiDate(clock.now());
  if (input.dryRun) {
    const preview = await targets(db, community.id, stage, input.minDaysOverdue, asOf);
    return { dryRun: true, stage, asOf, rooms: preview.length, totalFen: preview.reduce((s, r) => s + r.overdueFen, 0), targets: preview };
  }
  const sent = await db.transaction(async (tx) => {
    // One sending run per community at a time: the lock makes the "not already sent" test hold.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('dunning:' || ${community.id}))`);
    const list = await targets(tx, community.id, stage, input.minDaysOverdue, asOf);
    const [run] = await tx.insert(dunningRuns).values({ communityId: community.id, stage, minDaysOverdue: input.minDaysOverdue, createdBy: actor.userId, createdAt: clock.now() }).returning();
    if (list.length) {
      const letters = await tx
        .insert(dunningLetters)
        .values(list.map((t) => ({ runId: run.id, communityId: community.id, roomId: t.roomId, stage, overdueFen: t.overdueFen, oldestDueDate: t.oldestDueDate })))
        .returning({ id: dunningLetters.id, communityId: dunningLetters.communityId, roomId: dunningLetters.roomId });
      // A written demand is a document: what each letter says is fixed in this transaction.
      if (stage === 'demand_letter') await composeLetters(tx, letters, asOf, input.payWithinDays ?? 15);
    }
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: community.id, action: 'dunning.run.send', subjectType: 'dunning_run', subjectId: run.id, data: { stage, rooms: list.length } });
    await emit(tx, { type: 'dunning.sent', companyId: actor.companyId, communityId: community.id, subjectType: 'dunning_run', subjectId: run.id, roomIds: list.map((t) => t.roomId), payload: { stage } });
    return { dryRun: false, stage, asOf, run, rooms: list.length, totalFen: list.reduce((s, r) => s + r.overdueFen, 0), targets: list };
  });
  // After commit: render the letters' PDFs (about 0.5 s each). A small run answers with its files;
  // a large one renders in the background, and the minute job picks up anything left after a restart.
  if (stage === 'demand_letter' && sent.rooms > 0 && storage) {
    if (sent.rooms <= LETTERS_INLINE) await renderPendingLetters(db, storage, clock.now(), { runId: sent.run.id });
    else void renderPendingLetters(db, storage, clock.now(), { runId: sent.run.id }).catch(() => undefined);
  }
  return { ...sent, lettersRendering: stage === 'demand_letter' && sent.rooms > LETTERS_INLINE };
}

/** Withdraw every letter of a run; the run, its letters and the contact history stay on record. */
export async function rollbackDunningRun(db: Db, clock: Clock, actor: Actor, runId: string, reason: string) {
  const [run] = await db.select().from(dunningRuns).where(eq(dunningRuns.id, runId));
  if (!run) throw new AppError('NOT_FOUND', { what: '催缴批次' });
  await communityFor(db, actor, run.communityId, 'dunning.manage');
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(dunningRuns)
      .set({ status: 'rolled_back', rolledBackBy: actor.userId, rolledBackAt: clock.now(), rollbackReason: reason })
      .where(and(eq(dunningRuns.id, runId), eq(dunningRuns.status, 'sent')))
      .returning();
    if (!done) throw new AppError('ILLEGAL_TRANSITION', { from: run.status, action: 'rollback' });
    const withdrawn = await tx.update(dunningLetters).set({ status: 'withdrawn' }).where(eq(dunningLetters.runId, runId)).returning({ roomId: dunningLetters.roomId });
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: run.communityId, action: 'dunning.run.rollback', subjectType: 'dunning_run', subjectId: runId, data: { reason, letters: withdrawn.length } });
    await emit(tx, { type: 'dunning.withdrawn', companyId: actor.companyId, communityId: run.communityId, subjectType: 'dunning_run', subjectId: runId, roomIds: withdrawn.map((w) => w.roomId) });
    return { ...done, withdrawn: withdrawn.length };
  });
}

/** 催缴记录: each contact attempt as evidence (append-only table). */
export async function recordContact(
  db: Db,
  clock: Clock,
  actor: Actor,
  roomId: string,
  input: { channel: 'sms' | 'app' | 'phone' | 'visit' | 'letter' | 'announcement'; outcome: 'reached' | 'no_answer' | 'promised' | 'refused' | 'disputed' | 'delivered' | 'returned'; note?: string; letterId?: string },
) {
  refuseSanction(input.note);
  const room = await roomFor(db, actor, roomId, 'dunning.manage');
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN', { permission: 'dunning.manage' });
  let evidenceFileId: string | null = null;
  if (input.letterId) {
    const [l] = await db.select().from(dunningLetters).where(eq(dunningLetters.id, input.letterId));
    if (!l || l.roomId !== roomId) throw new AppError('NOT_FOUND', { what: '催缴函' });
    evidenceFileId = l.fileId;
  }
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(dunningContacts)
      .values({ communityId: room.communityId, roomId, letterId: input.letterId ?? null, evidenceFileId, channel: input.channel, staffId: actor.userId, at: clock.now(), outcome: input.outcome, note: input.note ?? null })
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: room.communityId, action: 'dunning.contact', subjectType: 'room', subjectId: roomId, data: { ...input } });
    await emit(tx, { type: 'dunning.contacted', companyId: actor.companyId, communityId: room.communityId, subjectType: 'room', subjectId: roomId });
    return c;
  });
}

export async function dunningHistory(db: Db, actor: Actor, roomId: string) {
  await roomFor(db, actor, roomId, 'dunning.manage');
  const letters = await db.select().from(dunningLetters).where(eq(dunningLetters.roomId, roomId)).orderBy(dunningLetters.createdAt);
  const contacts = await db.select().from(dunningContacts).where(eq(dunningContacts.roomId, roomId)).orderBy(dunningContacts.at);
  return { letters, contacts };
}

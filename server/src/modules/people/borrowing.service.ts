import { and, desc, eq, or, type SQL } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { can, communityOf, communityScope, requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import { attachFileCheck } from '../../kernel/files/index.ts';
import { borrowingRequests } from './protection.tables.ts';

/** A written approval is a signed letter: a PDF or a scan/photo of it, never a spreadsheet. */
const APPROVAL_MIME = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']);

const MAX_DAYS = 30;

export interface BorrowingInput {
  communityId: string;
  purpose: string;
  scope: 'community' | 'records';
  roomIds?: string[];
  personIds?: string[];
  validFrom: string;
  validTo: string;
  external?: boolean;
  externalParty?: string;
}

type Row = typeof borrowingRequests.$inferSelect;
export const borrowingView = (r: Row) => ({
  ...r,
  validFrom: r.validFrom.toISOString(),
  validTo: r.validTo.toISOString(),
  decidedAt: r.decidedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

/** 借阅登记: staff ask for a period of read access to a community's archive or some records. */
export async function createBorrowing(deps: Deps, actor: Actor, input: BorrowingInput, requestId?: string) {
  const { db } = deps.database;
  await communityOf(db, actor, input.communityId);
  // Customer service may register on behalf of an outside party, so archive.read also suffices.
  if (!can(actor, 'archive.borrow.request', input.communityId) && !can(actor, 'archive.read', input.communityId)) requirePermission(actor, 'archive.borrow.request', input.communityId);
  const from = new Date(input.validFrom);
  const to = new Date(input.validTo);
  if (!(to > from) || to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw new AppError('BORROWING_PERIOD_INVALID', { maxDays: MAX_DAYS });
  if (input.scope === 'records' && !(input.roomIds?.length || input.personIds?.length)) throw new AppError('BORROWING_SCOPE_EMPTY');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(borrowingRequests)
      .values({
        communityId: input.communityId, requesterId: actor.userId, requesterName: actor.name, purpose: input.purpose.trim(), scope: input.scope,
        roomIds: input.scope === 'records' ? (input.roomIds ?? []) : [], personIds: input.scope === 'records' ? (input.personIds ?? []) : [],
        validFrom: from, validTo: to, external: input.external ?? false, externalParty: input.externalParty ?? null, createdAt: deps.clock.now(),
      })
      .returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: input.communityId, action: 'borrowing.create', subjectType: 'borrowing_request', subjectId: row.id, requestId });
    await emit(tx, { type: 'borrowing.requested', companyId: actor.companyId, communityId: input.communityId, subjectType: 'borrowing_request', subjectId: row.id });
    return row;
  });
}

async function loadForDecision(deps: Deps, actor: Actor, id: string) {
  const [r] = await deps.database.db.select().from(borrowingRequests).where(and(eq(borrowingRequests.id, id), communityScope(actor, borrowingRequests.communityId, 'community.read')));
  if (!r) throw new AppError('NOT_FOUND', { what: '借阅登记' });
  return r;
}

export type Decision = 'approve' | 'reject' | 'cancel';

/**
 * Approve / reject (manager, archive.borrow.approve, never one's own) or cancel (the requester,
 * or an approver revoking early). External requests need the written approval recorded.
 */
export async function decideBorrowing(deps: Deps, actor: Actor, id: string, decision: Decision, input: { note?: string; approvalFileId?: string; approvalText?: string }, requestId?: string) {
  const r = await loadForDecision(deps, actor, id);
  const now = deps.clock.now();
  const set: Partial<Row> = { decidedAt: now, decisionNote: input.note ?? null };
  if (decision === 'cancel') {
    if (r.requesterId !== actor.userId) requirePermission(actor, 'archive.borrow.approve', r.communityId, '借阅登记');
    if (r.status !== 'pending' && r.status !== 'approved') throw new AppError('ILLEGAL_TRANSITION', { from: r.status, action: 'cancel' });
    set.status = 'cancelled';
  } else {
    requirePermission(actor, 'archive.borrow.approve', r.communityId, '借阅登记');
    if (r.status !== 'pending') throw new AppError('ILLEGAL_TRANSITION', { from: r.status, action: decision });
    if (r.requesterId === actor.userId) throw new AppError('BORROWING_SELF_APPROVAL');
    if (decision === 'approve' && r.external && !input.approvalFileId && !input.approvalText?.trim()) throw new AppError('BORROWING_WRITTEN_APPROVAL_REQUIRED');
    if (input.approvalFileId) {
      // Same company and community as the request (404 otherwise), and a document type.
      const [file] = await attachFileCheck(deps.database.db, actor, input.approvalFileId, r.communityId);
      if (!APPROVAL_MIME.has(file.mime)) throw new AppError('BORROWING_APPROVAL_FILE_TYPE', { type: file.mime });
    }
    set.status = decision === 'approve' ? 'approved' : 'rejected';
    set.approverId = actor.userId;
    set.approvalFileId = input.approvalFileId ?? null;
    set.approvalText = input.approvalText?.trim() || null;
  }
  return deps.database.db.transaction(async (tx) => {
    const [row] = await tx.update(borrowingRequests).set(set).where(and(eq(borrowingRequests.id, id), eq(borrowingRequests.status, r.status))).returning();
    if (!row) throw new AppError('CONFLICT', { reason: '借阅登记已被他人处理 / already decided' });
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: r.communityId, action: `borrowing.${decision}`, subjectType: 'borrowing_request', subjectId: id, requestId });
    await emit(tx, { type: `borrowing.${set.status}`, companyId: actor.companyId, communityId: r.communityId, subjectType: 'borrowing_request', subjectId: id, payload: { requesterId: r.requesterId } });
    return row;
  });
}

/** Approvers see the community's requests; everyone else only their own. */
export async function listBorrowing(deps: Deps, actor: Actor, q: { communityId?: string; status?: Row['status'] }) {
  const conds: SQL[] = [or(communityScope(actor, borrowingRequests.communityId, 'archive.borrow.approve'), eq(borrowingRequests.requesterId, actor.userId))!];
  conds.push(communityScope(actor, borrowingRequests.communityId, 'community.read'));
  if (q.communityId) conds.push(eq(borrowingRequests.communityId, q.communityId));
  if (q.status) conds.push(eq(borrowingRequests.status, q.status));
  const list = await deps.database.db.select().from(borrowingRequests).where(and(...conds)).orderBy(desc(borrowingRequests.id)).limit(200);
  const now = deps.clock.now();
  return list.map((r) => ({ ...borrowingView(r), active: r.status === 'approved' && r.validFrom <= now && r.validTo > now }));
}

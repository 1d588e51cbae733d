import { eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { files, type BlobStorage } from '../../kernel/files/index.ts';
import { registerSchedule, schedules } from '../../kernel/jobs/index.ts';
import { maskName } from '../property/index.ts';
import { logAccess } from '../people/index.ts';
import { dunningLetters } from './arrears.tables.ts';
import { roomFor } from './access.ts';
import { renderLetterPdf, type LetterContent } from './letters.pdf.ts';

/**
 * Demand letters (R-FEE-6 书面催缴函). Each letter of a demand-letter run is composed in the run and
 * rendered right after it, stored as a file — with the owners' names masked — as evidence of what was sent; what it said
 * (amounts, clause, deadline) is kept on the letter. Printing the copy for delivery with the
 * full names needs dunning.manage and a reason and is written to the archive access log.
 */
export const DEFAULT_CLAUSE = '根据双方签订的《物业服务合同》关于物业服务费交纳的约定，业主应按期足额交纳物业服务费。';

type Stored = LetterContent & { ownerPersonIds: string[]; ownerNamesFull?: undefined };

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Inside the run's transaction: what each letter says is fixed now (the evidence of what was
 * sent) — open overdue bills by period and item, the clause, the deadline. Set-based: three reads
 * for the whole run and one UPDATE per 500 letters. Rendering is slow (a CJK font subset per PDF,
 * ~0.5 s), so files are made after commit.
 */
export async function composeLetters(tx: Db, letters: Array<{ id: string; communityId: string; roomId: string }>, asOf: string, payWithinDays: number) {
  if (!letters.length) return;
  const roomIds = sql.join(letters.map((l) => sql`${l.roomId}::uuid`), sql`, `);
  const heads = await rows<{ room_id: string; company: string; community: string; building: string | null; code: string; front_desk: string | null; phone: string | null; bank: string | null; account_name: string | null; account_no: string | null; clause: string | null }>(
    tx,
    sql`SELECT r.id AS room_id, co.name AS company, c.name AS community, bd.name AS building, r.code, s.front_desk, s.contact_phone AS phone, s.bank_name AS bank, s.bank_account_name AS account_name, s.bank_account_no AS account_no,
          (SELECT t.clause FROM late_fee_terms t WHERE t.community_id = c.id AND (t.room_id = r.id OR t.room_id IS NULL) ORDER BY t.room_id NULLS LAST, t.created_at DESC LIMIT 1) AS clause
        FROM rooms r JOIN communities c ON c.id = r.community_id JOIN companies co ON co.id = c.company_id LEFT JOIN buildings bd ON bd.id = r.building_id
          LEFT JOIN billing_notice_settings s ON s.community_id = c.id
        WHERE r.id IN (${roomIds})`,
  );
  const lines = await rows<{ room_id: string; item: string; period: string; due: string; amount: number; paid: number }>(
    tx,
    sql`SELECT b.room_id, f.name AS item, b.period, b.due_date::text AS due, b.amount_fen AS amount, b.paid_fen AS paid
        FROM bills b JOIN fee_items f ON f.id = b.fee_item_id
        WHERE b.room_id IN (${roomIds}) AND b.paid_fen < b.amount_fen AND b.due_date < ${asOf}::date
        ORDER BY b.room_id, b.period, f.code`,
  );
  const owners = await rows<{ room_id: string; id: string; name: string }>(
    tx,
    sql`SELECT o.room_id, p.id, p.name FROM room_occupancies o JOIN persons p ON p.id = o.person_id
        WHERE o.room_id IN (${roomIds}) AND o.relation IN ('owner', 'co_owner') AND o.started_on <= ${asOf}::date AND (o.ended_on IS NULL OR o.ended_on > ${asOf}::date)
        ORDER BY o.room_id, o.relation DESC, o.started_on, p.id`,
  );
  const group = <T extends { room_id: string }>(xs: T[]) => xs.reduce((m, x) => m.set(x.room_id, [...(m.get(x.room_id) ?? []), x]), new Map<string, T[]>());
  const linesBy = group(lines);
  const ownersBy = group(owners);
  const headBy = new Map(heads.map((h) => [h.room_id, h]));
  const payBy = addDays(asOf, payWithinDays);
  const composed = letters.map((l) => {
    const head = headBy.get(l.roomId)!;
    const list = (linesBy.get(l.roomId) ?? []).map((x) => ({ item: x.item, period: x.period, dueDate: x.due, amountFen: Number(x.amount), paidFen: Number(x.paid), owedFen: Number(x.amount) - Number(x.paid) }));
    const who = ownersBy.get(l.roomId) ?? [];
    const content: Stored = {
      letterNo: `CJ-${asOf.replace(/-/g, '')}-${l.id.replace(/-/g, '').slice(-8).toUpperCase()}`,
      companyName: head.company,
      communityName: head.community,
      buildingName: head.building,
      roomCode: head.code,
      ownerNames: who.map((o) => maskName(o.name)),
      ownerPersonIds: who.map((o) => o.id),
      issuedOn: asOf,
      payBy,
      asOf,
      lines: list,
      totalFen: list.reduce((sum, x) => sum + x.owedFen, 0),
      contractClause: head.clause ?? DEFAULT_CLAUSE,
      frontDesk: head.front_desk,
      contactPhone: head.phone,
      bankLine: head.account_no ? `户名 ${head.account_name ?? head.company}，开户行 ${head.bank ?? '—'}，账号 ${head.account_no}` : null,
    };
    return { id: l.id, content };
  });
  for (let i = 0; i < composed.length; i += 500) {
    const values = sql.join(composed.slice(i, i + 500).map((c) => sql`(${c.id}::uuid, ${JSON.stringify(c.content)}::jsonb)`), sql`, `);
    await tx.execute(sql`UPDATE dunning_letters l SET content = v.content, pay_by = ${payBy}::date FROM (VALUES ${values}) AS v(id, content) WHERE l.id = v.id`);
  }
}

/** Render one composed letter and attach its file (once: the letter row is locked and must still have none). */
async function renderOne(db: Db, storage: BlobStorage, letterId: string, now: Date): Promise<string | null> {
  const [l] = await db.select().from(dunningLetters).where(eq(dunningLetters.id, letterId));
  if (!l?.content || l.fileId) return l?.fileId ?? null;
  const content = l.content as Stored;
  const pdf = await renderLetterPdf(content);
  const sha256 = await storage.put(pdf);
  return db.transaction(async (tx) => {
    const [row] = await rows<{ file_id: string | null; created_by: string; company_id: string }>(
      tx,
      sql`SELECT l.file_id, r.created_by, c.company_id FROM dunning_letters l JOIN dunning_runs r ON r.id = l.run_id JOIN communities c ON c.id = l.community_id WHERE l.id = ${letterId}::uuid FOR UPDATE OF l`,
    );
    if (row.file_id) return row.file_id;
    const [file] = await tx
      .insert(files)
      .values({ companyId: row.company_id, communityId: l.communityId, sha256, mime: 'application/pdf', size: pdf.length, originalName: `催缴函-${content.roomCode}-${content.letterNo}.pdf`, uploadedBy: row.created_by, createdAt: now })
      .returning({ id: files.id });
    await tx.update(dunningLetters).set({ fileId: file.id }).where(eq(dunningLetters.id, letterId));
    return file.id;
  });
}

/** Letters composed but not yet rendered (a run just sent, or one interrupted by a restart). */
export async function renderPendingLetters(db: Db, storage: BlobStorage, now: Date, opts: { runId?: string; limit?: number } = {}) {
  const list = await rows<{ id: string }>(
    db,
    sql`SELECT id FROM dunning_letters WHERE stage = 'demand_letter' AND file_id IS NULL AND content IS NOT NULL
          ${opts.runId ? sql`AND run_id = ${opts.runId}::uuid` : sql``}
        ORDER BY created_at, id LIMIT ${opts.limit ?? 1000}`,
  );
  for (const l of list) await renderOne(db, storage, l.id, now);
  return list.length;
}

let letterDeps: { db: Db; storage: BlobStorage } | null = null;

/** Every minute: render what a run left (small batches, so the database is never held long). */
export function registerLetterFiles(db: Db, storage: BlobStorage): void {
  letterDeps = { db, storage };
  if (schedules.list().some((s) => s.name === 'billing.letter-files')) return;
  registerSchedule('billing.letter-files', '* * * * *', async (_tx, _slot, now) => {
    // Own transactions per letter: started after the slot's transaction, which only claims the slot.
    if (letterDeps) setImmediate(() => void renderPendingLetters(letterDeps!.db, letterDeps!.storage, now, { limit: 20 }).catch(() => undefined));
  });
}

async function streamToBuffer(s: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

/**
 * A letter's PDF. Default: the stored evidence copy (names masked). `print`: the copy for
 * delivery with the owners' full names — refused for a withdrawn letter, logged as a print.
 */
export async function letterPdf(db: Db, storage: BlobStorage, clock: Clock, actor: Actor, letterId: string, print: { reason: string } | null, requestId?: string) {
  const [found] = await db.select().from(dunningLetters).where(eq(dunningLetters.id, letterId));
  if (!found || !found.content) throw new AppError('NOT_FOUND', { what: '催缴函' });
  await roomFor(db, actor, found.roomId, 'dunning.manage');
  // Not rendered yet (a large run still in progress): render it now, from what it said when sent.
  const fileId = found.fileId ?? (await renderOne(db, storage, found.id, clock.now()));
  const letter = { ...found, fileId: fileId! };
  const room = await roomFor(db, actor, letter.roomId, 'dunning.manage');
  if (actor.kind !== 'staff') throw new AppError('NOT_FOUND', { what: '催缴函' });
  const content = letter.content as Stored;
  if (!print) {
    const [f] = await db.select().from(files).where(eq(files.id, letter.fileId));
    const pdf = await streamToBuffer(storage.get(f.sha256));
    await audit(db, { actorId: actor.userId, companyId: actor.companyId, communityId: room.communityId, action: 'dunning.letter.download', subjectType: 'dunning_letter', subjectId: letter.id, requestId });
    return { pdf, name: f.originalName, letterNo: content.letterNo };
  }
  if (letter.status !== 'sent') throw new AppError('ILLEGAL_TRANSITION', { from: '已撤回', fromEn: 'withdrawn', action: '打印', actionEn: 'print' });
  if (!print.reason || print.reason.trim().length < 2) throw new AppError('REASON_REQUIRED');
  const names = content.ownerPersonIds.length
    ? await rows<{ id: string; name: string }>(db, sql`SELECT id, name FROM persons WHERE id IN (${sql.join(content.ownerPersonIds.map((i) => sql`${i}::uuid`), sql`, `)})`)
    : [];
  const full = content.ownerPersonIds.map((id) => names.find((n) => n.id === id)?.name ?? '');
  const pdf = await renderLetterPdf({ ...content, ownerNames: full.filter(Boolean) });
  const now = clock.now();
  await db.transaction(async (tx) => {
    for (const personId of content.ownerPersonIds.length ? content.ownerPersonIds : [null]) {
      await logAccess(tx, actor, now, { communityId: room.communityId, action: 'print', personId, roomId: room.id, field: null, reason: print.reason, detail: { what: 'dunning_letter', letterId: letter.id, letterNo: content.letterNo }, requestId });
    }
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: room.communityId, action: 'dunning.letter.print', subjectType: 'dunning_letter', subjectId: letter.id, data: { reason: print.reason }, requestId });
  });
  return { pdf, name: `催缴函-${content.roomCode}-${content.letterNo}-打印.pdf`, letterNo: content.letterNo };
}

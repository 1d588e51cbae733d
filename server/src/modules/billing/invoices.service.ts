import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { invoiceItems, invoices } from './invoices.tables.ts';
import { roomFor } from './access.ts';

/**
 * 发票 register (R-FEE-5): numbered per community by its own gapless counter (not the receipt
 * counter); a voided invoice keeps its number and reason. One payment or bill is on at most one
 * standing invoice (partial unique indexes), and a payment's bills cannot be invoiced separately.
 */
export type InvoiceInput = { roomId: string; buyerName: string; buyerTaxId?: string } & ({ paymentIds: string[]; billIds?: undefined } | { billIds: string[]; paymentIds?: undefined });

const refuse = (reason: string, reasonEn: string) => new AppError('INVOICE_SOURCE_INVALID', { reason, reasonEn });

/** Next invoice number; the counter row stays locked until the transaction ends (serialises issuing per community). */
async function nextInvoiceNo(tx: Db, communityId: string): Promise<{ seq: number; no: string }> {
  const [r] = await rows<{ last_no: number; code: string }>(
    tx,
    sql`INSERT INTO invoice_counters (community_id, last_no) VALUES (${communityId}::uuid, 1)
        ON CONFLICT (community_id) DO UPDATE SET last_no = invoice_counters.last_no + 1
        RETURNING last_no, (SELECT code FROM communities WHERE id = ${communityId}::uuid) AS code`,
  );
  const seq = Number(r.last_no);
  return { seq, no: `${r.code}-FP-${String(seq).padStart(8, '0')}` };
}

export async function issueInvoice(db: Db, clock: Clock, actor: Actor, input: InvoiceInput) {
  const room = await roomFor(db, actor, input.roomId, 'payment.collect');
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN', { permission: 'payment.collect' });
  const byPayment = !!input.paymentIds;
  const ids = [...new Set(byPayment ? input.paymentIds! : input.billIds!)];
  if (!ids.length) throw refuse('请选择收款或账单', 'choose payments or bills');
  return db.transaction(async (tx) => {
    const number = await nextInvoiceNo(tx, room.communityId);
    const list = sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `);
    let items: Array<{ paymentId?: string; billId?: string; description: string; amountFen: number; detail: Record<string, unknown> }>;
    if (byPayment) {
      const ps = await rows<{ id: string; room_id: string; status: string; amount_fen: number; receipt_no: string | null; method: string; bills: string[] | null }>(
        tx,
        sql`SELECT p.id, p.room_id, p.status, p.amount_fen, p.receipt_no, p.method,
              (SELECT array_agg(DISTINCT l.bill_id) FROM ledger_entries l WHERE l.payment_id = p.id AND l.kind = 'payment' AND l.bill_id IS NOT NULL) AS bills
            FROM payments p WHERE p.id IN (${list}) ORDER BY p.receipt_seq`,
      );
      if (ps.length !== ids.length || ps.some((p) => p.room_id !== room.id)) throw new AppError('NOT_FOUND', { what: '收款' });
      if (ps.some((p) => p.status !== 'confirmed')) throw refuse('只能为已确认的收款开票', 'only confirmed payments can be invoiced');
      const billIds = ps.flatMap((p) => p.bills ?? []);
      if (billIds.length) {
        const [hit] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM invoice_items WHERE active AND bill_id IN (${sql.join(billIds.map((b) => sql`${b}::uuid`), sql`, `)})`);
        if (hit.n > 0) throw new AppError('INVOICE_ALREADY_ISSUED', { what: '收款所缴账单' });
      }
      items = ps.map((p) => ({ paymentId: p.id, description: `收款 ${p.receipt_no}`, amountFen: Number(p.amount_fen), detail: { receiptNo: p.receipt_no, method: p.method } }));
    } else {
      const bs = await rows<{ id: string; room_id: string; amount_fen: number; paid_fen: number; period: string; item: string; payments: string[] | null }>(
        tx,
        sql`SELECT b.id, b.room_id, b.amount_fen, b.paid_fen, b.period, f.name AS item,
              (SELECT array_agg(DISTINCT l.payment_id) FROM ledger_entries l WHERE l.bill_id = b.id AND l.payment_id IS NOT NULL) AS payments
            FROM bills b JOIN fee_items f ON f.id = b.fee_item_id WHERE b.id IN (${list}) ORDER BY b.period, f.code`,
      );
      if (bs.length !== ids.length || bs.some((b) => b.room_id !== room.id)) throw new AppError('NOT_FOUND', { what: '账单' });
      if (bs.some((b) => Number(b.paid_fen) < Number(b.amount_fen) || Number(b.amount_fen) === 0)) throw refuse('只能为已结清的账单开票', 'only fully paid bills can be invoiced');
      const payIds = bs.flatMap((b) => b.payments ?? []);
      if (payIds.length) {
        const [hit] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM invoice_items WHERE active AND payment_id IN (${sql.join(payIds.map((p) => sql`${p}::uuid`), sql`, `)})`);
        if (hit.n > 0) throw new AppError('INVOICE_ALREADY_ISSUED', { what: '账单所属收款' });
      }
      items = bs.map((b) => ({ billId: b.id, description: `${b.item} ${b.period}`, amountFen: Number(b.amount_fen), detail: { period: b.period, item: b.item } }));
    }
    const amountFen = items.reduce((s, i) => s + i.amountFen, 0);
    const [inv] = await tx
      .insert(invoices)
      .values({ communityId: room.communityId, roomId: room.id, seq: number.seq, invoiceNo: number.no, buyerName: input.buyerName, buyerTaxId: input.buyerTaxId ?? null, amountFen, issuedBy: actor.userId, issuedAt: clock.now() })
      .returning();
    await tx.insert(invoiceItems).values(items.map((i) => ({ invoiceId: inv.id, paymentId: i.paymentId ?? null, billId: i.billId ?? null, description: i.description, amountFen: i.amountFen, detail: i.detail })));
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: room.communityId, action: 'invoice.issue', subjectType: 'invoice', subjectId: inv.id, data: { invoiceNo: inv.invoiceNo, amountFen, paymentIds: input.paymentIds ?? [], billIds: input.billIds ?? [] } });
    await emit(tx, { type: 'invoice.issued', companyId: actor.companyId, communityId: room.communityId, subjectType: 'invoice', subjectId: inv.id, roomIds: [room.id], payload: { invoiceNo: inv.invoiceNo, amountFen } });
    return { ...inv, items };
  });
}

/** 作废: the number stays taken and on record; what it covered may be invoiced again. */
export async function voidInvoice(db: Db, clock: Clock, actor: Actor, id: string, reason: string) {
  const [inv] = await db.select().from(invoices).where(eq(invoices.id, id));
  if (!inv) throw new AppError('NOT_FOUND', { what: '发票' });
  await roomFor(db, actor, inv.roomId, 'payment.refund');
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN', { permission: 'payment.refund' });
  return db.transaction(async (tx) => {
    const [done] = await tx
      .update(invoices)
      .set({ status: 'void', voidReason: reason, voidedBy: actor.userId, voidedAt: clock.now() })
      .where(and(eq(invoices.id, id), eq(invoices.status, 'issued')))
      .returning();
    if (!done) throw new AppError('ILLEGAL_TRANSITION', { from: '已作废', fromEn: 'void', action: '作废', actionEn: 'void' });
    await tx.update(invoiceItems).set({ active: false }).where(eq(invoiceItems.invoiceId, id));
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId: inv.communityId, action: 'invoice.void', subjectType: 'invoice', subjectId: id, data: { invoiceNo: inv.invoiceNo, reason } });
    await emit(tx, { type: 'invoice.voided', companyId: actor.companyId, communityId: inv.communityId, subjectType: 'invoice', subjectId: id, roomIds: [inv.roomId], payload: { invoiceNo: inv.invoiceNo } });
    return done;
  });
}

export async function roomInvoices(db: Db, actor: Actor, roomId: string) {
  const room = await roomFor(db, actor, roomId, 'billing.read');
  const list = await db.select().from(invoices).where(eq(invoices.roomId, room.id)).orderBy(desc(invoices.seq));
  const items = list.length ? await db.select().from(invoiceItems).where(inArray(invoiceItems.invoiceId, list.map((i) => i.id))) : [];
  return list.map((i) => ({ ...i, items: items.filter((x) => x.invoiceId === i.id) }));
}

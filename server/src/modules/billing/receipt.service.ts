import { eq, inArray, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { users } from '../../kernel/auth/auth.tables.ts';
import { companies, communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { payments } from './payments.tables.ts';
import { roomFor } from './access.ts';
import { renderReceiptPdf, type ReceiptData } from './receipt.pdf.ts';

const fmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });

/** The receipt of a confirmed payment, from the ledger (what the money actually paid). */
export async function receiptPdf(db: Db, actor: Actor, paymentId: string): Promise<{ receiptNo: string; pdf: Buffer }> {
  const [p] = await db.select().from(payments).where(eq(payments.id, paymentId));
  if (!p) throw new AppError('NOT_FOUND', { what: '收款' });
  const room = await roomFor(db, actor, p.roomId, 'billing.read');
  if (!p.receiptNo) throw new AppError('NOT_FOUND', { what: '收据' });
  const [c] = await db.select({ name: communities.name, company: companies.name }).from(communities).innerJoin(companies, eq(companies.id, communities.companyId)).where(eq(communities.id, p.communityId));
  const lines = await rows<{ item: string; period: string; amount: number }>(
    db,
    sql`SELECT f.name AS item, b.period, -l.amount_fen AS amount FROM ledger_entries l JOIN bills b ON b.id = l.bill_id JOIN fee_items f ON f.id = b.fee_item_id
        WHERE l.payment_id = ${p.id}::uuid AND l.kind = 'payment' AND l.account = 'bill' ORDER BY b.period, f.code`,
  );
  const [pre] = await rows<{ fen: number }>(db, sql`SELECT coalesce(-sum(amount_fen), 0)::bigint AS fen FROM ledger_entries WHERE payment_id = ${p.id}::uuid AND kind = 'payment' AND account = 'prepaid'`);
  const people = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [p.createdBy ?? p.id, ...p.collectorIds]));
  const nameOf = (id: string | null) => people.find((u) => u.id === id)?.name ?? '—';
  const data: ReceiptData = {
    companyName: c.company,
    communityName: c.name,
    receiptNo: p.receiptNo,
    roomCode: room.code,
    payerName: p.payerName,
    method: p.method,
    amountFen: p.amountFen,
    lines: lines.map((l) => ({ item: l.item, period: l.period, amountFen: Number(l.amount) })),
    prepaidFen: Number(pre.fen),
    cashier: p.method === 'wechat' || p.method === 'alipay' ? '线上支付' : nameOf(p.createdBy),
    collectors: p.collectorIds.map(nameOf),
    at: fmt.format(p.confirmedAt ?? p.createdAt),
    status: p.status,
  };
  return { receiptNo: p.receiptNo, pdf: await renderReceiptPdf(data) };
}

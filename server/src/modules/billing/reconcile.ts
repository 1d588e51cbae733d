import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';

/**
 * 对账 (R-FEE-5): proves that bills, payments, balances, receipts and the ledger agree.
 * Each check lists offending rows (empty = agrees); `ok` is true only when all are empty.
 */
export async function reconcile(db: Db, communityId: string) {
  const c = sql`${communityId}::uuid`;
  const billsOff = await rows<{ id: string; paid_fen: number; ledger_fen: number }>(
    db,
    sql`SELECT b.id, b.paid_fen, coalesce(-l.s, 0)::bigint AS ledger_fen FROM bills b
        LEFT JOIN (SELECT bill_id, sum(amount_fen) AS s FROM ledger_entries WHERE community_id = ${c} AND account = 'bill' GROUP BY bill_id) l ON l.bill_id = b.id
        WHERE b.community_id = ${c} AND b.paid_fen <> coalesce(-l.s, 0) LIMIT 100`,
  );
  const balancesOff = await rows<{ room_id: string; balance_fen: number; ledger_fen: number }>(
    db,
    sql`SELECT coalesce(a.room_id, l.room_id) AS room_id, coalesce(a.balance_fen, 0) AS balance_fen, coalesce(-l.s, 0)::bigint AS ledger_fen
        FROM (SELECT room_id, balance_fen FROM room_accounts WHERE community_id = ${c}) a
        FULL JOIN (SELECT room_id, sum(amount_fen) AS s FROM ledger_entries WHERE community_id = ${c} AND account = 'prepaid' GROUP BY room_id) l ON l.room_id = a.room_id
        WHERE coalesce(a.balance_fen, 0) <> coalesce(-l.s, 0) LIMIT 100`,
  );
  const unbalanced = await rows<{ txn_id: string; sum: number }>(
    db,
    sql`SELECT txn_id, sum(amount_fen)::bigint AS sum FROM ledger_entries WHERE community_id = ${c} GROUP BY txn_id HAVING sum(amount_fen) <> 0 LIMIT 100`,
  );
  const paymentsOff = await rows<{ id: string; status: string; amount_fen: number; cash_fen: number }>(
    db,
    sql`SELECT p.id, p.status, p.amount_fen, coalesce(l.s, 0)::bigint AS cash_fen FROM payments p
        LEFT JOIN (SELECT payment_id, sum(amount_fen) AS s FROM ledger_entries WHERE community_id = ${c} AND account = 'cash' AND payment_id IS NOT NULL GROUP BY payment_id) l ON l.payment_id = p.id
        WHERE p.community_id = ${c} AND coalesce(l.s, 0) <> CASE p.status WHEN 'confirmed' THEN p.amount_fen ELSE 0 END LIMIT 100`,
  );
  const [receipts] = await rows<{ issued: number; max_seq: number; counter: number }>(
    db,
    sql`SELECT count(receipt_seq)::int AS issued, coalesce(max(receipt_seq), 0)::int AS max_seq,
          coalesce((SELECT last_no FROM receipt_counters WHERE community_id = ${c}), 0)::int AS counter
        FROM payments WHERE community_id = ${c}`,
  );
  // Invoices have their own counter: every number up to it is used exactly once (void ones included).
  const [inv] = await rows<{ issued: number; void: number; max_seq: number; counter: number }>(
    db,
    sql`SELECT count(*)::int AS issued, count(*) FILTER (WHERE status = 'void')::int AS void, coalesce(max(seq), 0)::int AS max_seq,
          coalesce((SELECT last_no FROM invoice_counters WHERE community_id = ${c}), 0)::int AS counter
        FROM invoices WHERE community_id = ${c}`,
  );
  const [totals] = await rows<{ cash_fen: number; settled_fen: number; prepaid_fen: number; billed_fen: number; paid_fen: number; balance_fen: number }>(
    db,
    sql`SELECT
          coalesce((SELECT sum(amount_fen) FROM ledger_entries WHERE community_id = ${c} AND account = 'cash'), 0)::bigint AS cash_fen,
          coalesce((SELECT -sum(amount_fen) FROM ledger_entries WHERE community_id = ${c} AND account = 'bill'), 0)::bigint AS settled_fen,
          coalesce((SELECT -sum(amount_fen) FROM ledger_entries WHERE community_id = ${c} AND account = 'prepaid'), 0)::bigint AS prepaid_fen,
          coalesce((SELECT sum(amount_fen) FROM bills WHERE community_id = ${c}), 0)::bigint AS billed_fen,
          coalesce((SELECT sum(paid_fen) FROM bills WHERE community_id = ${c}), 0)::bigint AS paid_fen,
          coalesce((SELECT sum(balance_fen) FROM room_accounts WHERE community_id = ${c}), 0)::bigint AS balance_fen`,
  );
  const t = Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, Number(v)])) as typeof totals;
  const receiptGaps = receipts.issued !== receipts.max_seq || receipts.max_seq !== receipts.counter;
  const invoiceGaps = inv.issued !== inv.max_seq || inv.max_seq !== inv.counter;
  const cashIdentity = t.cash_fen === t.settled_fen + t.prepaid_fen && t.settled_fen === t.paid_fen && t.prepaid_fen === t.balance_fen;
  return {
    ok: !billsOff.length && !balancesOff.length && !unbalanced.length && !paymentsOff.length && !receiptGaps && !invoiceGaps && cashIdentity,
    totals: { cashFen: t.cash_fen, settledFen: t.settled_fen, prepaidFen: t.prepaid_fen, billedFen: t.billed_fen, paidFen: t.paid_fen, balanceFen: t.balance_fen },
    receipts: { issued: receipts.issued, lastNo: receipts.counter, gapless: !receiptGaps },
    invoices: { issued: inv.issued, void: inv.void, lastNo: inv.counter, gapless: !invoiceGaps },
    mismatches: { bills: billsOff, balances: balancesOff, unbalancedTxns: unbalanced, payments: paymentsOff },
  };
}

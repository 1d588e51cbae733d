import { eq, sql } from 'drizzle-orm';
import { rows, uuid7, type Db } from '../../kernel/db/index.ts';
import { ledgerEntries, roomAccounts } from './payments.tables.ts';

/**
 * Money movements (R-FEE-5). Only these helpers change paid amounts and balances, and each
 * change is written with its ledger entries in the caller's transaction.
 */
export interface OpenBill {
  id: string;
  period: string;
  amount_fen: number;
  paid_fen: number;
  due_date: string;
}

/** Open bills of a room, oldest first, locked for this transaction. `only` limits to chosen bills. */
export async function lockOpenBills(tx: Db, roomId: string, only: string[] | null): Promise<OpenBill[]> {
  const filter = only && only.length ? sql`AND id IN (${sql.join(only.map((i) => sql`${i}::uuid`), sql`, `)})` : sql``;
  const list = await rows<OpenBill>(
    tx,
    sql`SELECT id, period, amount_fen, paid_fen, due_date::text AS due_date FROM bills
        WHERE room_id = ${roomId}::uuid AND paid_fen < amount_fen ${filter}
        ORDER BY due_date, period, id FOR UPDATE`,
  );
  return list.map((b) => ({ ...b, amount_fen: Number(b.amount_fen), paid_fen: Number(b.paid_fen) }));
}

/** Oldest first: how much of `amount` goes to each bill; the rest is left over. */
export function allocate(bills: OpenBill[], amount: number): { parts: Array<{ billId: string; amountFen: number }>; rest: number } {
  const parts: Array<{ billId: string; amountFen: number }> = [];
  let left = amount;
  for (const b of bills) {
    if (left <= 0) break;
    const take = Math.min(left, b.amount_fen - b.paid_fen);
    if (take > 0) parts.push({ billId: b.id, amountFen: take });
    left -= take;
  }
  return { parts, rest: left };
}

/** Add (or with negative amounts take back) paid money on bills; the CHECK keeps 0 ≤ paid ≤ amount. */
export async function applyToBills(tx: Db, parts: Array<{ billId: string; amountFen: number }>): Promise<void> {
  if (!parts.length) return;
  const values = sql.join(parts.map((p) => sql`(${p.billId}::uuid, ${p.amountFen}::bigint)`), sql`, `);
  await tx.execute(sql`UPDATE bills b SET paid_fen = b.paid_fen + v.amt FROM (VALUES ${values}) AS v(id, amt) WHERE b.id = v.id`);
}

/** Change a room's prepaid balance (the CHECK refuses going below zero). */
export async function changeBalance(tx: Db, communityId: string, roomId: string, deltaFen: number): Promise<void> {
  if (deltaFen === 0) return;
  // A CHECK is tested on the row to insert before ON CONFLICT applies: take money out by UPDATE.
  if (deltaFen < 0) {
    await tx.update(roomAccounts).set({ balanceFen: sql`${roomAccounts.balanceFen} + ${deltaFen}` }).where(eq(roomAccounts.roomId, roomId));
    return;
  }
  await tx
    .insert(roomAccounts)
    .values({ roomId, communityId, balanceFen: deltaFen })
    .onConflictDoUpdate({ target: roomAccounts.roomId, set: { balanceFen: sql`${roomAccounts.balanceFen} + ${deltaFen}` } });
}

export interface Entry {
  account: 'cash' | 'bill' | 'prepaid';
  amountFen: number;
  billId?: string | null;
}

/** One balanced transaction of entries (Σ = 0), or an error: the books never go out of balance. */
export async function post(
  tx: Db,
  head: { communityId: string; roomId: string; kind: 'payment' | 'prepaid_draw' | 'refund' | 'reversal'; paymentId?: string | null; method?: string | null; reason?: string | null; actorId?: string | null; at: Date },
  entries: Entry[],
): Promise<string> {
  const nonZero = entries.filter((e) => e.amountFen !== 0);
  const sum = nonZero.reduce((s, e) => s + e.amountFen, 0);
  if (sum !== 0) throw new Error(`unbalanced ledger transaction (${sum})`);
  const txnId = uuid7();
  if (!nonZero.length) return txnId;
  await tx.insert(ledgerEntries).values(
    nonZero.map((e) => ({
      txnId,
      communityId: head.communityId,
      roomId: head.roomId,
      account: e.account,
      amountFen: e.amountFen,
      kind: head.kind,
      paymentId: head.paymentId ?? null,
      billId: e.billId ?? null,
      method: head.method ?? null,
      reason: head.reason ?? null,
      actorId: head.actorId ?? null,
      at: head.at,
    })),
  );
  return txnId;
}

import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { allocate, applyToBills, changeBalance, lockOpenBills, post } from './ledger.ts';

/**
 * 预存自动抵扣: rooms with a prepaid balance pay their open bills from it, oldest first,
 * in the caller's transaction (a billing slice or a payment).
 */
export async function drawPrepaidForRooms(tx: Db, clock: Clock, communityId: string, roomIds: string[]): Promise<number> {
  if (!roomIds.length) return 0;
  const accounts = await rows<{ room_id: string; balance_fen: number }>(
    tx,
    sql`SELECT room_id, balance_fen FROM room_accounts
        WHERE room_id IN (${sql.join(roomIds.map((r) => sql`${r}::uuid`), sql`, `)}) AND balance_fen > 0
        ORDER BY room_id FOR UPDATE`,
  );
  let drawn = 0;
  for (const acc of accounts) {
    const open = await lockOpenBills(tx, acc.room_id, null);
    const { parts } = allocate(open, Number(acc.balance_fen));
    const total = parts.reduce((s, p) => s + p.amountFen, 0);
    if (!total) continue;
    await applyToBills(tx, parts);
    await changeBalance(tx, communityId, acc.room_id, -total);
    await post(tx, { communityId, roomId: acc.room_id, kind: 'prepaid_draw', at: clock.now() }, [
      { account: 'prepaid', amountFen: total },
      ...parts.map((p) => ({ account: 'bill' as const, amountFen: -p.amountFen, billId: p.billId })),
    ]);
    drawn += total;
  }
  return drawn;
}

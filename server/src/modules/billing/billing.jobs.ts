import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { registerSchedule, schedules } from '../../kernel/jobs/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { runBilling } from './run.service.ts';

/**
 * Scheduled work (Asia/Shanghai): the monthly billing run on the 1st at 02:00 for every
 * community with active fee items, and due notices (R-FEE-3) on the 1st at 09:00 for the
 * bills falling due within the coming month — each bill is in exactly one month's window.
 */
export async function monthlyRuns(tx: Db, now: Date): Promise<number> {
  const period = shanghaiDate(now).slice(0, 7);
  const list = await rows<{ community_id: string; company_id: string }>(
    tx,
    sql`SELECT DISTINCT f.community_id, c.company_id FROM fee_items f JOIN communities c ON c.id = f.community_id WHERE f.active AND f.kind <> 'late_fee'`,
  );
  for (const c of list) await runBilling(tx, { now: () => now }, { communityId: c.community_id, companyId: c.company_id, period, actorId: null });
  return list.length;
}

/** One `billing.notice.due` event per room (notification channels deliver it), with the composition. */
export async function dueNotices(tx: Db, now: Date): Promise<number> {
  const from = shanghaiDate(now);
  const rooms = await rows<{ room_id: string; community_id: string; company_id: string; code: string; lines: Array<{ item: string; period: string; owedFen: number; dueDate: string }>; total: number }>(
    tx,
    sql`SELECT b.room_id, b.community_id, c.company_id, r.code,
          json_agg(json_build_object('item', f.name, 'period', b.period, 'owedFen', b.amount_fen - b.paid_fen, 'dueDate', b.due_date) ORDER BY b.due_date) AS lines,
          sum(b.amount_fen - b.paid_fen)::bigint AS total
        FROM bills b JOIN fee_items f ON f.id = b.fee_item_id JOIN rooms r ON r.id = b.room_id JOIN communities c ON c.id = b.community_id
        WHERE b.paid_fen < b.amount_fen AND b.due_date >= ${from}::date AND b.due_date < (${from}::date + interval '1 month')::date
        GROUP BY b.room_id, b.community_id, c.company_id, r.code`,
  );
  for (const r of rooms) {
    await emit(tx, {
      type: 'billing.notice.due',
      companyId: r.company_id,
      communityId: r.community_id,
      subjectType: 'room',
      subjectId: r.room_id,
      roomIds: [r.room_id],
      payload: { roomCode: r.code, lines: r.lines, totalFen: Number(r.total), paymentMethods: ['wechat', 'alipay', 'cash', 'card', 'bank_transfer', 'bank_withholding'] },
    });
  }
  return rooms.length;
}

/** Registered once per process (module init runs for every app built in it). */
export function registerBillingSchedules(): void {
  const have = new Set(schedules.list().map((s) => s.name));
  if (!have.has('billing.monthly-run')) registerSchedule('billing.monthly-run', '0 2 1 * *', async (tx, _slot, now) => void (await monthlyRuns(tx, now)), { catchUpMinutes: 3 * 24 * 60 });
  if (!have.has('billing.due-notices')) registerSchedule('billing.due-notices', '0 9 1 * *', async (tx, _slot, now) => void (await dueNotices(tx, now)), { catchUpMinutes: 24 * 60 });
}

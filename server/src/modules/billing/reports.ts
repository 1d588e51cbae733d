import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { rows, type Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { communityScope, type Actor } from '../../kernel/permissions/index.ts';

/**
 * 报表 (R-FEE-8): collection rate (paid ÷ billed, by building or by period) and the monthly
 * fee report by item. Rates are returned as basis points (integers) next to the fen sums.
 */
export async function collectionRate(db: Db, communityId: string, from: string, to: string, groupBy: 'period' | 'building') {
  const key = groupBy === 'period' ? sql`b.period` : sql`bd.name`;
  const list = await rows<{ key: string; billed: number; paid: number; lines: number }>(
    db,
    sql`SELECT ${key} AS key, sum(b.amount_fen)::bigint AS billed, sum(b.paid_fen)::bigint AS paid, count(*)::int AS lines
        FROM bills b JOIN rooms r ON r.id = b.room_id JOIN buildings bd ON bd.id = r.building_id
        WHERE b.community_id = ${communityId}::uuid AND b.period BETWEEN ${from} AND ${to}
        GROUP BY 1 ORDER BY 1`,
  );
  return list.map((r) => {
    const billed = Number(r.billed);
    const paid = Number(r.paid);
    return { key: r.key, billedFen: billed, paidFen: paid, lines: r.lines, rateBp: billed ? Math.floor((paid * 10000) / billed) : 10000 };
  });
}

export async function monthlyReport(db: Db, communityId: string, period: string) {
  const list = await rows<{ code: string; name: string; billed: number; paid: number; lines: number; rooms: number }>(
    db,
    sql`SELECT f.code, f.name, sum(b.amount_fen)::bigint AS billed, sum(b.paid_fen)::bigint AS paid, count(*)::int AS lines, count(DISTINCT b.room_id)::int AS rooms
        FROM bills b JOIN fee_items f ON f.id = b.fee_item_id
        WHERE b.community_id = ${communityId}::uuid AND b.period = ${period}
        GROUP BY f.code, f.name ORDER BY f.code`,
  );
  const [cash] = await rows<{ received: number; refunded: number }>(
    db,
    sql`SELECT coalesce(sum(amount_fen) FILTER (WHERE amount_fen > 0), 0)::bigint AS received, coalesce(-sum(amount_fen) FILTER (WHERE amount_fen < 0), 0)::bigint AS refunded
        FROM ledger_entries WHERE community_id = ${communityId}::uuid AND account = 'cash' AND to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = ${period}`,
  );
  const items = list.map((r) => ({ code: r.code, name: r.name, billedFen: Number(r.billed), paidFen: Number(r.paid), arrearsFen: Number(r.billed) - Number(r.paid), lines: r.lines, rooms: r.rooms }));
  return { period, items, receivedFen: Number(cash.received), refundedFen: Number(cash.refunded) };
}

const yuan = (fen: number) => fen / 100; // display only: the sheet shows yuan with 2 decimals

/** The monthly report as an Excel workbook (amounts in yuan, formatted 0.00). */
export async function monthlyReportXlsx(report: Awaited<ReturnType<typeof monthlyReport>>, communityName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${report.period} 收费月报`);
  ws.addRow([`${communityName} ${report.period} 收费月报`]);
  ws.addRow(['项目编码', '收费项目', '户数', '应收(元)', '实收(元)', '欠费(元)', '收缴率']);
  for (const i of report.items) ws.addRow([i.code, i.name, i.rooms, yuan(i.billedFen), yuan(i.paidFen), yuan(i.arrearsFen), i.billedFen ? i.paidFen / i.billedFen : 1]);
  ws.addRow([]);
  ws.addRow(['本月收款(元)', yuan(report.receivedFen)]);
  ws.addRow(['本月退款(元)', yuan(report.refundedFen)]);
  for (const c of [4, 5, 6]) ws.getColumn(c).numFmt = '0.00';
  ws.getColumn(7).numFmt = '0.00%';
  ws.getColumn(2).width = 20;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Inclusive list of 'YYYY-MM' months; refuses reversed or over-long ranges (a report, not a dump). */
export function monthsBetween(from: string, to: string, max = 60): string[] {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  const n = (ty - fy) * 12 + (tm - fm) + 1;
  if (n < 1) throw new AppError('VALIDATION_FAILED', { reason: 'from 晚于 to / from is after to' });
  if (n > max) throw new AppError('VALIDATION_FAILED', { reason: `最多 ${max} 个月 / at most ${max} months` });
  return Array.from({ length: n }, (_, i) => {
    const k = fy * 12 + (fm - 1) + i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

export interface TrendPoint {
  period: string;
  key: string;
  label: string;
  billedFen: number;
  paidFen: number;
  lines: number;
  /** paid ÷ billed in basis points; null for a month with nothing billed. */
  rateBp: number | null;
}

/**
 * 收缴率趋势: per month of the range, paid ÷ billed of that month's bills (as of now), for the
 * community as one series or one series per building. One aggregate; every month × series is
 * present (zero when nothing was billed) so a chart has no holes to guess about.
 */
export async function collectionTrend(db: Db, communityId: string, from: string, to: string, groupBy: 'community' | 'building'): Promise<{ months: string[]; items: TrendPoint[] }> {
  const months = monthsBetween(from, to);
  const keyed =
    groupBy === 'community'
      ? sql`SELECT b.period, ${communityId}::text AS key, b.amount_fen, b.paid_fen FROM bills b WHERE b.community_id = ${communityId}::uuid AND b.period BETWEEN ${from} AND ${to}`
      : sql`SELECT b.period, r.building_id::text AS key, b.amount_fen, b.paid_fen FROM bills b JOIN rooms r ON r.id = b.room_id WHERE b.community_id = ${communityId}::uuid AND b.period BETWEEN ${from} AND ${to}`;
  const labels =
    groupBy === 'community'
      ? sql`SELECT id::text AS key, name AS label, '' AS sort FROM communities WHERE id = ${communityId}::uuid`
      : sql`SELECT bd.id::text AS key, bd.name AS label, lpad(coalesce(substring(bd.code from '^[0-9]+'), ''), 12, '0') || bd.code AS sort FROM buildings bd WHERE bd.id IN (SELECT r.building_id FROM bills b JOIN rooms r ON r.id = b.room_id WHERE b.community_id = ${communityId}::uuid AND b.period BETWEEN ${from} AND ${to})`;
  const list = await rows<{ period: string; key: string; label: string; billed: string; paid: string; lines: number }>(
    db,
    sql`WITH m AS (SELECT to_char(d, 'YYYY-MM') AS period FROM generate_series(to_date(${from}, 'YYYY-MM'), to_date(${to}, 'YYYY-MM'), interval '1 month') d),
             g AS (SELECT period, key, sum(amount_fen)::bigint AS billed, sum(paid_fen)::bigint AS paid, count(*)::int AS lines FROM (${keyed}) x GROUP BY period, key),
             k AS (${labels})
        SELECT m.period, k.key, k.label, coalesce(g.billed, 0)::bigint AS billed, coalesce(g.paid, 0)::bigint AS paid, coalesce(g.lines, 0)::int AS lines
        FROM m CROSS JOIN k LEFT JOIN g ON g.period = m.period AND g.key = k.key
        ORDER BY k.sort, k.key, m.period`,
  );
  return {
    months,
    items: list.map((r) => {
      const billed = Number(r.billed);
      const paid = Number(r.paid);
      return { period: r.period, key: r.key, label: r.label, billedFen: billed, paidFen: paid, lines: r.lines, rateBp: billed ? Math.floor((paid * 10000) / billed) : null };
    }),
  };
}

/** 各小区收缴率: the communities the actor may report on, side by side, for a range of periods. */
export async function collectionByCommunity(db: Db, actor: Actor, from: string, to: string) {
  monthsBetween(from, to);
  const list = await rows<{ key: string; label: string; billed: string; paid: string; lines: number }>(
    db,
    sql`SELECT c.id::text AS key, c.name AS label, coalesce(sum(b.amount_fen), 0)::bigint AS billed, coalesce(sum(b.paid_fen), 0)::bigint AS paid, count(b.id)::int AS lines
        FROM communities c LEFT JOIN bills b ON b.community_id = c.id AND b.period BETWEEN ${from} AND ${to}
        WHERE c.company_id = ${actor.companyId}::uuid AND ${communityScope(actor, sql`c.id`, 'finance.report')}
        GROUP BY c.id, c.name, c.code ORDER BY c.code`,
  );
  return list.map((r) => {
    const billed = Number(r.billed);
    const paid = Number(r.paid);
    return { key: r.key, label: r.label, billedFen: billed, paidFen: paid, lines: r.lines, rateBp: billed ? Math.floor((paid * 10000) / billed) : null };
  });
}

/**
 * 按项目收入: money received in a date range (Shanghai business days), by the fee item it
 * settled — from the ledger, so reversals net out — plus the net change of prepaid balances.
 * Each ledger transaction sums to zero, hence cashFen = Σ items + prepaidFen exactly.
 */
export async function incomeByItem(db: Db, communityId: string, fromDay: string, toDay: string) {
  if (fromDay > toDay) throw new AppError('VALIDATION_FAILED', { reason: 'from 晚于 to / from is after to' });
  const inRange = sql`l.community_id = ${communityId}::uuid AND (l.at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${fromDay}::date AND ${toDay}::date`;
  const list = await rows<{ code: string; name: string; kind: string; settled: string; bills: number }>(
    db,
    sql`SELECT f.code, f.name, f.kind, (-sum(l.amount_fen))::bigint AS settled, count(DISTINCT l.bill_id)::int AS bills
        FROM ledger_entries l JOIN bills b ON b.id = l.bill_id JOIN fee_items f ON f.id = b.fee_item_id
        WHERE ${inRange} AND l.account = 'bill'
        GROUP BY f.code, f.name, f.kind ORDER BY f.code`,
  );
  const [t] = await rows<{ cash: string; prepaid: string }>(
    db,
    sql`SELECT coalesce(sum(l.amount_fen) FILTER (WHERE l.account = 'cash'), 0)::bigint AS cash, coalesce(-sum(l.amount_fen) FILTER (WHERE l.account = 'prepaid'), 0)::bigint AS prepaid
        FROM ledger_entries l WHERE ${inRange}`,
  );
  return {
    from: fromDay,
    to: toDay,
    items: list.map((r) => ({ code: r.code, name: r.name, kind: r.kind, amountFen: Number(r.settled), bills: r.bills })),
    prepaidFen: Number(t.prepaid),
    cashFen: Number(t.cash),
  };
}

/** A plain sheet: a title row, a header row, then rows; money columns are given in fen and shown as yuan. */
export async function simpleXlsx(title: string, header: string[], data: Array<Array<string | number | null>>, moneyCols: number[], pctCols: number[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.addRow([title]);
  ws.addRow(header);
  for (const r of data) ws.addRow(r.map((v, i) => (v !== null && moneyCols.includes(i + 1) ? yuan(Number(v)) : v)));
  for (const c of moneyCols) ws.getColumn(c).numFmt = '0.00';
  for (const c of pctCols) ws.getColumn(c).numFmt = '0.00%';
  ws.getColumn(1).width = 14;
  ws.getColumn(2).width = 20;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

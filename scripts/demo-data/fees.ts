/**
 * Demo money (issue 5): fee items, billing runs for the last months up to the current one,
 * payments, arrears of every age, a few prepaid balances, and a handful of things done through
 * the services (a door-to-door collection, a refund awaiting approval, public income, dunning
 * contacts, a cash count).
 *
 * Bills come from the billing run service itself (set-based). The thousands of past payments
 * would take a transaction each through the payment service (minutes on PGlite), so they are
 * written set-based here the way confirmPayment leaves them: a payment with a receipt number in
 * time order (gapless), one balanced ledger transaction each (cash = Σ bills + prepaid), and
 * bills.paid_fen / room_accounts derived from the ledger in one statement each. reconcile() proves
 * the result (scripts/demo-data/seed.test.ts). These past payments have no audit rows or outbox events
 * (nothing was done by anyone at seed time); the few made through the services below have both.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../server/src/kernel/db/index.ts';
import type { Deps } from '../../server/src/kernel/deps.ts';
import type { Clock } from '../../server/src/kernel/clock.ts';
import { rows, uuid7 } from '../../server/src/kernel/db/index.ts';
import { loadActor, type Actor } from '../../server/src/kernel/permissions/index.ts';
import { shanghaiDate, shanghaiMidnight } from '../../server/src/kernel/time.ts';
import {
  addPublicIncome,
  createPayment,
  recordCashCount,
  recordContact,
  requestAdjustment,
  runBilling,
  seedDemoFees,
  seedDemoRefuseFee,
} from '../../server/src/modules/billing/index.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** e2e/discounts.e2e.test.ts bills 2027-01 itself (with a discount it approves first). */
const LAST_DEMO_PERIOD = '2026-12';

/** Deterministic pseudo-random numbers (mulberry32), so every demo start looks the same. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), chance: (p: number) => next() < p };
}

const fixedClock = (at: Date): Clock => ({ now: () => at });
const pad = (n: number) => String(n).padStart(2, '0');

function addMonths(period: string, k: number): string {
  const [y, m] = period.split('-').map(Number);
  const i = y * 12 + m - 1 + k;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
}

/** A Shanghai wall-clock time on a business date. */
function shanghaiAt(date: string, minutes: number): Date {
  return new Date(shanghaiMidnight(date).getTime() + minutes * MIN);
}

type Method = 'cash' | 'card' | 'bank_transfer' | 'bank_withholding' | 'wechat' | 'alipay';
/** How a household pays: channel and how many months at a time. */
const HABITS: Array<{ p: number; methods: Method[]; months: number }> = [
  { p: 0.45, methods: ['wechat'], months: 1 },
  { p: 0.1, methods: ['alipay'], months: 1 },
  { p: 0.1, methods: ['bank_withholding'], months: 1 },
  { p: 0.25, methods: ['cash', 'card', 'card'], months: 3 },
  { p: 0.1, methods: ['bank_transfer'], months: 6 },
];

interface Bill {
  id: string;
  room_id: string;
  code: string;
  period: string;
  amount_fen: number;
  has_owner: boolean;
  payer: string | null;
}

interface Pay {
  id: string;
  roomId: string;
  at: Date;
  method: Method;
  amountFen: number;
  bills: Array<{ id: string; fen: number }>;
  createdBy: string | null;
  payerName: string | null;
}

export interface DemoMoneyCommunity {
  id: string;
  /** How many months back from the current one to bill. */
  months: number;
  /** Usernames: the cashier (payment.collect), a second staff member for door-to-door collection. */
  cashier: string;
  second: string;
  /** The community of the demo owner 13800000001 (room 1-1-1001): a recognisable history, this month open. */
  demoOwner?: boolean;
}

export interface DemoMoneyReport {
  periods: string[];
  payments: number;
}

/**
 * Everything above for one community, inside the demo seed's transaction.
 * `seed` varies the random draws between communities.
 */
export async function seedDemoMoney(tx: Db, deps: Deps, companyId: string, c: DemoMoneyCommunity, seed: number): Promise<DemoMoneyReport> {
  await seedDemoFees(tx, c.id);
  await seedDemoRefuseFee(tx, c.id);

  const now = deps.clock.now();
  const today = shanghaiDate(now);
  let current = today.slice(0, 7);
  if (current > LAST_DEMO_PERIOD) current = LAST_DEMO_PERIOD;
  const periods = Array.from({ length: c.months }, (_, k) => addMonths(current, k - c.months + 1));

  // Billing runs as the monthly schedule would have made them: the 1st of each month, 02:00.
  for (const period of periods) {
    const at = new Date(Math.min(shanghaiAt(`${period}-01`, 2 * 60).getTime(), now.getTime() - HOUR));
    await runBilling(tx, fixedClock(at), { communityId: c.id, companyId, period, actorId: null });
  }

  const staff = await rows<{ id: string; username: string }>(tx, sql`SELECT id, username FROM users WHERE company_id = ${companyId}::uuid AND kind = 'staff'`);
  const userId = (u: string) => staff.find((s) => s.username === u)!.id;
  const cashierId = userId(c.cashier);
  // Owner accounts by person: online payments are made by the owner's own account when there is one.
  const ownerUsers = await rows<{ id: string; person_id: string }>(tx, sql`SELECT id, person_id FROM users WHERE company_id = ${companyId}::uuid AND kind = 'owner'`);
  const userOfPerson = new Map(ownerUsers.map((u) => [u.person_id, u.id]));
  const persons = await rows<{ id: string; name: string }>(tx, sql`SELECT p.id, p.name FROM persons p WHERE p.company_id = ${companyId}::uuid`);
  const nameOf = new Map(persons.map((p) => [p.id, p.name]));

  const bills = (
    await rows<Bill>(
      tx,
      sql`SELECT b.id, b.room_id, r.code, b.period, b.amount_fen, b.payer_person_id AS payer, o.room_id IS NOT NULL AS has_owner
            FROM bills b JOIN rooms r ON r.id = b.room_id JOIN fee_items f ON f.id = b.fee_item_id
            LEFT JOIN (SELECT DISTINCT room_id FROM room_occupancies WHERE community_id = ${c.id}::uuid AND relation = 'owner') o ON o.room_id = b.room_id
           WHERE b.community_id = ${c.id}::uuid AND b.amount_fen > 0
           ORDER BY r.code, b.period, f.code, b.segment`,
    )
  ).map((b) => ({ ...b, amount_fen: Number(b.amount_fen) }));
  const byRoom = new Map<string, Bill[]>();
  for (const b of bills) {
    const list = byRoom.get(b.room_id);
    if (list) list.push(b);
    else byRoom.set(b.room_id, [b]);
  }

  const rnd = prng(seed);
  const latest = now.getTime() - 3 * HOUR; // set-based money stays before anything done through the services below
  const pays: Pay[] = [];
  const completed = periods.length - 1;
  // The demo owner 张业主 (13800000001) is the first person the seed creates.
  const [ownerRoom] = c.demoOwner
    ? await rows<{ room_id: string }>(tx, sql`SELECT o.room_id FROM room_occupancies o JOIN persons p ON p.id = o.person_id WHERE o.community_id = ${c.id}::uuid AND p.name = '张业主' LIMIT 1`)
    : [];
  const prepaidRooms: string[] = [];
  const arrearsRooms: Array<{ roomId: string; since: number }> = [];
  for (const [roomId, list] of byRoom) {
    const isDemoOwner = roomId === ownerRoom?.room_id;
    // v decides which months the household has paid: the collection rate rises from 86% to 95%
    // over the completed months; the current month (not yet due) is paid by the early ~40%.
    const v = isDemoOwner ? 0.5 : rnd.next();
    const hr = rnd.next();
    let acc = 0;
    const habit = isDemoOwner ? HABITS[0] : HABITS.find((h) => (acc += h.p) > hr) ?? HABITS[0];
    const paidPeriods = periods.filter((_, i) => (i < completed ? v < 0.86 + (0.09 * i) / Math.max(1, completed - 1) : v < 0.4));
    const firstOpen = periods.findIndex((p) => !paidPeriods.includes(p));
    if (firstOpen >= 0 && firstOpen < completed) arrearsRooms.push({ roomId, since: firstOpen });
    // Group consecutive paid months into one payment (quarterly at the desk, half-yearly by transfer).
    const groups: string[][] = [];
    for (const p of paidPeriods) {
      const g = groups[groups.length - 1];
      if (g && g.length < habit.months && addMonths(g[g.length - 1], 1) === p && !rnd.chance(0.15)) g.push(p);
      else groups.push([p]);
    }
    for (const g of groups) {
      const last = g[g.length - 1];
      const lateDays = v > 0.8 ? rnd.int(20, 60) : rnd.int(3, 40); // late payers catch up after the due date
      const day = shanghaiDate(new Date(shanghaiMidnight(`${last}-01`).getTime() + lateDays * DAY + 12 * HOUR));
      const method = habit.methods[rnd.int(0, habit.methods.length - 1)];
      const desk = method === 'cash' || method === 'card';
      let at = shanghaiAt(day, desk ? rnd.int(8 * 60 + 30, 17 * 60 + 30) : method === 'bank_withholding' ? 10 * 60 : rnd.int(7 * 60, 22 * 60 + 30));
      if (at.getTime() > latest) {
        // Would be in the future: paid some time between the bill's issue and now instead.
        const from = shanghaiAt(`${last}-01`, 9 * 60).getTime() + (last === current ? 0 : 2 * DAY);
        if (latest <= from) continue;
        at = new Date(from + Math.floor(rnd.next() * (latest - from)));
      }
      const paid = list.filter((b) => g.includes(b.period));
      const payer = paid.find((b) => b.payer)?.payer ?? null;
      const online = method === 'wechat' || method === 'alipay';
      pays.push({
        id: '',
        roomId,
        at,
        method,
        amountFen: paid.reduce((s, b) => s + b.amount_fen, 0),
        bills: paid.map((b) => ({ id: b.id, fen: b.amount_fen })),
        createdBy: online ? (payer ? userOfPerson.get(payer) ?? null : null) : cashierId,
        payerName: payer ? nameOf.get(payer) ?? null : null,
      });
    }
    // A few households that pay by transfer or at the desk round up and keep a prepaid balance.
    const lastPay = pays[pays.length - 1];
    if (!isDemoOwner && v < 0.4 && habit.months > 1 && prepaidRooms.length < 12 && lastPay?.roomId === roomId && rnd.chance(0.5)) {
      lastPay.amountFen = Math.ceil((lastPay.amountFen + rnd.int(300, 1200) * 100) / 100_000) * 100_000;
      prepaidRooms.push(roomId);
    }
  }

  // Receipt numbers in time order; ids time-ordered too (uuid7 of the payment's time).
  pays.sort((a, b) => a.at.getTime() - b.at.getTime());
  const [comm] = await rows<{ code: string }>(tx, sql`SELECT code FROM communities WHERE id = ${c.id}::uuid`);
  const paymentRows = pays.map((p, i) => {
    p.id = uuid7(p.at.getTime());
    const online = p.method === 'wechat' || p.method === 'alipay';
    return {
      id: p.id,
      room_id: p.roomId,
      amount_fen: p.amountFen,
      method: p.method,
      receipt_seq: i + 1,
      receipt_no: `${comm.code}-${String(i + 1).padStart(8, '0')}`,
      bill_ids: p.bills.map((b) => b.id),
      payer_name: p.payerName,
      created_by: p.createdBy,
      out_trade_no: online ? p.id.replace(/-/g, '') : null,
      provider_trade_no: online ? `${p.method === 'wechat' ? '4200' : '2026'}${String(i + 1).padStart(12, '0')}` : null,
      at: p.at.toISOString(),
    };
  });
  const ledgerRows = pays.flatMap((p) => {
    const txn = uuid7(p.at.getTime());
    const settled = p.bills.reduce((s, b) => s + b.fen, 0);
    const head = { txn_id: txn, room_id: p.roomId, payment_id: p.id, method: p.method, actor_id: p.createdBy, at: p.at.toISOString() };
    return [
      { ...head, account: 'cash', amount_fen: p.amountFen, bill_id: null },
      ...p.bills.map((b) => ({ ...head, account: 'bill', amount_fen: -b.fen, bill_id: b.id })),
      ...(p.amountFen > settled ? [{ ...head, account: 'prepaid', amount_fen: settled - p.amountFen, bill_id: null }] : []),
    ];
  });
  for (let i = 0; i < paymentRows.length; i += 4000) {
    await tx.execute(sql`
      INSERT INTO payments (id, community_id, room_id, amount_fen, method, status, receipt_seq, receipt_no, bill_ids, payer_name, collector_ids, created_by, out_trade_no, provider_trade_no, confirmed_at, created_at)
      SELECT x.id, ${c.id}::uuid, x.room_id, x.amount_fen, x.method, 'confirmed', x.receipt_seq, x.receipt_no, x.bill_ids, x.payer_name, '[]'::jsonb, x.created_by, x.out_trade_no, x.provider_trade_no, x.at, x.at
        FROM json_to_recordset(${JSON.stringify(paymentRows.slice(i, i + 4000))}::json)
          AS x(id uuid, room_id uuid, amount_fen bigint, method text, receipt_seq bigint, receipt_no text, bill_ids jsonb, payer_name text, created_by uuid, out_trade_no text, provider_trade_no text, at timestamptz)`);
  }
  for (let i = 0; i < ledgerRows.length; i += 8000) {
    await tx.execute(sql`
      INSERT INTO ledger_entries (txn_id, community_id, room_id, account, amount_fen, kind, payment_id, bill_id, method, actor_id, at)
      SELECT x.txn_id, ${c.id}::uuid, x.room_id, x.account, x.amount_fen, 'payment', x.payment_id, x.bill_id, x.method, x.actor_id, x.at
        FROM json_to_recordset(${JSON.stringify(ledgerRows.slice(i, i + 8000))}::json)
          AS x(txn_id uuid, room_id uuid, account text, amount_fen bigint, payment_id uuid, bill_id uuid, method text, actor_id uuid, at timestamptz)`);
  }
  // Running totals from the ledger, as ledger.ts keeps them.
  await tx.execute(sql`
    UPDATE bills b SET paid_fen = s.paid FROM (
      SELECT bill_id, -sum(amount_fen) AS paid FROM ledger_entries WHERE community_id = ${c.id}::uuid AND account = 'bill' GROUP BY bill_id) s
    WHERE b.id = s.bill_id`);
  await tx.execute(sql`
    INSERT INTO room_accounts (room_id, community_id, balance_fen)
    SELECT room_id, ${c.id}::uuid, -sum(amount_fen) FROM ledger_entries WHERE community_id = ${c.id}::uuid AND account = 'prepaid' GROUP BY room_id`);
  // Fresh statistics after the bulk load: without them the planner picks nested loops (reconcile took 30 s, not 0.2 s).
  await tx.execute(sql`ANALYZE bills, payments, ledger_entries, room_accounts`);
  await tx.execute(sql`INSERT INTO receipt_counters (community_id, last_no) VALUES (${c.id}::uuid, ${pays.length})`);

  // Through the services, a little before now.
  const at = (msAgo: number) => fixedClock(new Date(now.getTime() - msAgo));
  const cashier = (await loadActor(tx, cashierId, now)) as Actor;
  // 上门收费: the oldest arrears, collected by two staff.
  const oldest = [...arrearsRooms].sort((a, b) => a.since - b.since);
  const visit = oldest.find((r) => byRoom.get(r.roomId)!.some((b) => b.has_owner)) ?? oldest[0];
  if (visit) {
    const owed = await rows<{ fen: number }>(tx, sql`SELECT sum(amount_fen - paid_fen)::bigint AS fen FROM bills WHERE room_id = ${visit.roomId}::uuid`);
    const fen = Number(owed[0].fen);
    // Pays the older half of the debt; the rest stays in arrears.
    if (fen > 0) await createPayment(tx, at(2 * HOUR), cashier, { roomId: visit.roomId, billIds: [], amountFen: Math.max(100, Math.round(fen / 200) * 100), method: 'cash', payerName: '业主', collectorIds: [cashierId, userId(c.second)] });
  }
  // 退款申请 awaiting approval: a household that moves away asks for part of its prepaid balance back.
  if (prepaidRooms[0]) {
    const [bal] = await rows<{ fen: number }>(tx, sql`SELECT balance_fen AS fen FROM room_accounts WHERE room_id = ${prepaidRooms[0]}::uuid`);
    await requestAdjustment(tx, cashier, { kind: 'refund', roomId: prepaidRooms[0], amountFen: Math.min(Number(bal.fen), 30_000), reason: '业主房屋出租，申请退还部分预存物业费' });
  }
  // 催缴: phone calls and a visit to rooms in arrears.
  const contacts: Array<[number, 'phone' | 'visit' | 'sms', 'promised' | 'no_answer' | 'reached', string]> = [
    [20 * DAY, 'phone', 'no_answer', '电话无人接听，已发短信提醒'],
    [12 * DAY, 'visit', 'promised', '上门沟通，业主承诺月底前缴清'],
    [5 * DAY, 'phone', 'reached', '业主反映外出务工，本月回来后缴费'],
  ];
  for (const [k, [ago, channel, outcome, note]] of contacts.entries()) {
    const r = oldest[k + 1];
    if (r) await recordContact(tx, at(ago), cashier, r.roomId, { channel, outcome, note });
  }
  // 公共收益: advertising and venue rental this and last month.
  const occurred = (k: number, d: number) => `${addMonths(today.slice(0, 7), k)}-${pad(Math.min(d, Number(today.slice(8, 10))))}`;
  await addPublicIncome(tx, cashier, { communityId: c.id, category: 'advertising', amountFen: seed === 1 ? 1_800_000 : 600_000, occurredOn: occurred(-1, 5), description: '电梯轿厢广告位季度租金（本季度）' });
  await addPublicIncome(tx, cashier, { communityId: c.id, category: 'venue', amountFen: 80_000, occurredOn: occurred(0, 8), description: '会所多功能厅场地租用（业主活动）' });
  if (seed === 1) await addPublicIncome(tx, cashier, { communityId: c.id, category: 'expense', amountFen: 120_000, occurredOn: occurred(0, 3), description: '公共收益账户银行手续费及广告位维护' });
  // 资金盘点 of yesterday's cash at the desk.
  const yesterday = shanghaiDate(new Date(now.getTime() - DAY));
  await recordCashCount(tx, cashier, { communityId: c.id, day: yesterday, countedFen: await cashOf(tx, c.id, cashierId, yesterday), note: '账实相符' });

  return { periods, payments: pays.length };
}

async function cashOf(tx: Db, communityId: string, cashierId: string, day: string): Promise<number> {
  const [r] = await rows<{ fen: number }>(
    tx,
    sql`SELECT coalesce(sum(amount_fen), 0)::bigint AS fen FROM payments
        WHERE community_id = ${communityId}::uuid AND created_by = ${cashierId}::uuid AND method = 'cash' AND status = 'confirmed'
          AND (confirmed_at AT TIME ZONE 'Asia/Shanghai')::date = ${day}::date`,
  );
  return Number(r.fen);
}

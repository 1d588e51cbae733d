import { eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { companies } from '../../kernel/tenancy/tenancy.tables.ts';
import { communityFor, roomFor } from './access.ts';
import { noticeSettings } from './notice.tables.ts';
import { renderNoticesPdf, type NoticeRoom } from './notice.pdf.ts';
import { money } from './receipt.pdf.ts';

/**
 * Printable due notices (R-FEE-3), one month ahead: for each room, its open bills falling due
 * from `from` to one month later, plus older unpaid bills, with how each amount was found
 * (area × rate), the prepaid balance and the ways to pay. No personal data is printed.
 */
export const MAX_NOTICES = 2000;

const UNIT: Record<string, string> = { gross_area: 'm²', indoor_area: 'm²', fixed: '月', metered: '单位', apportioned: '单位' };

/** fen ×100 → yuan, 2 to 4 decimals, integer arithmetic only. */
function rateYuan(x100: number): string {
  const s = `${Math.floor(x100 / 10000)}.${String(x100 % 10000).padStart(4, '0')}`;
  return s.replace(/(\.\d\d)(\d?[1-9])?0*$/, (_m, a: string, b?: string) => a + (b ?? ''));
}

function basis(formula: string, quantity: string, coefficient: string, priceX100: number | null, days: number, periodDays: number): string {
  const q = quantity.replace(/(\.\d\d)0+$/, '$1').replace(/\.00$/, formula === 'fixed' ? '' : '.00');
  const unit = UNIT[formula] ?? '';
  let s = priceX100 === null ? `${q} ${unit}` : formula === 'fixed' ? `${rateYuan(priceX100)} 元/月` : `${q} ${unit} × ${rateYuan(priceX100)} 元/${unit}${formula.endsWith('area') ? '/月' : ''}`;
  if (Number(coefficient) !== 1) s += ` × 系数 ${Number(coefficient)}`;
  if (days < periodDays) s += `（计 ${days}/${periodDays} 天）`;
  return s;
}

/** YYYY-MM-DD one calendar month later (day clamped like PostgreSQL's date + interval '1 month'). */
function monthLater(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface NoticeScope {
  communityId: string;
  buildingId?: string;
  roomId?: string;
  /** First day of the window (default: today in Asia/Shanghai). */
  from?: string;
}

export async function noticeRooms(db: Db, communityId: string, scope: { buildingId?: string; roomId?: string }, from: string) {
  const list = await rows<{
    room_id: string; code: string; building: string | null; area: string | null; balance: number; to: string;
    lines: Array<{ item: string; period: string; formula: string; quantity: string; coefficient: string; price: number | null; amount: number; paid: number; due: string; days: number; period_days: number; discount: number; discounts: Array<{ name: string }> | null }>;
  }>(
    db,
    sql`WITH w AS (SELECT ${from}::date AS f, (${from}::date + interval '1 month')::date AS t)
        SELECT r.id AS room_id, r.code, bd.name AS building, r.area_m2::text AS area, coalesce(a.balance_fen, 0)::bigint AS balance, (SELECT t FROM w)::text AS to,
          json_agg(json_build_object('item', f.name, 'period', b.period, 'formula', f.formula, 'quantity', b.quantity::text, 'coefficient', b.coefficient::text,
            'price', (SELECT fr.price_fen_x100 FROM fee_rates fr WHERE fr.fee_item_id = b.fee_item_id AND fr.effective_from <= b.period_end ORDER BY fr.effective_from DESC LIMIT 1),
            'amount', b.amount_fen, 'paid', b.paid_fen, 'due', b.due_date::text, 'days', b.days_billed, 'period_days', b.period_end - b.period_start + 1,
            'discount', b.discount_fen, 'discounts', b.discounts)
            ORDER BY b.due_date, b.period, f.code) AS lines
        FROM bills b JOIN fee_items f ON f.id = b.fee_item_id JOIN rooms r ON r.id = b.room_id LEFT JOIN buildings bd ON bd.id = r.building_id
          LEFT JOIN room_accounts a ON a.room_id = r.id
        WHERE b.community_id = ${communityId}::uuid AND b.paid_fen < b.amount_fen AND b.due_date < (SELECT t FROM w)
          ${scope.buildingId ? sql`AND r.building_id = ${scope.buildingId}::uuid` : sql``}
          ${scope.roomId ? sql`AND r.id = ${scope.roomId}::uuid` : sql``}
        GROUP BY r.id, r.code, bd.name, r.area_m2, a.balance_fen
        -- a room appears when something falls due in the window; older arrears ride along
        HAVING bool_or(b.due_date >= (SELECT f FROM w))
        ORDER BY bd.name, r.code
        LIMIT ${MAX_NOTICES + 1}`,
  );
  return list.map(
    (r): NoticeRoom & { roomId: string; to: string } => ({
      roomId: r.room_id,
      to: r.to,
      roomCode: r.code,
      buildingName: r.building,
      areaM2: r.area,
      balanceFen: Number(r.balance),
      lines: r.lines.map((l) => ({
        item: l.item,
        period: l.period,
        basis:
          basis(l.formula, l.quantity, l.coefficient, l.price === null ? null : Number(l.price), l.days, l.period_days) +
          (Number(l.discount) > 0 ? `，优惠 −${money(Number(l.discount))}${l.discounts?.length ? `（${l.discounts.map((d) => d.name).join('、')}）` : ''}` : ''),
        amountFen: Number(l.amount),
        paidFen: Number(l.paid),
        dueDate: l.due,
        overdue: l.due < from,
      })),
    }),
  );
}

/** The PDF for one room, a building or a whole community (one page per room); audited. */
export async function noticesPdf(db: Db, clock: Clock, actor: Actor, scope: NoticeScope, requestId?: string) {
  const community = await communityFor(db, actor, scope.communityId, 'billing.read');
  if (scope.roomId) {
    const room = await roomFor(db, actor, scope.roomId, 'billing.read');
    if (room.communityId !== community.id) throw new AppError('NOT_FOUND', { what: '房屋' });
  }
  const today = shanghaiDate(clock.now());
  const from = scope.from ?? today;
  const list = await noticeRooms(db, community.id, scope, from);
  const to = list[0]?.to ?? monthLater(from);
  if (!list.length) throw new AppError('NOTICE_NOTHING_DUE', { from, to });
  if (list.length > MAX_NOTICES) throw new AppError('NOTICE_TOO_MANY_ROOMS', { max: MAX_NOTICES });
  const [company] = await db.select({ name: companies.name }).from(companies).where(eq(companies.id, community.companyId));
  const [settings] = await db.select().from(noticeSettings).where(eq(noticeSettings.communityId, community.id));
  const pdf = await renderNoticesPdf({
    companyName: company.name,
    communityName: community.name,
    issuedOn: today,
    from,
    to,
    payment: {
      frontDesk: settings?.frontDesk ?? null,
      contactPhone: settings?.contactPhone ?? null,
      bankName: settings?.bankName ?? null,
      bankAccountName: settings?.bankAccountName ?? null,
      bankAccountNo: settings?.bankAccountNo ?? null,
    },
    rooms: list,
  });
  await audit(db, {
    actorId: actor.userId,
    companyId: actor.companyId,
    communityId: community.id,
    action: 'billing.notice.print',
    subjectType: scope.roomId ? 'room' : scope.buildingId ? 'building' : 'community',
    subjectId: scope.roomId ?? scope.buildingId ?? community.id,
    data: { from, to, rooms: list.length },
    requestId,
  });
  return { pdf, rooms: list.length, from, to };
}

export type NoticeSettingsInput = { bankName?: string | null; bankAccountName?: string | null; bankAccountNo?: string | null; frontDesk?: string | null; contactPhone?: string | null };

export async function getNoticeSettings(db: Db, actor: Actor, communityId: string) {
  await communityFor(db, actor, communityId, 'billing.read');
  const [s] = await db.select().from(noticeSettings).where(eq(noticeSettings.communityId, communityId));
  return s ?? { communityId, bankName: null, bankAccountName: null, bankAccountNo: null, frontDesk: null, contactPhone: null, updatedBy: null, updatedAt: null };
}

/** The company's own collection account (not personal data): shown in full on every notice. */
export async function setNoticeSettings(db: Db, clock: Clock, actor: Actor, communityId: string, input: NoticeSettingsInput) {
  await communityFor(db, actor, communityId, 'billing.manage');
  const values = { bankName: input.bankName ?? null, bankAccountName: input.bankAccountName ?? null, bankAccountNo: input.bankAccountNo ?? null, frontDesk: input.frontDesk ?? null, contactPhone: input.contactPhone ?? null, updatedBy: actor.userId, updatedAt: clock.now() };
  return db.transaction(async (tx) => {
    const [s] = await tx.insert(noticeSettings).values({ communityId, ...values }).onConflictDoUpdate({ target: noticeSettings.communityId, set: values }).returning();
    await audit(tx, { actorId: actor.userId, companyId: actor.companyId, communityId, action: 'billing.noticeSettings.update', subjectType: 'community', subjectId: communityId, data: { ...input } });
    return s;
  });
}

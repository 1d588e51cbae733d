import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { sql } from 'drizzle-orm';
import { Id } from '../../kernel/http/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { can, type Actor } from '../../kernel/permissions/index.ts';
import { rows, type Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { communityFor } from './access.ts';
import { collectionByCommunity, collectionTrend, incomeByItem, simpleXlsx } from './reports.ts';

/**
 * Read-only views for the billing console (R-FEE-4..8): report series with Excel exports, and
 * the work queues the console pages list (adjustment requests, dunning runs, late-fee terms,
 * the community's staff for door-to-door collection). Writes stay in the other route files.
 */
const tags = ['reports'];
const PeriodT = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const Day = Type.String({ format: 'date' });
const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function sendXlsx(db: Db, reply: FastifyReply, actor: Actor, community: { id: string }, action: string, data: Record<string, unknown>, name: string, buf: Promise<Buffer>) {
  await communityFor(db, actor, community.id, 'export.run');
  await audit(db, { actorId: actor.userId, companyId: actor.companyId, communityId: community.id, action, subjectType: 'community', subjectId: community.id, data });
  return reply.type(XLSX).header('content-disposition', `attachment; filename="${name}"`).send(await buf);
}

export async function reportRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  const db = opts.deps.database.db;

  app.get(
    '/api/v1/billing/reports/trend',
    {
      schema: {
        tags,
        summary: '收缴率趋势（按月，小区或各楼栋）/ collection-rate trend by month (?format=xlsx)',
        querystring: Type.Object({ communityId: Id, from: PeriodT, to: PeriodT, groupBy: Type.Optional(lit(['community', 'building'])), format: Type.Optional(lit(['json', 'xlsx'])) }),
      },
    },
    async (req, reply) => {
      const q = req.query as { communityId: string; from: string; to: string; groupBy?: 'community' | 'building'; format?: 'json' | 'xlsx' };
      const actor = req.requireActor();
      const c = await communityFor(db, actor, q.communityId, 'finance.report');
      const trend = await collectionTrend(db, c.id, q.from, q.to, q.groupBy ?? 'community');
      if (q.format !== 'xlsx') return { ...trend, nextCursor: null };
      const data = trend.items.map((p) => [p.period, p.label, p.billedFen, p.paidFen, p.billedFen - p.paidFen, p.rateBp === null ? null : p.rateBp / 10000]);
      const buf = simpleXlsx(`${c.name} 收缴率 ${q.from}~${q.to}`, ['账期', q.groupBy === 'building' ? '楼栋' : '小区', '应收(元)', '实收(元)', '欠费(元)', '收缴率'], data, [3, 4, 5], [6]);
      return sendXlsx(db, reply, actor, c, 'export.billing.trend', { from: q.from, to: q.to, groupBy: q.groupBy ?? 'community' }, `collection-${q.from}-${q.to}.xlsx`, buf);
    },
  );

  app.get(
    '/api/v1/billing/reports/communities',
    { schema: { tags, summary: '各小区收缴率 / collection rate per community the user may report on', querystring: Type.Object({ from: PeriodT, to: PeriodT }) } },
    async (req) => {
      const q = req.query as { from: string; to: string };
      return { items: await collectionByCommunity(db, req.requireActor(), q.from, q.to), nextCursor: null };
    },
  );

  app.get(
    '/api/v1/billing/reports/income-by-item',
    {
      schema: {
        tags,
        summary: '按收费项目的实收（按台账）/ income received by fee item, from the ledger (?format=xlsx)',
        querystring: Type.Object({ communityId: Id, from: Day, to: Day, format: Type.Optional(lit(['json', 'xlsx'])) }),
      },
    },
    async (req, reply) => {
      const q = req.query as { communityId: string; from: string; to: string; format?: 'json' | 'xlsx' };
      const actor = req.requireActor();
      const c = await communityFor(db, actor, q.communityId, 'finance.report');
      const r = await incomeByItem(db, c.id, q.from, q.to);
      if (q.format !== 'xlsx') return r;
      const data: Array<Array<string | number | null>> = r.items.map((i) => [i.code, i.name, i.bills, i.amountFen]);
      data.push(['', '预存款净增加', null, r.prepaidFen], ['', '实收现金合计', null, r.cashFen]);
      const buf = simpleXlsx(`${c.name} 按项目实收 ${q.from}~${q.to}`, ['项目编码', '收费项目', '账单数', '实收(元)'], data, [4]);
      return sendXlsx(db, reply, actor, c, 'export.billing.incomeByItem', { from: q.from, to: q.to }, `income-${q.from}-${q.to}.xlsx`, buf);
    },
  );

  app.get(
    '/api/v1/billing/adjustments',
    {
      schema: {
        tags: ['payments'],
        summary: '退款/冲正申请列表 / refund and reversal requests of a community',
        querystring: Type.Object({ communityId: Id, status: Type.Optional(lit(['requested', 'approved', 'rejected'])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
      },
    },
    async (req) => {
      const q = req.query as { communityId: string; status?: string; limit?: number };
      const actor = req.requireActor();
      const c = await communityFor(db, actor, q.communityId, 'billing.read');
      if (actor.kind !== 'staff' || !(can(actor, 'payment.approve', c.id) || can(actor, 'payment.refund', c.id))) throw new AppError('FORBIDDEN', { permission: 'payment.approve' });
      const list = await rows<Record<string, unknown>>(
        db,
        sql`SELECT a.id, a.kind, a.status, a.amount_fen AS "amountFen", a.reason, a.room_id AS "roomId", r.code AS "roomCode", a.payment_id AS "paymentId",
                   p.receipt_no AS "receiptNo", p.method, p.amount_fen AS "paymentAmountFen",
                   a.requested_by AS "requestedBy", ru.display_name AS "requestedByName", a.created_at AS "createdAt",
                   a.decided_by AS "decidedBy", du.display_name AS "decidedByName", a.decided_at AS "decidedAt"
            FROM payment_adjustments a JOIN rooms r ON r.id = a.room_id
            LEFT JOIN payments p ON p.id = a.payment_id
            LEFT JOIN users ru ON ru.id = a.requested_by LEFT JOIN users du ON du.id = a.decided_by
            WHERE a.community_id = ${c.id}::uuid ${q.status ? sql`AND a.status = ${q.status}` : sql``}
            ORDER BY (a.status = 'requested') DESC, a.created_at DESC LIMIT ${q.limit ?? 200}`,
      );
      return { items: list.map((a) => ({ ...a, amountFen: Number(a.amountFen), paymentAmountFen: a.paymentAmountFen === null ? null : Number(a.paymentAmountFen) })), nextCursor: null };
    },
  );

  app.get('/api/v1/billing/dunning-runs', { schema: { tags: ['arrears'], summary: '催缴批次 / dunning runs of a community', querystring: Type.Object({ communityId: Id }) } }, async (req) => {
    const c = await communityFor(db, req.requireActor(), (req.query as { communityId: string }).communityId, 'dunning.manage');
    const list = await rows<Record<string, unknown>>(
      db,
      sql`SELECT d.id, d.stage, d.min_days_overdue AS "minDaysOverdue", d.status, d.created_at AS "createdAt", cu.display_name AS "createdByName",
                 d.rolled_back_at AS "rolledBackAt", d.rollback_reason AS "rollbackReason", rb.display_name AS "rolledBackByName",
                 (SELECT count(*)::int FROM dunning_letters l WHERE l.run_id = d.id) AS letters,
                 (SELECT coalesce(sum(l.overdue_fen), 0)::bigint FROM dunning_letters l WHERE l.run_id = d.id) AS "totalFen"
          FROM dunning_runs d LEFT JOIN users cu ON cu.id = d.created_by LEFT JOIN users rb ON rb.id = d.rolled_back_by
          WHERE d.community_id = ${c.id}::uuid ORDER BY d.created_at DESC LIMIT 200`,
    );
    return { items: list.map((d) => ({ ...d, totalFen: Number(d.totalFen) })), nextCursor: null };
  });

  app.get('/api/v1/billing/late-fee-terms', { schema: { tags: ['arrears'], summary: '违约金条款（最新在前）/ late-fee terms, newest first', querystring: Type.Object({ communityId: Id }) } }, async (req) => {
    const c = await communityFor(db, req.requireActor(), (req.query as { communityId: string }).communityId, 'billing.read');
    const list = await rows<Record<string, unknown>>(
      db,
      sql`SELECT t.id, t.room_id AS "roomId", r.code AS "roomCode", t.late_fee_item_id AS "lateFeeItemId", f.name AS "itemName", t.clause, t.grace_days AS "graceDays",
                 t.mode, t.basis, t.value, t.cap_fen AS "capFen", t.created_at AS "createdAt",
                 -- the newest term per scope (community-wide, or a room) is the one assessed
                 row_number() OVER (PARTITION BY t.room_id ORDER BY t.created_at DESC) = 1 AS current
          FROM late_fee_terms t JOIN fee_items f ON f.id = t.late_fee_item_id LEFT JOIN rooms r ON r.id = t.room_id
          WHERE t.community_id = ${c.id}::uuid ORDER BY t.room_id NULLS FIRST, t.created_at DESC`,
    );
    return { items: list.map((t) => ({ ...t, capFen: t.capFen === null ? null : Number(t.capFen) })), nextCursor: null };
  });

  app.get('/api/v1/billing/staff', { schema: { tags: ['payments'], summary: '本小区员工（上门收费登记两人）/ staff of the community (names only)', querystring: Type.Object({ communityId: Id }) } }, async (req) => {
    const actor = req.requireActor();
    const c = await communityFor(db, actor, (req.query as { communityId: string }).communityId, 'billing.read');
    const list = await rows<{ id: string; name: string }>(
      db,
      sql`SELECT u.id, u.display_name AS name FROM users u
          WHERE u.company_id = ${actor.companyId}::uuid AND u.kind = 'staff' AND u.active
            AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND (ur.community_id = ${c.id}::uuid OR ur.community_id IS NULL))
          ORDER BY u.display_name LIMIT 500`,
    );
    return { items: list, nextCursor: null };
  });
}

import { sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { rows } from '../../kernel/db/index.ts';

/** Month [from, to) in Asia/Shanghai for 'YYYY-MM'. */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: new Date(`${month}-01T00:00:00+08:00`), to: new Date(`${next}-01T00:00:00+08:00`) };
}

interface Raw {
  key: string | null;
  name: string | null;
  total: number;
  general: number;
  general_on_time: number;
  emergency: number;
  emergency_on_time: number;
  completed: number;
  called_back: number;
  fixed: number;
  rated: number;
  satisfaction: string | null;
  callback_satisfaction: string | null;
  avg_response_min: string | null;
  supervised: number;
  supervised_on_time: number;
  not_reached: number;
}

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
const num = (v: string | null) => (v === null ? null : Math.round(Number(v) * 100) / 100);
function view(r: Raw) {
  return {
    total: r.total,
    /** Normal repairs responded to (accepted) within 2 hours (seed 004). */
    responseCompliance: { onTime: r.general_on_time, of: r.general, rate: rate(r.general_on_time, r.general) },
    /** Emergencies with a technician on site within 30 minutes of the report (seed 004). */
    onSiteCompliance: { onTime: r.emergency_on_time, of: r.emergency, rate: rate(r.emergency_on_time, r.emergency) },
    avgResponseMinutes: num(r.avg_response_min),
    callbackRate: rate(r.called_back, r.completed),
    /** The counts behind callbackRate: completed orders of the month and those called back. */
    callbacks: { done: r.called_back, of: r.completed },
    fixedAtCallbackRate: rate(r.fixed, r.called_back),
    satisfaction: num(r.satisfaction),
    ratedCount: r.rated,
    callbackSatisfaction: num(r.callback_satisfaction),
    /** Supervision (R-WO-7): of the orders whose owner was reached, the share the technician came on time. */
    punctuality: { onTime: r.supervised_on_time, of: r.supervised, notReached: r.not_reached, rate: rate(r.supervised_on_time, r.supervised) },
  };
}

/**
 * R-WO-9 for one community and month: response and on-site compliance, callback rate and
 * satisfaction, in total, per work type and per service item (to adjust the catalogue).
 */
export async function monthlyKpi(db: Db, communityId: string, month: string) {
  const { from, to } = monthRange(month);
  const q = (select: string, join: string, group: string) =>
    rows<Raw>(db, sql.join([sql.raw(`SELECT ${select},`), measuresFor(communityId, from, to, join), sql.raw(group)], sql` `));
  const [total] = await q('NULL AS key, NULL AS name', '', '');
  const byType = await q('w.type AS key, NULL AS name', '', 'GROUP BY w.type ORDER BY w.type');
  const byItem = await q('s.code AS key, s.name AS name', 'JOIN service_items s ON s.id = w.service_item_id', 'GROUP BY s.code, s.name ORDER BY s.code');
  return {
    communityId,
    month,
    ...view(total),
    byType: byType.map((r) => ({ type: r.key, ...view(r) })),
    byServiceItem: byItem.map((r) => ({ code: r.key, name: r.name, ...view(r) })),
  };
}

/** The measures of R-WO-9 over the month's orders (cancelled ones excluded), optionally joined. */
function measuresFor(communityId: string, from: Date, to: Date, join: string) {
  return sql`
  count(*)::int AS total,
  count(*) FILTER (WHERE w.urgency <> 'emergency')::int AS general,
  count(*) FILTER (WHERE w.urgency <> 'emergency' AND w.accepted_at <= w.created_at + interval '2 hours')::int AS general_on_time,
  count(*) FILTER (WHERE w.urgency = 'emergency')::int AS emergency,
  count(*) FILTER (WHERE w.urgency = 'emergency' AND w.arrived_at <= w.created_at + interval '30 minutes')::int AS emergency_on_time,
  count(*) FILTER (WHERE w.completed_at IS NOT NULL OR w.callback_fixed IS NOT NULL OR w.status IN ('completed', 'signed_off', 'callback_done', 'closed'))::int AS completed,
  count(*) FILTER (WHERE w.callback_fixed IS NOT NULL)::int AS called_back,
  count(*) FILTER (WHERE w.callback_fixed)::int AS fixed,
  count(w.satisfaction)::int AS rated,
  avg(w.satisfaction)::text AS satisfaction,
  avg(w.callback_satisfaction)::text AS callback_satisfaction,
  (avg(extract(epoch FROM w.accepted_at - w.created_at)) / 60)::text AS avg_response_min,
  count(*) FILTER (WHERE w.supervision_result IN ('on_time', 'late'))::int AS supervised,
  count(*) FILTER (WHERE w.supervision_result = 'on_time')::int AS supervised_on_time,
  count(*) FILTER (WHERE w.supervision_result = 'not_reached')::int AS not_reached
  FROM work_orders w ${sql.raw(join)}
  WHERE w.community_id = ${communityId} AND w.created_at >= ${from.toISOString()}::timestamptz AND w.created_at < ${to.toISOString()}::timestamptz AND w.status <> 'cancelled'`;
}

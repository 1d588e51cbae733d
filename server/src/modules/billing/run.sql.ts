import { sql, type SQL } from 'drizzle-orm';
import type { Period } from './period.ts';

/**
 * The billing run as SQL, computed inside the database (R-FEE-2). One statement bills a
 * slice of rooms (id in (after, upTo]) for every assigned item; the UNIQUE (room, item,
 * period, segment) index with ON CONFLICT DO NOTHING makes re-runs, concurrent runs and resumed
 * runs idempotent. Money: numeric arithmetic, one division and one rounding per line (gross),
 * then one rounding per discount.
 */

/** Rooms of the slice with their most specific assignment per item (room > building > use > community). */
function assignedCte(communityId: string, p: Period, slice: SQL): SQL {
  return sql`
r AS (
  SELECT id, building_id, use, area_m2, indoor_area_m2 FROM rooms
  WHERE community_id = ${communityId}::uuid AND status <> 'unsold' AND ${slice}
),
occ AS (
  SELECT o.room_id, min(o.started_on) AS since FROM room_occupancies o
  WHERE o.relation = 'owner' AND o.room_id IN (SELECT id FROM r) GROUP BY o.room_id
),
-- 过户 split: each owner start date opens a payer segment that runs to the day before the next one
-- (a transfer ends the old ownership on the day the new one starts). Numbered within the period.
seg AS (
  SELECT s.room_id, s.seg_from, s.seg_to, s.payer,
    (row_number() OVER (PARTITION BY s.room_id ORDER BY s.seg_from) - 1)::smallint AS segment,
    count(*) OVER (PARTITION BY s.room_id) > 1 AS split
  FROM (
    SELECT o.room_id, o.started_on AS seg_from, o.person_id AS payer,
      coalesce(lead(o.started_on) OVER (PARTITION BY o.room_id ORDER BY o.started_on) - 1, DATE '9999-12-31') AS seg_to
    FROM (SELECT DISTINCT ON (room_id, started_on) room_id, started_on, person_id FROM room_occupancies
          WHERE relation = 'owner' AND room_id IN (SELECT id FROM r) ORDER BY room_id, started_on, person_id) o
  ) s
  WHERE s.seg_to >= ${p.start}::date AND s.seg_from < (${p.start}::date + interval '12 months')::date
),
asg AS (
  SELECT DISTINCT ON (r.id, a.fee_item_id) r.id AS room_id, r.building_id, a.fee_item_id, a.coefficient, r.area_m2, r.indoor_area_m2,
    greatest(${p.start}::date, a.effective_from, coalesce(occ.since, ${p.start}::date)) AS bill_from,
    a.effective_to
  FROM r
  JOIN fee_assignments a ON a.community_id = ${communityId}::uuid
    AND a.effective_from <= ${p.end}::date AND (a.effective_to IS NULL OR a.effective_to >= ${p.start}::date)
    AND (a.scope = 'community' OR (a.scope = 'building' AND a.building_id = r.building_id)
         OR (a.scope = 'use' AND a.room_use = r.use) OR (a.scope = 'room' AND a.room_id = r.id))
  LEFT JOIN occ ON occ.room_id = r.id
  ORDER BY r.id, a.fee_item_id, CASE a.scope WHEN 'room' THEN 0 WHEN 'building' THEN 1 WHEN 'use' THEN 2 ELSE 3 END, a.effective_from DESC
),
fi AS (
  SELECT f.*, (${p.start}::date + make_interval(months => f.cycle_months) - interval '1 day')::date AS span_end
  FROM fee_items f
  WHERE f.community_id = ${communityId}::uuid AND f.active AND f.kind <> 'late_fee' AND ${p.monthIndex}::int % f.cycle_months = 0
),
rt AS (
  SELECT fr.fee_item_id, fr.effective_from, fr.price_fen_x100, fr.tiers,
    coalesce(lead(fr.effective_from) OVER (PARTITION BY fr.fee_item_id ORDER BY fr.effective_from) - 1, DATE '9999-12-31') AS effective_to
  FROM fee_rates fr WHERE fr.community_id = ${communityId}::uuid
)`;
}

/** Lines: per-month items pro-rated by days over rate versions; metered and apportioned by usage. */
function linesCte(p: Period): SQL {
  return sql`
prorated AS (
  SELECT a.room_id, fi.id AS fee_item_id, a.coefficient, fi.rounding, fi.rounding_unit_fen, fi.prepaid, fi.due_days, fi.span_end,
    q.qty, s.p_from, s.p_to, s.days, s.num * a.coefficient / (100 * (fi.span_end - ${p.start}::date + 1)) AS raw,
    coalesce(sg.segment, 0::smallint) AS segment, sg.payer, sg.seg_from AS own_from, coalesce(sg.split, false) AS split, a.building_id
  FROM asg a JOIN fi ON fi.id = a.fee_item_id AND fi.formula IN ('gross_area', 'indoor_area', 'fixed')
  LEFT JOIN seg sg ON sg.room_id = a.room_id
  CROSS JOIN LATERAL (SELECT CASE fi.formula WHEN 'gross_area' THEN a.area_m2 WHEN 'indoor_area' THEN a.indoor_area_m2 ELSE 1 END AS qty) q
  -- Each rate version contributes its days; a line is usually one version, so no sort/group is needed.
  CROSS JOIN LATERAL (
    SELECT min(g.s_from) AS p_from, max(g.s_to) AS p_to, sum(g.s_to - g.s_from + 1)::int AS days,
      sum(q.qty * g.price_fen_x100 * fi.cycle_months * (g.s_to - g.s_from + 1)) AS num
    FROM (SELECT greatest(a.bill_from, rt.effective_from, coalesce(sg.seg_from, a.bill_from)) AS s_from,
                 least(fi.span_end, coalesce(a.effective_to, fi.span_end), rt.effective_to, coalesce(sg.seg_to, fi.span_end)) AS s_to, rt.price_fen_x100
          FROM rt WHERE rt.fee_item_id = fi.id) g
    WHERE g.s_to >= g.s_from
  ) s
  WHERE a.coefficient > 0 AND q.qty IS NOT NULL AND s.days > 0
),
usage AS MATERIALIZED (
  SELECT a.room_id, a.building_id, a.fee_item_id, a.coefficient,
    m.reading - (SELECT pm.reading FROM meter_readings pm WHERE pm.room_id = m.room_id AND pm.fee_item_id = m.fee_item_id
                 AND pm.period < ${p.period} ORDER BY pm.period DESC LIMIT 1) AS qty
  FROM asg a JOIN fi ON fi.id = a.fee_item_id AND fi.formula = 'metered'
  JOIN meter_readings m ON m.room_id = a.room_id AND m.fee_item_id = a.fee_item_id AND m.period = ${p.period}
  WHERE a.coefficient > 0
  UNION ALL
  SELECT a.room_id, a.building_id, a.fee_item_id, a.coefficient, ap.total_usage * a.area_m2 / ap.base_area_m2 AS qty
  FROM asg a JOIN fi ON fi.id = a.fee_item_id AND fi.formula = 'apportioned'
  JOIN apportion_pools ap ON ap.fee_item_id = a.fee_item_id AND ap.period = ${p.period} AND ap.base_area_m2 > 0
  WHERE a.coefficient > 0
),
metered AS (
  SELECT u.room_id, u.fee_item_id, u.coefficient, fi.rounding, fi.rounding_unit_fen, fi.prepaid, fi.due_days, fi.span_end,
    u.qty, ${p.start}::date AS p_from, ${p.end}::date AS p_to, ${p.days}::int AS days,
    CASE WHEN jsonb_array_length(rt.tiers) = 0 THEN u.qty * rt.price_fen_x100
      ELSE (SELECT sum(greatest(0, least(u.qty, coalesce(t.up_to, u.qty)) - t.lower) * t.price)
            FROM (SELECT (e->>'upTo')::numeric AS up_to, (e->>'priceFenX100')::numeric AS price,
                         coalesce(lag((e->>'upTo')::numeric) OVER (ORDER BY i), 0) AS lower
                  FROM jsonb_array_elements(rt.tiers) WITH ORDINALITY AS x(e, i)) t)
    END * u.coefficient / 100 AS raw,
    -- Usage lines are not split: the owner at the period's end pays them, always as segment 0 (so a
    -- transfer recorded after the run cannot add a second usage line).
    0::smallint AS segment, sg.payer, sg.seg_from AS own_from, false AS split, u.building_id
  FROM usage u JOIN fi ON fi.id = u.fee_item_id
  LEFT JOIN seg sg ON sg.room_id = u.room_id AND ${p.end}::date BETWEEN sg.seg_from AND sg.seg_to
  JOIN rt ON rt.fee_item_id = u.fee_item_id AND rt.effective_from <= ${p.end}::date AND rt.effective_to >= ${p.end}::date
  WHERE u.qty IS NOT NULL AND u.qty >= 0
),
lines AS (SELECT * FROM prorated UNION ALL SELECT * FROM metered),
gl AS (
  SELECT l.*, fi.cycle_months, fi.vacancy_discountable, fi.span_end - ${p.start}::date + 1 AS span_days,
    (CASE l.rounding WHEN 'half_up' THEN round(l.raw / l.rounding_unit_fen) WHEN 'down' THEN floor(l.raw / l.rounding_unit_fen)
       ELSE ceil(l.raw / l.rounding_unit_fen) END * l.rounding_unit_fen)::bigint AS gross
  FROM lines l JOIN fi ON fi.id = l.fee_item_id
)`;
}

/**
 * 优惠 per line (R-FEE-1/2), from approved rules only. Each discount is a share of the line's gross
 * by days (days of the window ∩ line ÷ line days; a fixed reduction by window days ÷ period days),
 * rounded half up to the fen; in the order free → vacancy → fixed → prepay each is capped at what
 * is left of the gross, so the net is never negative and the cited amounts add up to the discount.
 */
function discountsCte(communityId: string, p: Period): SQL {
  return sql`
dr AS MATERIALIZED (
  SELECT d.*, coalesce(d.valid_to, DATE '9999-12-31') AS until FROM discount_rules d
  WHERE d.community_id = ${communityId}::uuid AND d.status = 'approved' AND d.valid_from <= (${p.start}::date + interval '12 months')::date
    -- "first N months free" rules are valid for ownerships that start while valid; their free days may come later
    AND (d.valid_to IS NULL OR d.valid_to >= ${p.start}::date OR (d.kind = 'free' AND d.months IS NOT NULL))
),
dl AS (
  SELECT gl.room_id, gl.fee_item_id, gl.segment, gl.gross, gl.days, gl.span_days, gl.p_from, gl.p_to, gl.own_from, gl.cycle_months, gl.vacancy_discountable,
    dr.id, dr.kind, dr.name, dr.rate_pct, dr.amount_fen, dr.months, dr.valid_from, dr.until
  FROM gl JOIN dr ON (dr.fee_item_id IS NULL OR dr.fee_item_id = gl.fee_item_id)
    AND (dr.scope = 'community' OR (dr.scope = 'building' AND dr.building_id = gl.building_id) OR (dr.scope = 'room' AND dr.room_id = gl.room_id))
  WHERE gl.gross > 0
),
dw AS (
  -- free: named days, or the first N months of an ownership that began while the rule was valid
  SELECT dl.room_id, dl.fee_item_id, dl.segment, dl.gross, dl.id AS rule_id, dl.kind, dl.name, 1 AS prio, w.d,
    dl.gross::numeric * w.d / dl.days AS raw
  FROM dl CROSS JOIN LATERAL (SELECT (least(dl.p_to, CASE WHEN dl.months IS NULL THEN dl.until ELSE (dl.own_from + make_interval(months => dl.months) - interval '1 day')::date END)
      - greatest(dl.p_from, CASE WHEN dl.months IS NULL THEN dl.valid_from ELSE dl.own_from END) + 1) AS d) w
  WHERE dl.kind = 'free' AND w.d > 0 AND (dl.months IS NULL OR dl.own_from BETWEEN dl.valid_from AND dl.until)
  UNION ALL
  SELECT dl.room_id, dl.fee_item_id, dl.segment, dl.gross, dl.id, dl.kind, dl.name, 2, w.d,
    dl.gross::numeric * (100 - dl.rate_pct) * w.d / (100 * dl.days)
  FROM dl JOIN vacancy_applications v ON v.room_id = dl.room_id AND v.status = 'approved'
  CROSS JOIN LATERAL (SELECT least(dl.p_to, v.to_date, dl.until) - greatest(dl.p_from, v.from_date, dl.valid_from) + 1 AS d) w
  WHERE dl.kind = 'vacancy' AND dl.vacancy_discountable AND w.d > 0
  UNION ALL
  SELECT dl.room_id, dl.fee_item_id, dl.segment, dl.gross, dl.id, dl.kind, dl.name, 3, w.d,
    dl.amount_fen::numeric * w.d / dl.span_days
  FROM dl CROSS JOIN LATERAL (SELECT least(dl.p_to, dl.until) - greatest(dl.p_from, dl.valid_from) + 1 AS d) w
  WHERE dl.kind = 'fixed' AND w.d > 0
  UNION ALL
  -- prepay: the best rule whose months the balance covers (balance × cycle ≥ months × gross)
  (SELECT DISTINCT ON (dl.room_id, dl.fee_item_id, dl.segment) dl.room_id, dl.fee_item_id, dl.segment, dl.gross, dl.id, dl.kind, dl.name, 4, w.d,
    dl.gross::numeric * (100 - dl.rate_pct) * w.d / (100 * dl.days)
  FROM dl JOIN room_accounts ra ON ra.room_id = dl.room_id
  CROSS JOIN LATERAL (SELECT least(dl.p_to, dl.until) - greatest(dl.p_from, dl.valid_from) + 1 AS d) w
  WHERE dl.kind = 'prepay' AND w.d > 0 AND ra.balance_fen * dl.cycle_months >= dl.months * dl.gross
  ORDER BY dl.room_id, dl.fee_item_id, dl.segment, dl.rate_pct, dl.id)
),
dc AS (
  SELECT x.*, greatest(0, least(x.fen, x.gross - coalesce(sum(x.fen) OVER (PARTITION BY x.room_id, x.fee_item_id, x.segment ORDER BY x.prio, x.rule_id
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)))::bigint AS capped
  FROM (SELECT dw.*, round(dw.raw)::bigint AS fen FROM dw) x
),
dsum AS (
  SELECT room_id, fee_item_id, segment, least(max(gross), sum(capped))::bigint AS discount,
    jsonb_agg(jsonb_build_object('ruleId', rule_id, 'kind', kind, 'name', name, 'fen', capped, 'days', d) ORDER BY prio, rule_id) AS list
  FROM dc WHERE capped > 0 GROUP BY room_id, fee_item_id, segment
),
-- Discounts meet their lines by sorting, not by a join: CTE row estimates are poor, and a nested loop
-- over the lines would be quadratic. The discount row sorts before its line within (room, item, segment).
dj AS (
  SELECT room_id, fee_item_id, segment, payer, p_from, p_to, days, qty, coefficient, gross, prepaid, due_days, span_end, split,
    NULL::bigint AS discount, NULL::jsonb AS list, true AS is_line FROM gl
  UNION ALL
  SELECT room_id, fee_item_id, segment, NULL::uuid, NULL::date, NULL::date, NULL::int, NULL::numeric, NULL::numeric, NULL::bigint, NULL::boolean, NULL::int, NULL::date, NULL::boolean,
    discount, list, false FROM dsum
),
dl2 AS (
  SELECT dj.*, max(discount) OVER k AS d_fen, first_value(list) OVER (k ORDER BY is_line) AS d_list
  FROM dj WINDOW k AS (PARTITION BY room_id, fee_item_id, segment)
),
withd AS (SELECT * FROM dl2 WHERE is_line)`;
}

/**
 * INSERT … SELECT for rooms with id in (after, upTo] (null = unbounded). Answers a few
 * summary rows instead of the lines: ('created', n, fen), ('discount', n, fen), ('draw', room) for new bills of rooms
 * holding a prepaid balance, and ('skip', reason, n, sample) for assigned pairs with no line.
 */
export function billSliceSql(communityId: string, p: Period, runId: string, after: string | null, upTo: string | null, opts: { discounts?: boolean } = {}): SQL {
  const slice = sql`${after ? sql`id > ${after}::uuid` : sql`true`} AND ${upTo ? sql`id <= ${upTo}::uuid` : sql`true`}`;
  // Without approved rules the discount CTEs are left out: the run costs what it did before discounts.
  const discounts = opts.discounts ?? true;
  return sql`
WITH ${assignedCte(communityId, p, slice)}, ${linesCte(p)},
${discounts ? discountsCte(communityId, p) : sql`withd AS (SELECT gl.*, NULL::bigint AS d_fen, NULL::jsonb AS d_list FROM gl)`},
-- A transfer recorded after the period was billed must not add a second payer's line over it: the
-- (room, item) pairs of split rooms that already have a line, as one lookup object.
done AS MATERIALIZED (
  SELECT jsonb_object_agg(k, true) AS m FROM (
    SELECT DISTINCT b.room_id::text || b.fee_item_id::text AS k FROM bills b
    WHERE EXISTS (SELECT 1 FROM seg WHERE split) AND b.period = ${p.period} AND b.room_id IN (SELECT room_id FROM seg WHERE split)
  ) x
),
ins AS (
  INSERT INTO bills (community_id, room_id, fee_item_id, period, segment, payer_person_id, run_id, period_start, period_end, days_billed, quantity, coefficient,
    amount_fen, discount_fen, discounts, due_date)
  SELECT ${communityId}::uuid, l.room_id, l.fee_item_id, ${p.period}, l.segment, l.payer, ${runId}::uuid, l.p_from, l.p_to, l.days, round(l.qty, 4), l.coefficient,
    l.gross - coalesce(l.d_fen, 0), coalesce(l.d_fen, 0), coalesce(l.d_list, '[]'::jsonb),
    CASE WHEN l.prepaid THEN ${p.start}::date + l.due_days ELSE l.span_end + l.due_days END
  FROM withd l CROSS JOIN done
  WHERE NOT l.split OR done.m IS NULL OR NOT done.m ? (l.room_id::text || l.fee_item_id::text)
  ON CONFLICT (room_id, fee_item_id, period, segment) DO NOTHING
  RETURNING room_id, amount_fen, discount_fen
),
-- Assigned pairs without a line, found by grouping (never a nested-loop anti-join over CTEs).
missing AS MATERIALIZED (
  SELECT k.room_id, k.fee_item_id, max(k.coefficient) AS coefficient, max(k.bill_from) AS bill_from, bool_or(k.no_indoor) AS no_indoor
  FROM (
    SELECT a.room_id, a.fee_item_id, false AS billed, a.coefficient, a.bill_from, a.indoor_area_m2 IS NULL AS no_indoor FROM asg a JOIN fi ON fi.id = a.fee_item_id
    UNION ALL
    SELECT l.room_id, l.fee_item_id, true, NULL, NULL, NULL FROM lines l
  ) k
  GROUP BY k.room_id, k.fee_item_id
  HAVING NOT bool_or(k.billed)
),
skipped AS (
  SELECT m.room_id,
    CASE
      WHEN m.coefficient = 0 THEN 'exempt'
      WHEN m.bill_from > ${p.end}::date THEN 'not_moved_in'
      WHEN NOT EXISTS (SELECT 1 FROM rt WHERE rt.fee_item_id = fi.id AND rt.effective_from <= fi.span_end) THEN 'no_rate'
      WHEN fi.formula = 'indoor_area' AND m.no_indoor THEN 'no_indoor_area'
      WHEN fi.formula = 'metered' AND NOT EXISTS (SELECT 1 FROM meter_readings mr WHERE mr.room_id = m.room_id AND mr.fee_item_id = fi.id AND mr.period = ${p.period}) THEN 'no_reading'
      WHEN fi.formula = 'metered' THEN 'no_previous_reading'
      WHEN fi.formula = 'apportioned' THEN 'no_pool'
      ELSE 'other'
    END AS reason
  FROM missing m JOIN fi ON fi.id = m.fee_item_id
  UNION ALL
  SELECT x.id, 'no_fee_items' FROM (SELECT id FROM r EXCEPT SELECT room_id FROM asg) x
)
SELECT 'created' AS kind, NULL AS reason, count(*)::int AS n, coalesce(sum(amount_fen), 0)::bigint AS fen, NULL::text[] AS sample FROM ins
UNION ALL
SELECT 'discount', NULL, count(*)::int, coalesce(sum(discount_fen), 0)::bigint, NULL FROM ins WHERE discount_fen > 0
UNION ALL
SELECT 'draw', i.room_id::text, 0, 0, NULL FROM (SELECT DISTINCT room_id FROM ins) i JOIN room_accounts ra ON ra.room_id = i.room_id AND ra.balance_fen > 0
UNION ALL
SELECT 'skip', reason, count(*)::int, 0, (array_agg(room_id::text ORDER BY room_id))[1:20] FROM skipped GROUP BY reason`;
}

/** Fix each apportioned pool's area base once, over every room the item applies to. */
export function fixApportionBaseSql(communityId: string, p: Period): SQL {
  return sql`
WITH ${assignedCte(communityId, p, sql`true`)}
UPDATE apportion_pools ap SET base_area_m2 = s.area
FROM (SELECT fee_item_id, sum(area_m2) AS area FROM asg WHERE coefficient > 0 GROUP BY fee_item_id) s
WHERE ap.fee_item_id = s.fee_item_id AND ap.period = ${p.period} AND ap.base_area_m2 IS NULL`;
}

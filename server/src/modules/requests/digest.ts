import { sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { rows } from '../../kernel/db/index.ts';
import { registerSchedule, schedules } from '../../kernel/jobs/index.ts';
import { shanghaiDate, shanghaiMidnight } from '../../kernel/time.ts';
import { notify } from '../notifications/index.ts';
import { departmentStaff, staffWithRole } from '../sla/index.ts';

/** Which department a request's category belongs to (R-DESK-6: "to every department"). */
const DEPARTMENT_OF: Record<string, string> = {
  water_electric: 'engineering', civil: 'engineering', smart: 'engineering', elevator: 'engineering', fire: 'engineering', other: 'engineering',
  cleaning: 'cleaning', greening: 'greening', complaint: 'customer_service', suggestion: 'customer_service', enquiry: 'customer_service',
};

interface Line {
  community_id: string;
  company_id: string;
  category: string;
  created: number;
  closed: number;
  open: number;
  overdue: number;
}

/** Today's progress of owner requests per community and category (Shanghai day). */
async function todaysProgress(tx: Db, now: Date): Promise<Line[]> {
  const from = shanghaiMidnight(shanghaiDate(now));
  return rows<Line>(
    tx,
    sql`SELECT r.community_id, r.company_id, r.category,
               count(*) FILTER (WHERE r.created_at >= ${from.toISOString()}::timestamptz)::int AS created,
               count(*) FILTER (WHERE coalesce(r.closed_at, w.closed_at) >= ${from.toISOString()}::timestamptz)::int AS closed,
               count(*) FILTER (WHERE r.status NOT IN ('closed', 'cancelled') AND coalesce(w.status, '') NOT IN ('closed', 'cancelled'))::int AS open,
               count(*) FILTER (WHERE r.status NOT IN ('closed', 'cancelled') AND coalesce(w.status, '') NOT IN ('closed', 'cancelled')
                 AND EXISTS (SELECT 1 FROM deadlines d WHERE d.subject_type = 'request' AND d.subject_id = r.id::text AND d.breached_at IS NOT NULL AND d.met_at IS NULL AND d.cancelled_at IS NULL))::int AS overdue
          FROM requests r LEFT JOIN work_orders w ON w.id = r.work_order_id
         WHERE r.created_at >= ${from.toISOString()}::timestamptz OR r.status NOT IN ('closed', 'cancelled') OR r.closed_at >= ${from.toISOString()}::timestamptz
         GROUP BY r.community_id, r.company_id, r.category`,
  );
}

const sum = (ls: Line[], k: 'created' | 'closed' | 'open' | 'overdue') => ls.reduce((s, l) => s + Number(l[k]), 0);

/**
 * The 17:00 digest (R-DESK-6): every department of each community gets today's totals and
 * the lines of its own categories. Returns the number of messages written.
 */
export async function sendDailyDigest(tx: Db, now: Date): Promise<number> {
  const byCommunity = new Map<string, Line[]>();
  for (const l of await todaysProgress(tx, now)) byCommunity.set(l.community_id, [...(byCommunity.get(l.community_id) ?? []), l]);
  let sent = 0;
  const day = shanghaiDate(now);
  for (const [communityId, lines] of byCommunity) {
    const staff = await departmentStaff(tx, communityId);
    const departments = new Set(staff.map((s) => s.department));
    for (const dept of departments) {
      const mine = lines.filter((l) => (DEPARTMENT_OF[l.category] ?? 'engineering') === dept);
      const body = mine.length
        ? mine.map((l) => `${l.category}：新增 ${l.created}，办结 ${l.closed}，处理中 ${l.open}，超时 ${l.overdue}`).join('；')
        : '本部门今日无相关报事';
      const ids = await notify(tx, now, {
        companyId: lines[0].company_id, communityId, recipients: staff.filter((s) => s.department === dept).map((s) => s.id), kind: 'desk.digest',
        title: `【${day} 报事日报】新增 ${sum(lines, 'created')}，办结 ${sum(lines, 'closed')}，处理中 ${sum(lines, 'open')}，超时 ${sum(lines, 'overdue')}`,
        body, link: `/console/requests?communityId=${communityId}`,
      });
      sent += ids.length;
    }
  }
  return sent;
}

/** 08:30: customer service is reminded of the night log waiting to be taken over (R-DESK-5). */
export async function sendHandoverReminder(tx: Db, now: Date): Promise<number> {
  const waiting = await rows<{ community_id: string; company_id: string; n: number }>(
    tx,
    sql`SELECT community_id, company_id, count(*)::int AS n FROM requests WHERE after_hours AND handed_over_at IS NULL GROUP BY community_id, company_id`,
  );
  let sent = 0;
  for (const w of waiting) {
    const ids = await notify(tx, now, {
      companyId: w.company_id, communityId: w.community_id, recipients: await staffWithRole(tx, w.community_id, ['clerk']), kind: 'desk.handover',
      title: `夜间报事交接：${w.n} 件待接收`, link: `/console/requests/handover?communityId=${w.community_id}`,
    });
    sent += ids.length;
  }
  return sent;
}

/** Registered once per process (module init runs for every app built in it). */
export function registerDeskSchedules(): void {
  const have = new Set(schedules.list().map((s) => s.name));
  if (!have.has('desk.daily-digest')) registerSchedule('desk.daily-digest', '0 17 * * *', async (tx, _slot, now) => void (await sendDailyDigest(tx, now)), { catchUpMinutes: 180 });
  if (!have.has('desk.morning-handover')) registerSchedule('desk.morning-handover', '30 8 * * *', async (tx, _slot, now) => void (await sendHandoverReminder(tx, now)), { catchUpMinutes: 120 });
}

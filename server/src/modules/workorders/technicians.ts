import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { maskPhone, type PiiCipher } from '../../kernel/crypto/index.ts';
import type { Db } from '../../kernel/db/index.ts';
import { rows } from '../../kernel/db/index.ts';
import { shanghaiDate } from '../../kernel/time.ts';
import { dispatchSettings, roster, workOrders, OPEN_FOR_ASSIGNEE } from './workorders.tables.ts';

export interface Technician {
  id: string;
  name: string;
  skills: string[];
  phoneEnc: string | null;
}

/** Staff of the community who do field work (workorder.work without supervising). */
export async function techniciansOf(db: Db, communityId: string): Promise<Technician[]> {
  const list = await rows<{ id: string; name: string; skills: string[]; phone_enc: string | null }>(
    db,
    sql`SELECT DISTINCT u.id, u.display_name AS name, u.skills, u.phone_enc
          FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
         WHERE ur.community_id = ${communityId} AND u.active AND u.kind = 'staff'
           AND 'workorder.work' = ANY(r.permissions) AND NOT ('workorder.supervise' = ANY(r.permissions))
         ORDER BY u.id`,
  );
  return list.map((r) => ({ id: r.id, name: r.name, skills: r.skills ?? [], phoneEnc: r.phone_enc }));
}

/** Whether the user may be given work in the community (any role with workorder.work there). */
export async function mayWorkIn(db: Db, communityId: string, userId: string): Promise<boolean> {
  const r = await rows<{ ok: number }>(
    db,
    sql`SELECT 1 AS ok FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN users u ON u.id = ur.user_id
         WHERE ur.user_id = ${userId} AND u.active AND 'workorder.work' = ANY(r.permissions)
           AND (ur.community_id = ${communityId} OR (ur.community_id IS NULL AND u.company_id = (SELECT company_id FROM communities WHERE id = ${communityId})))
         LIMIT 1`,
  );
  return r.length > 0;
}

/** Open orders per technician (the load that caps dispatch). */
export async function openLoad(db: Db, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const r = await db
    .select({ id: workOrders.assigneeId, n: sql<number>`count(*)::int` })
    .from(workOrders)
    .where(and(inArray(workOrders.assigneeId, userIds), inArray(workOrders.status, OPEN_FOR_ASSIGNEE)))
    .groupBy(workOrders.assigneeId);
  return new Map(r.map((x) => [x.id!, Number(x.n)]));
}

/** Day shift 08:00–20:00 Shanghai, night otherwise (a night shift belongs to the day it starts). */
export function shiftAt(now: Date): { date: string; shift: 'day' | 'night' } {
  const h = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(now));
  if (h >= 8 && h < 20) return { date: shanghaiDate(now), shift: 'day' };
  const date = h < 8 ? shanghaiDate(new Date(now.getTime() - 24 * 3600_000)) : shanghaiDate(now);
  return { date, shift: 'night' };
}

/** Who is on duty now; null when the community keeps no roster for the day (then everyone counts). */
export async function onDuty(db: Db, communityId: string, now: Date): Promise<Set<string> | null> {
  const { date, shift } = shiftAt(now);
  const r = await db.select({ userId: roster.userId, shift: roster.shift }).from(roster).where(and(eq(roster.communityId, communityId), eq(roster.date, date)));
  if (r.length === 0) return null;
  return new Set(r.filter((x) => x.shift === 'all' || x.shift === shift).map((x) => x.userId));
}

export interface TechnicianLoad {
  id: string;
  name: string;
  phone: string | null;
  skills: string[];
  /** On duty now: the roster's shift covers now, or the community keeps no roster today. */
  onDuty: boolean;
  /** Today's shift in the roster (null: not rostered, or no roster today). */
  shift: 'day' | 'night' | 'all' | null;
  openOrders: number;
  cap: number;
  atCap: boolean;
}

/**
 * The dispatch board's people (R-WO-2): each technician of the community with skills,
 * on-duty status from the roster, open orders and the cap — four queries, whatever the count.
 */
export async function technicianLoads(db: Db, pii: PiiCipher, communityId: string, now: Date): Promise<{ rosterKept: boolean; cap: number; items: TechnicianLoad[] }> {
  const techs = await techniciansOf(db, communityId);
  const { date, shift: current } = shiftAt(now);
  const day = await db.select({ userId: roster.userId, shift: roster.shift }).from(roster).where(and(eq(roster.communityId, communityId), eq(roster.date, date)));
  const load = await openLoad(db, techs.map((t) => t.id));
  const [setting] = await db.select({ cap: dispatchSettings.maxOpenPerTechnician }).from(dispatchSettings).where(and(eq(dispatchSettings.communityId, communityId), isNull(dispatchSettings.type)));
  const cap = setting?.cap ?? 10;
  const shifts = new Map(day.map((d) => [d.userId, d.shift]));
  const items = techs.map((t) => {
    const shift = shifts.get(t.id) ?? null;
    const openOrders = load.get(t.id) ?? 0;
    return {
      id: t.id, name: t.name, phone: t.phoneEnc ? maskPhone(pii.decrypt(t.phoneEnc)) : null, skills: t.skills,
      onDuty: day.length === 0 || shift === 'all' || shift === current, shift, openOrders, cap, atCap: openOrders >= cap,
    };
  });
  return { rosterKept: day.length > 0, cap, items: items.sort((a, b) => b.openOrders - a.openOrders || a.name.localeCompare(b.name, 'zh')) };
}

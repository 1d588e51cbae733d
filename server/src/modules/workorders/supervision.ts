import { sql } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { rows } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { notify } from '../notifications/index.ts';
import { maskName } from '../property/index.ts';
import { record } from './records.ts';
import type { WoStatus } from './workorders.tables.ts';
import { shanghaiMinute } from '../../kernel/time.ts';

/** Orders a supervisor may check: someone was sent (so there is an appointment or ETA), not yet closed. */
const SUPERVISABLE: WoStatus[] = ['dispatched', 'on_the_way', 'in_progress', 'waiting_parts', 'waiting_owner', 'completed', 'signed_off', 'callback_done'];
/** Still worth a call: once the callback is done the owner has been heard (the action stays possible). */
const PENDING = SUPERVISABLE.filter((s) => s !== 'callback_done');
export type SupervisionResult = 'on_time' | 'late' | 'not_reached';

/** The time promised to the owner: the appointment when one was made, else the ETA given at dispatch. */
export const promisedAt = (wo: { appointmentAt: Date | null; etaAt: Date | null }) => wo.appointmentAt ?? wo.etaAt;

/**
 * 督导 (R-WO-7): at the appointment time the supervisor calls the owner and records whether
 * the technician came on time, late by N minutes, or that the owner could not be reached.
 * Once per order; not before the promised time unless the technician has already arrived.
 */
export const supervise = (deps: Deps, actor: Actor, id: string, body: { result: SupervisionResult; lateMinutes?: number; note?: string }) =>
  record(
    deps,
    actor,
    id,
    'supervise',
    SUPERVISABLE,
    async (tx, wo, now) => {
      const promised = promisedAt(wo);
      if (!promised) throw new AppError('WO_NO_APPOINTMENT');
      if (wo.supervisedAt) throw new AppError('WO_ALREADY_SUPERVISED', { at: shanghaiMinute(wo.supervisedAt) });
      if (promised > now && !wo.arrivedAt) throw new AppError('WO_SUPERVISE_TOO_EARLY', { at: shanghaiMinute(promised) });
      if (body.result === 'late' && !body.lateMinutes) throw new AppError('WO_LATE_MINUTES_REQUIRED');
      const lateMinutes = body.result === 'late' ? body.lateMinutes! : null;
      const note = body.note?.trim() || null;
      if (body.result === 'late' && wo.assigneeId) {
        await notify(tx, now, { companyId: wo.companyId, communityId: wo.communityId, recipients: [wo.assigneeId], kind: 'workorder.supervised', title: `督导：No.${wo.formNo} 上门迟到 ${lateMinutes} 分钟`, body: note ?? undefined, link: `/console/work-orders/${wo.id}`, subjectType: 'work_order', subjectId: wo.id });
      }
      return {
        patch: { supervisedAt: now, supervisedBy: actor.userId, supervisionResult: body.result, supervisionLateMinutes: lateMinutes, supervisionNote: note },
        data: { result: body.result, lateMinutes, note, promisedAt: promised.toISOString() },
      };
    },
    'supervisor',
  );

export interface PendingSupervision {
  id: string;
  formNo: number;
  status: WoStatus;
  type: string;
  urgency: string;
  description: string;
  location: string;
  roomId: string | null;
  roomCode: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  promisedAt: string;
  arrivedAt: string | null;
}

/** 待督导: orders whose promised time has passed and whose punctuality nobody has confirmed yet (before the callback), oldest promise first. */
export async function pendingSupervision(db: Db, communityId: string, now: Date, limit = 200): Promise<PendingSupervision[]> {
  const list = await rows<{ id: string; form_no: number; status: WoStatus; type: string; urgency: string; description: string; location: string; room_id: string | null; room_code: string | null; assignee_id: string | null; assignee_name: string | null; promised_at: Date | string; arrived_at: Date | string | null }>(
    db,
    sql`SELECT w.id, w.form_no, w.status, w.type, w.urgency, w.description, w.location, w.room_id, r.code AS room_code,
               w.assignee_id, u.display_name AS assignee_name, coalesce(w.appointment_at, w.eta_at) AS promised_at, w.arrived_at
          FROM work_orders w
          LEFT JOIN rooms r ON r.id = w.room_id
          LEFT JOIN users u ON u.id = w.assignee_id
         WHERE w.community_id = ${communityId}
           AND w.status IN (${sql.join(PENDING.map((s) => sql`${s}`), sql`, `)})
           AND w.supervised_at IS NULL
           AND coalesce(w.appointment_at, w.eta_at) <= ${now.toISOString()}::timestamptz
         ORDER BY promised_at, w.id
         LIMIT ${limit}`,
  );
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return list.map((r) => ({
    id: r.id, formNo: Number(r.form_no), status: r.status, type: r.type, urgency: r.urgency, description: r.description, location: r.location,
    roomId: r.room_id, roomCode: r.room_code, assigneeId: r.assignee_id, assigneeName: r.assignee_name, promisedAt: iso(r.promised_at)!, arrivedAt: iso(r.arrived_at),
  }));
}

/** Display name and role of everyone in a timeline (one query); owners' names masked. */
export async function historyActors(db: Db, communityId: string, actorIds: string[]) {
  const ids = [...new Set(actorIds.filter(Boolean))];
  if (!ids.length) return new Map<string, { name: string; role: { code: string; nameZh: string; nameEn: string } | null }>();
  const list = await rows<{ id: string; name: string; kind: string; code: string | null; name_zh: string | null; name_en: string | null }>(
    db,
    sql`SELECT u.id, u.display_name AS name, u.kind, r.code, r.name_zh, r.name_en
          FROM users u
          LEFT JOIN LATERAL (
            SELECT ro.code, ro.name_zh, ro.name_en FROM user_roles ur JOIN roles ro ON ro.id = ur.role_id
             WHERE ur.user_id = u.id AND (ur.community_id = ${communityId} OR ur.community_id IS NULL)
             ORDER BY ur.community_id IS NULL, ro.code LIMIT 1
          ) r ON true
         WHERE u.id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
  return new Map(
    list.map((u) => [
      u.id,
      {
        name: u.kind === 'owner' ? maskName(u.name) : u.name,
        role: u.kind === 'owner' ? { code: 'owner', nameZh: '业主', nameEn: 'Owner' } : u.code ? { code: u.code, nameZh: u.name_zh!, nameEn: u.name_en! } : null,
      },
    ]),
  );
}

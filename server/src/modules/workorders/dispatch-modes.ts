import { and, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { maskPhone, type PiiCipher } from '../../kernel/crypto/index.ts';
import { dispatchSettings } from './workorders.tables.ts';
import { mayWorkIn, onDuty, openLoad, techniciansOf } from './technicians.ts';
import type { WorkOrder } from './transition-runner.ts';

export type DispatchMode = 'assign' | 'grab' | 'round_robin';
export interface Settings {
  id: string | null;
  mode: DispatchMode;
  maxOpenPerTechnician: number;
  lastAssigneeId: string | null;
}

/** The work type's own setting, else the community's default, else assign with a cap of 10. */
export async function settingsFor(db: Db, communityId: string, type: string): Promise<Settings> {
  const list = await db
    .select()
    .from(dispatchSettings)
    .where(and(eq(dispatchSettings.communityId, communityId), or(eq(dispatchSettings.type, type), isNull(dispatchSettings.type))));
  const s = list.find((x) => x.type === type) ?? list.find((x) => x.type === null);
  return s ? { id: s.id, mode: s.mode, maxOpenPerTechnician: s.maxOpenPerTechnician, lastAssigneeId: s.lastAssigneeId } : { id: null, mode: 'assign', maxOpenPerTechnician: 10, lastAssigneeId: null };
}

/** Refuses an assignee who cannot work in the community or already carries the cap. */
export async function requireAssignable(db: Db, wo: WorkOrder, userId: string): Promise<void> {
  if (!(await mayWorkIn(db, wo.communityId, userId))) throw new AppError('WO_ASSIGNEE_INVALID');
  const s = await settingsFor(db, wo.communityId, wo.type);
  const load = (await openLoad(db, [userId])).get(userId) ?? 0;
  if (load >= s.maxOpenPerTechnician) throw new AppError('WO_TECHNICIAN_AT_CAP', { max: s.maxOpenPerTechnician });
}

export interface Suggestion {
  userId: string;
  name: string;
  phone: string | null;
  skillMatch: boolean;
  onDuty: boolean;
  openOrders: number;
  atCap: boolean;
  score: number;
}

/** Assignee suggestions (R-WO-2): skill for the work type, on duty now, lightest load first. */
export async function suggest(db: Db, pii: PiiCipher, wo: WorkOrder, now: Date): Promise<Suggestion[]> {
  const techs = await techniciansOf(db, wo.communityId);
  const duty = await onDuty(db, wo.communityId, now);
  const load = await openLoad(db, techs.map((t) => t.id));
  const s = await settingsFor(db, wo.communityId, wo.type);
  return techs
    .map((t) => {
      const openOrders = load.get(t.id) ?? 0;
      const skillMatch = t.skills.includes(wo.type);
      const isOnDuty = duty === null || duty.has(t.id);
      const atCap = openOrders >= s.maxOpenPerTechnician;
      const score = (skillMatch ? 100 : 0) + (isOnDuty ? 50 : 0) - openOrders * 5 - (atCap ? 1000 : 0);
      return { userId: t.id, name: t.name, phone: t.phoneEnc ? maskPhone(pii.decrypt(t.phoneEnc)) : null, skillMatch, onDuty: isOnDuty, openOrders, atCap, score };
    })
    .sort((a, b) => b.score - a.score || a.userId.localeCompare(b.userId));
}

/**
 * Round-robin (轮派): the next eligible technician after the last one served — on duty,
 * under the cap, with the skill when anyone has it. Null when nobody is eligible (the
 * order then waits for a dispatcher).
 */
export async function pickRoundRobin(db: Db, pii: PiiCipher, wo: WorkOrder, now: Date): Promise<string | null> {
  const s = await settingsFor(db, wo.communityId, wo.type);
  const all = (await suggest(db, pii, wo, now)).filter((x) => x.onDuty && !x.atCap);
  const pool = all.some((x) => x.skillMatch) ? all.filter((x) => x.skillMatch) : all;
  if (pool.length === 0) return null;
  const ordered = pool.map((x) => x.userId).sort();
  const next = ordered.find((id) => s.lastAssigneeId === null || id > s.lastAssigneeId) ?? ordered[0];
  if (s.id) await db.update(dispatchSettings).set({ lastAssigneeId: next }).where(eq(dispatchSettings.id, s.id));
  return next;
}

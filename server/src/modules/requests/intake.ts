import { eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { calendars } from '../../kernel/calendar/index.ts';
import { attachFileCheck } from '../../kernel/files/index.ts';
import { maskPhone } from '../../kernel/crypto/index.ts';
import { ownsRoom, requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import { notify } from '../notifications/index.ts';
import { startSlaClock, staffWithRole, supervisorsOf } from '../sla/index.ts';
import { createWorkOrder } from '../workorders/index.ts';
import { classify, isRepair } from './classifier.ts';
import { checkOwnerGuard, descriptionKey } from './guard.ts';
import { assertRoomInCommunity, findPlace, type Place } from '../property/index.ts';
import { readQrToken } from './qr.ts';
import { requests, type CHANNELS } from './requests.tables.ts';

export type Request = typeof requests.$inferSelect;

export interface IntakeInput {
  communityId: string;
  roomId?: string;
  location?: string;
  channel: (typeof CHANNELS)[number];
  description: string;
  contactPhone?: string;
  photos?: string[];
  commonAreaId?: string;
  equipmentId?: string;
  qrToken?: string;
}

async function resolvePlace(deps: Deps, input: IntakeInput): Promise<Place | null> {
  const db = deps.database.db;
  if (input.qrToken) {
    const t = readQrToken(deps.pii, input.qrToken);
    const place = t && t.communityId === input.communityId ? await findPlace(db, t.kind, t.id) : null;
    if (!place || place.communityId !== input.communityId) throw new AppError('QR_INVALID');
    return place;
  }
  const ref = input.equipmentId ? (['equipment', input.equipmentId] as const) : input.commonAreaId ? (['common_area', input.commonAreaId] as const) : null;
  if (!ref) return null;
  const place = await findPlace(db, ref[0], ref[1]);
  if (!place || place.communityId !== input.communityId) throw new AppError('NOT_FOUND', { what: ref[0] === 'equipment' ? '设备' : '公共区域' });
  return place;
}

/** Who may file here: staff with request.create; owners only for their own rooms (or a common place). */
async function authorizeIntake(deps: Deps, actor: Actor, input: IntakeInput): Promise<void> {
  if (actor.kind === 'owner') {
    if (!actor.rooms.some((r) => r.communityId === input.communityId)) throw new AppError('NOT_FOUND', { what: '小区' });
    if (input.roomId && !ownsRoom(actor, input.roomId)) throw new AppError('REQUEST_ROOM_NOT_YOURS');
  } else {
    requirePermission(actor, 'request.create', input.communityId);
  }
  if (input.roomId) {
    await assertRoomInCommunity(deps.database.db, input.roomId, input.communityId);
  }
}

/** Inside a home only when a room is named and the work is of a kind done in homes. */
export const scopeOf = (type: string, roomId: string | null): 'household' | 'common' =>
  roomId && ['water_electric', 'civil', 'smart', 'other'].includes(type) ? 'household' : 'common';

const EQUIPMENT_TYPE: Record<string, string> = { elevator: 'elevator', fire: 'fire', power: 'water_electric', water_pump: 'water_electric', gate: 'smart', cctv: 'smart' };

/**
 * Receives a request on any channel (R-DESK-1): classifies it (R-DESK-2), records who took
 * it (R-DESK-4) and whether it came in after hours (R-DESK-5), starts its clocks
 * (R-DESK-3), and turns a repair into a work order carrying the photos — in one transaction.
 */
export async function intake(deps: Deps, actor: Actor, input: IntakeInput): Promise<{ request: Request; workOrderId: string | null }> {
  await authorizeIntake(deps, actor, input);
  const place = await resolvePlace(deps, input);
  const db = deps.database.db;
  const now = deps.clock.now();
  const key = descriptionKey(input.description);
  const owner = actor.kind === 'owner';
  if (owner) await checkOwnerGuard(db, input.communityId, actor.userId, key, now);
  await attachFileCheck(db, actor, input.photos ?? [], input.communityId);
  const proposed = classify(input.description);
  // equipment named by the QR code is a stronger hint than the words
  const category = place?.equipmentKind && EQUIPMENT_TYPE[place.equipmentKind] && proposed.category === 'other' ? EQUIPMENT_TYPE[place.equipmentKind] : proposed.category;
  const calendar = await calendars.calendarFor(db, input.communityId);
  const location = input.location ?? place?.name ?? '';
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [req] = await tx
      .insert(requests)
      .values({
        companyId: actor.companyId,
        communityId: input.communityId,
        roomId: input.roomId ?? null,
        commonAreaId: place?.kind === 'common_area' ? place.id : (input.commonAreaId ?? null),
        equipmentId: place?.kind === 'equipment' ? place.id : (input.equipmentId ?? null),
        location,
        channel: owner ? (input.qrToken ? 'qr' : 'app') : input.channel,
        description: input.description,
        descriptionKey: key,
        contactPhoneEnc: input.contactPhone ? deps.pii.encrypt(input.contactPhone) : null,
        contactPhoneMasked: input.contactPhone ? maskPhone(input.contactPhone) : null,
        photos: input.photos ?? [],
        category,
        urgency: proposed.urgency,
        proposedCategory: category,
        proposedUrgency: proposed.urgency,
        matched: proposed.matched,
        reporterUserId: owner ? actor.userId : null,
        firstContactId: owner ? null : actor.userId,
        afterHours: !owner && !calendar.isWorkingTime(now),
        createdAt: now,
      })
      .returning();
    const subject = { companyId: req.companyId, communityId: req.communityId, subjectType: 'request' as const, subjectId: req.id };
    const ctx = { category: req.category, urgency: req.urgency };
    for (const kind of ['response', 'feedback', 'result']) await startSlaClock(tx, subject, kind, ctx, now);
    let workOrderId: string | null = null;
    if (isRepair(category)) {
      const wo = await createWorkOrder(deps, tx, {
        companyId: req.companyId, communityId: req.communityId, requestId: req.id, roomId: req.roomId, location, equipmentId: req.equipmentId,
        type: category, urgency: req.urgency, scope: scopeOf(category, req.roomId), description: req.description,
        reporterUserId: req.reporterUserId, createdBy: actor.userId, photos: req.photos,
      });
      workOrderId = wo.id;
      await tx.update(requests).set({ workOrderId, status: 'routed' }).where(eq(requests.id, req.id));
    }
    await audit(tx, { actorId: actor.userId, companyId: req.companyId, communityId: req.communityId, action: 'request.create', subjectType: 'request', subjectId: req.id, data: { channel: req.channel, category, urgency: req.urgency, matched: proposed.matched } });
    await emit(tx, { type: 'request.created', companyId: req.companyId, communityId: req.communityId, subjectType: 'request', subjectId: req.id, roomIds: req.roomId ? [req.roomId] : [], payload: { category, urgency: req.urgency, workOrderId, userIds: [req.reporterUserId].filter(Boolean) } });
    if (req.urgency === 'emergency') {
      const desk = [...(await staffWithRole(tx, req.communityId, ['clerk', 'monitoring_center', 'dispatcher'])), ...(await supervisorsOf(tx, req.communityId))];
      await notify(tx, now, { companyId: req.companyId, communityId: req.communityId, recipients: desk, kind: 'request.emergency', title: `【紧急】${location || '未填位置'}：${req.description.slice(0, 40)}`, body: `关键词：${proposed.matched.join('、')}`, link: `/console/requests/${req.id}`, subjectType: 'request', subjectId: req.id, sms: true });
    }
    return { request: { ...req, workOrderId, status: workOrderId ? 'routed' : req.status }, workOrderId };
  });
}

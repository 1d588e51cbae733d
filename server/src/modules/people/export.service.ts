import ExcelJS from 'exceljs';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { maskIdNumber, maskPhone } from '../../kernel/crypto/index.ts';
import { communityOf, requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import { buildings, rooms } from '../property/index.ts';
import { persons, roomOccupancies } from './people.tables.ts';
import { archiveCodeSql } from './rooms.lookup.ts';
import { logAccess } from './access-log.ts';
import { watermarkText } from './watermark.ts';
import { loadPhones, PHONE_LABEL_ZH } from './phones.ts';

const RELATION_ZH: Record<string, string> = { owner: '业主', co_owner: '共有人', family: '家庭成员', tenant: '租户' };
const GENDER_ZH: Record<string, string> = { male: '男', female: '女', unknown: '' };

/**
 * Owner list of a community as .xlsx (R-ARC-6, R-LAW-3): needs archive.export; full phone/ID
 * numbers only with archive.reveal and a reason. Row 1 is the watermark (who, when); logged.
 */
export async function exportOwners(deps: Deps, actor: Actor, communityId: string, input: { reveal?: boolean; reason?: string }, requestId?: string): Promise<Buffer> {
  const { db } = deps.database;
  const community = await communityOf(db, actor, communityId);
  requirePermission(actor, 'archive.export', communityId);
  const reveal = input.reveal === true;
  const reason = input.reason?.trim() ?? '';
  if (reveal) {
    requirePermission(actor, 'archive.reveal', communityId);
    if (reason.length < 2) throw new AppError('REASON_REQUIRED');
  }
  const now = deps.clock.now();
  const list = await db
    .select({ archiveCode: archiveCodeSql, roomCode: rooms.code, relation: roomOccupancies.relation, startedOn: roomOccupancies.startedOn, p: persons })
    .from(roomOccupancies)
    .innerJoin(rooms, eq(rooms.id, roomOccupancies.roomId))
    .innerJoin(buildings, eq(buildings.id, rooms.buildingId))
    .innerJoin(persons, eq(persons.id, roomOccupancies.personId))
    .where(and(eq(roomOccupancies.communityId, communityId), isNull(roomOccupancies.endedOn)))
    .orderBy(asc(buildings.code), asc(rooms.floor), asc(rooms.number), sql`${roomOccupancies.relation} <> 'owner'`);

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('业户档案');
  ws.addRow([`${watermarkText(community.name, actor.name, now, 'export')}${reveal ? '  （含完整信息）' : ''}`]);
  ws.mergeCells(1, 1, 1, 10);
  ws.getRow(1).font = { bold: true, color: { argb: 'FFC00000' } };
  ws.addRow(['档案编号', '房号', '关系', '姓名', '性别', '手机号码', '身份证号码', '籍贯', '户口所在地', '入住日期']);
  ws.getRow(2).font = { bold: true };
  const phones = await loadPhones(db, list.map((r) => r.p.id));
  for (const r of list) {
    // Every phone, primary first; the others carry their label (家属:138****0000).
    const shown = (phones.get(r.p.id) ?? []).map((ph, i) => {
      const v = deps.pii.decrypt(ph.phoneEnc);
      return `${i === 0 ? '' : `${PHONE_LABEL_ZH[ph.label]}:`}${reveal ? v : maskPhone(v)}`;
    });
    const idNo = r.p.idNumberEnc ? deps.pii.decrypt(r.p.idNumberEnc) : null;
    ws.addRow([r.archiveCode, r.roomCode, RELATION_ZH[r.relation], r.p.name, GENDER_ZH[r.p.gender], shown.join('；') || maskPhone(null), reveal ? idNo : maskIdNumber(idNo), r.p.nativePlace ?? '', r.p.hukouLocation ?? '', r.startedOn]);
  }
  ws.columns.forEach((c, i) => (c.width = [12, 12, 8, 10, 6, 14, 22, 12, 20, 12][i]));
  await logAccess(db, actor, now, { communityId, action: 'export', field: reveal ? 'all' : null, reason: reason || null, detail: { rows: list.length, revealed: reveal }, requestId });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

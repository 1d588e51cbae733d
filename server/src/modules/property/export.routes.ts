import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { asc } from 'drizzle-orm';
import { audit } from '../../kernel/audit/index.ts';
import { attachmentHeader, writeSheet, XLSX_MIME, type Column } from '../../kernel/excel/index.ts';
import { requirePermission, type Actor } from '../../kernel/permissions/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { equipment, rooms } from './property.tables.ts';
import { requireCommunityPermission } from './property.policy.ts';
import { CommunityIdParams } from './property.schemas.ts';
import { roomConditions, roomView } from './rooms.repository.ts';
import { RoomQuery } from './rooms.routes.ts';
import { EquipmentQuery } from './equipment.routes.ts';
import { equipmentConditions, equipmentView } from './equipment.repository.ts';

/** An export is one file; past this many rows the caller should narrow the filter. */
const MAX_EXPORT_ROWS = 200_000;

const USE_ZH: Record<string, string> = { residential: '住宅', commercial: '商业', parking: '车位' };
const STATUS_ZH: Record<string, string> = { unsold: '未售', vacant: '空置', occupied: '入住', renovating: '装修' };

const EQUIPMENT_KIND_ZH: Record<string, string> = { elevator: '电梯', fire: '消防', power: '配电', water_pump: '水泵', hvac: '暖通空调', gate: '门禁道闸', cctv: '监控', other: '其他' };
const EQUIPMENT_STATUS_ZH: Record<string, string> = { normal: '正常', fault: '故障', maintenance: '维保中', retired: '停用' };

const roomColumns: Column<'code' | 'floor' | 'number' | 'areaM2' | 'indoorAreaM2' | 'use' | 'status'>[] = [
  { key: 'code', header: '房号' },
  { key: 'floor', header: '楼层' },
  { key: 'number', header: '房间号' },
  { key: 'areaM2', header: '建筑面积' },
  { key: 'indoorAreaM2', header: '套内面积' },
  { key: 'use', header: '用途' },
  { key: 'status', header: '状态' },
];
const equipmentColumns: Column<'code' | 'name' | 'kind' | 'location' | 'model' | 'status' | 'installedOn'>[] = [
  { key: 'code', header: '设备编号' },
  { key: 'name', header: '设备名称' },
  { key: 'kind', header: '类型' },
  { key: 'location', header: '位置' },
  { key: 'model', header: '型号' },
  { key: 'status', header: '状态' },
  { key: 'installedOn', header: '安装日期' },
];

async function exportAccess(deps: Deps, actor: Actor, communityId: string) {
  await requireCommunityPermission(deps.database.db, actor, communityId, 'property.read');
  requirePermission(actor, 'export.run', communityId);
}

function sendXlsx(reply: FastifyReply, file: Buffer, name: string) {
  return reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentHeader(name)).send(file);
}

/** Excel exports of the filtered room and equipment lists (R-ORG-4), each audited as 'export'. */
export async function exportRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;

  app.get('/api/v1/communities/:id/rooms/export', { schema: { tags: ['property'], summary: '导出房屋 / export rooms (.xlsx)', params: CommunityIdParams, querystring: RoomQuery } }, async (req, reply) => {
    const actor = req.requireActor();
    await exportAccess(deps, actor, req.params.id);
    const { limit: _l, cursor: _c, ...filter } = req.query;
    const list = await db.select().from(rooms).where(roomConditions(req.params.id, filter)).orderBy(asc(rooms.code)).limit(MAX_EXPORT_ROWS);
    const file = await writeSheet(
      '房屋',
      roomColumns,
      list.map((r) => {
        const v = roomView(r);
        return { ...v, use: USE_ZH[v.use] ?? v.use, status: STATUS_ZH[v.status] ?? v.status };
      }),
    );
    await audit(db, { actorId: actor.userId, companyId: actor.companyId, communityId: req.params.id, action: 'export', subjectType: 'rooms', data: { filter, rows: list.length }, requestId: req.id });
    return sendXlsx(reply, file, '房屋.xlsx');
  });

  app.get('/api/v1/communities/:id/equipment/export', { schema: { tags: ['property'], summary: '导出设备 / export equipment (.xlsx)', params: CommunityIdParams, querystring: EquipmentQuery } }, async (req, reply) => {
    const actor = req.requireActor();
    await exportAccess(deps, actor, req.params.id);
    const { limit: _l, cursor: _c, ...filter } = req.query;
    const list = await db.select().from(equipment).where(equipmentConditions(req.params.id, filter)).orderBy(asc(equipment.code)).limit(MAX_EXPORT_ROWS);
    const file = await writeSheet(
      '设备',
      equipmentColumns,
      list.map((e) => {
        const v = equipmentView(e);
        return { ...v, kind: EQUIPMENT_KIND_ZH[v.kind] ?? v.kind, status: EQUIPMENT_STATUS_ZH[v.status] ?? v.status };
      }),
    );
    await audit(db, { actorId: actor.userId, companyId: actor.companyId, communityId: req.params.id, action: 'export', subjectType: 'equipment', data: { filter, rows: list.length }, requestId: req.id });
    return sendXlsx(reply, file, '设备.xlsx');
  });
}

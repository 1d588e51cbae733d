import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors/index.ts';
import { Body } from '../../kernel/http/index.ts';
import { can, requirePermission } from '../../kernel/permissions/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { findPlace } from '../property/index.ts';
import { makeQrToken, readQrToken } from './qr.ts';
import { deskSettings, saveDeskSettings } from './guard.ts';

const tags = ['requests'];
const Uuid = Type.String({ format: 'uuid' });

/** QR codes for places and equipment, and the desk's per-community settings. */
export async function qrRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;

  app.post(
    '/api/v1/qr',
    { schema: { tags, summary: '生成位置/设备报事二维码 / make a signed QR token for a place or equipment', body: Body({ communityId: Uuid, commonAreaId: Type.Optional(Uuid), equipmentId: Type.Optional(Uuid) }) } },
    async (req) => {
      const actor = req.requireActor();
      const { communityId, commonAreaId, equipmentId } = req.body;
      if (!can(actor, 'property.manage', communityId)) requirePermission(actor, 'request.manage', communityId);
      const kind = equipmentId ? 'equipment' : 'common_area';
      const id = equipmentId ?? commonAreaId;
      const place = id ? await findPlace(db, kind, id) : null;
      if (!place || place.communityId !== communityId) throw new AppError('NOT_FOUND', { what: kind === 'equipment' ? '设备' : '公共区域' });
      const token = makeQrToken(deps.pii, { communityId, kind, id: place.id });
      return { token, url: `/app/report?qr=${token}`, location: place.name };
    },
  );

  app.get(
    '/api/v1/qr/:token',
    { schema: { tags, summary: '扫码：返回预填的位置 / what a scanned code pre-fills', params: Type.Object({ token: Type.String({ maxLength: 300 }) }) } },
    async (req) => {
      req.requireActor();
      const t = readQrToken(deps.pii, req.params.token);
      const place = t ? await findPlace(db, t.kind, t.id) : null;
      if (!t || !place || place.communityId !== t.communityId) throw new AppError('QR_INVALID');
      return { communityId: place.communityId, commonAreaId: place.kind === 'common_area' ? place.id : null, equipmentId: place.kind === 'equipment' ? place.id : null, location: place.name, equipmentKind: place.equipmentKind };
    },
  );

  app.get('/api/v1/desk-settings', { schema: { tags, summary: '报事防滥用设置 / desk abuse-guard settings', querystring: Type.Object({ communityId: Uuid }) } }, async (req) => {
    requirePermission(req.requireActor(), 'request.read', req.query.communityId);
    return { communityId: req.query.communityId, ...(await deskSettings(db, req.query.communityId)) };
  });

  app.put(
    '/api/v1/desk-settings',
    { schema: { tags, summary: '修改报事防滥用设置 / change the abuse-guard settings', body: Body({ communityId: Uuid, maxPerDay: Type.Integer({ minimum: 1, maximum: 1000 }), repeatWindowMinutes: Type.Integer({ minimum: 0, maximum: 7 * 1440 }) }) } },
    async (req) => {
      const { communityId, ...s } = req.body;
      requirePermission(req.requireActor(), 'sla.manage', communityId);
      await saveDeskSettings(db, communityId, s);
      return { communityId, ...s };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../kernel/deps.ts';
import { Body, Id, IdParams } from '../../kernel/http/index.ts';
import { auditStatus, drawAudit, getAudit, recordAuditResult } from './audits.service.ts';

/** Archive checks (R-ARC-7): when due, the drawn sample, per-room results. */
export async function auditsRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const tags = ['archive'];
  const pid = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get('/api/v1/communities/:id/archive/audit-status', { schema: { tags, summary: '档案检查是否到期 / when archive checks are due', params: IdParams } }, async (req) => auditStatus(deps, req.requireActor(), pid(req)));

  app.post('/api/v1/communities/:id/archive/audits', { schema: { tags, summary: '全面检查或抽取抽查样本 / draw the full check or a sample', params: IdParams, body: Body({ kind: Type.Union([Type.Literal('full'), Type.Literal('sample')]) }) } }, async (req, reply) => {
    const row = await drawAudit(deps, req.requireActor(), pid(req), (req.body as { kind: 'full' }).kind, req.id);
    return reply.status(201).send(await getAudit(deps, req.requireActor(), row.id));
  });

  app.get('/api/v1/archive/audits/:id', { schema: { tags, summary: '档案检查 / an archive check', params: IdParams } }, async (req) => getAudit(deps, req.requireActor(), pid(req)));

  app.put(
    '/api/v1/archive/audits/:id/rooms/:roomId',
    { schema: { tags, summary: '记录检查结果 / record a room result', params: Type.Object({ id: Id, roomId: Id }), body: Body({ result: Type.Union([Type.Literal('pass'), Type.Literal('fail')]), findings: Type.Optional(Type.String({ maxLength: 2000 })) }) } },
    async (req) => {
      const { id, roomId } = req.params as { id: string; roomId: string };
      const r = await recordAuditResult(deps, req.requireActor(), id, roomId, req.body as { result: 'pass' }, req.id);
      return { ...r, checkedAt: r.checkedAt?.toISOString() ?? null };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Body, Id } from '../../kernel/http/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { getNoticeSettings, noticesPdf, setNoticeSettings, type NoticeSettingsInput } from './notice.service.ts';

const tags = ['billing'];
const Text = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

export async function noticeRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  const { database, clock } = opts.deps;
  const db = database.db;

  app.get(
    '/api/v1/billing/notices.pdf',
    {
      schema: {
        tags,
        summary: '缴费通知单 PDF（单户、楼栋或全小区，每户一页）/ printable due notices (one page per room)',
        querystring: Type.Object({ communityId: Id, buildingId: Type.Optional(Id), roomId: Type.Optional(Id), from: Type.Optional(Type.String({ format: 'date' })) }),
      },
    },
    async (req, reply) => {
      const q = req.query as { communityId: string; buildingId?: string; roomId?: string; from?: string };
      const r = await noticesPdf(db, clock, req.requireActor(), q, req.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="notices-${r.from}.pdf"`).header('x-notice-rooms', String(r.rooms)).send(r.pdf);
    },
  );

  app.get('/api/v1/billing/notice-settings', { schema: { tags, summary: '通知单上的缴费方式（前台、银行账户）/ payment details printed on notices', querystring: Type.Object({ communityId: Id }) } }, async (req) =>
    getNoticeSettings(db, req.requireActor(), (req.query as { communityId: string }).communityId),
  );

  app.put(
    '/api/v1/billing/notice-settings',
    {
      schema: {
        tags,
        summary: '设置通知单缴费方式 / set the payment details printed on notices',
        body: Body({
          communityId: Id,
          bankName: Type.Optional(Text(64)),
          bankAccountName: Type.Optional(Text(64)),
          bankAccountNo: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9 ]{8,40}$' }), Type.Null()])),
          frontDesk: Type.Optional(Text(200)),
          contactPhone: Type.Optional(Text(32)),
        }),
      },
    },
    async (req) => {
      const { communityId, ...rest } = req.body as NoticeSettingsInput & { communityId: string };
      return setNoticeSettings(db, clock, req.requireActor(), communityId, rest);
    },
  );
}

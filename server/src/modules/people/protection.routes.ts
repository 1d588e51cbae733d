import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../kernel/deps.ts';
import { Id, IdParams, Page } from '../../kernel/http/index.ts';
import { searchAccessLog, type AccessLogQuery } from './access-log.ts';
import { borrowingView, createBorrowing, decideBorrowing, listBorrowing, type Decision } from './borrowing.service.ts';
import { BorrowingBody, DecisionBody } from './people.schemas.ts';

const Action = Type.Union(['view', 'reveal', 'export', 'print', 'copy', 'import'].map((a) => Type.Literal(a)));

export async function protectionRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const tags = ['archive'];

  // Read-only on purpose: the access log has no update or delete endpoint (and a DB trigger refuses both).
  app.get(
    '/api/v1/access-log',
    {
      schema: {
        tags, summary: '档案访问日志查询 / search the archive access log',
        querystring: Type.Object({
          ...Page.properties, communityId: Type.Optional(Id), personId: Type.Optional(Id), roomId: Type.Optional(Id), actorId: Type.Optional(Id),
          action: Type.Optional(Action), from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })),
        }),
      },
    },
    async (req) => searchAccessLog(deps.database.db, req.requireActor(), req.query as AccessLogQuery),
  );

  app.post('/api/v1/borrowing-requests', { schema: { tags, summary: '借阅登记 / create a borrowing request', body: BorrowingBody } }, async (req, reply) => {
    return reply.status(201).send(borrowingView(await createBorrowing(deps, req.requireActor(), req.body as never, req.id)));
  });

  app.get(
    '/api/v1/borrowing-requests',
    { schema: { tags, summary: '借阅登记列表 / borrowing requests', querystring: Type.Object({ communityId: Type.Optional(Id), status: Type.Optional(Type.Union(['pending', 'approved', 'rejected', 'cancelled'].map((s) => Type.Literal(s)))) }) } },
    async (req) => ({ items: await listBorrowing(deps, req.requireActor(), req.query as never) }),
  );

  for (const decision of ['approve', 'reject', 'cancel'] as Decision[]) {
    app.post(`/api/v1/borrowing-requests/:id/${decision}`, { schema: { tags, summary: `借阅登记 ${decision}`, params: IdParams, body: DecisionBody } }, async (req) => {
      return borrowingView(await decideBorrowing(deps, req.requireActor(), (req.params as { id: string }).id, decision, req.body as object, req.id));
    });
  }
}

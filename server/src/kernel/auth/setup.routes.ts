import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Body } from '../http/schemas.ts';
import type { Deps } from '../deps.ts';
import { createFirstAdmin, needsSetup } from './first-admin.ts';

/** First-run: GET tells the login page whether to show the setup form; POST works once. */
export async function setupRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  const { db } = opts.deps.database;
  app.get('/api/v1/setup', { schema: { tags: ['auth'], summary: '是否需要初始化 / whether first-run setup is needed' } }, async () => ({
    needsSetup: await needsSetup(db),
    demo: opts.deps.config.demo,
  }));
  app.post(
    '/api/v1/setup',
    {
      schema: {
        tags: ['auth'],
        summary: '创建第一个管理员 / create the first administrator',
        body: Body({
          companyName: Type.String({ minLength: 2, maxLength: 100 }),
          username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
          name: Type.String({ minLength: 1, maxLength: 50 }),
          password: Type.String({ minLength: 8, maxLength: 200 }),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createFirstAdmin(db, req.body as never)),
  );
}

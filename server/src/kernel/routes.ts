import type { FastifyInstance } from 'fastify';
import type { Deps } from './deps.ts';
import { calendarRoutes } from './calendar/index.ts';
import { fileRoutes } from './files/index.ts';

/** Health and other kernel endpoints that belong to no business module. */
export async function kernelRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  app.get('/api/health', { schema: { tags: ['system'], summary: '健康检查 / health' } }, async () => {
    await opts.deps.database.query('SELECT 1');
    return { status: 'ok' };
  });
  await app.register(calendarRoutes, opts);
  await app.register(fileRoutes, opts);
}

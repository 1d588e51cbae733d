import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Deps } from './kernel/deps.ts';
import { errorHandler } from './kernel/errors/index.ts';
import { validatorCompiler } from './kernel/http/index.ts';
import { authPlugin, authRoutes } from './kernel/auth/index.ts';
import { setupRoutes } from './kernel/auth/setup.routes.ts';
import { liveRoutes } from './kernel/live/index.ts';
import { kernelRoutes } from './kernel/routes.ts';
import { modules } from './modules/index.ts';
import { serveWeb } from './web.ts';

export interface BuildOptions {
  logger?: boolean | object;
  /** Serve the built web app (production); tests usually skip it. */
  web?: boolean;
}

/** The composition root: the same builder serves production and tests. */
export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    genReqId: () => Math.random().toString(36).slice(2, 10),
    ajv: { customOptions: { removeAdditional: false } },
    trustProxy: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: req.headers['accept-language']?.startsWith('en') ? 'No such endpoint' : '接口不存在' } });
    return reply.status(404).send('Not found');
  });

  await app.register(swagger, {
    openapi: {
      info: { title: '物业管理系统 API / Property-management API', version: '1.0.0', description: 'Money in integer fen (…Fen); times ISO-8601 UTC; errors {error:{code,message}}.' },
      components: { securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'pms_sid' }, bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.uploadMaxBytes, files: 10, fields: 20 } });
  await app.register(authPlugin, { deps });

  await app.register(kernelRoutes, { deps });
  await app.register(authRoutes, { deps });
  await app.register(setupRoutes, { deps });
  await app.register(liveRoutes, { hub: deps.hub });
  for (const m of modules) {
    await m.init?.(deps);
    if (m.routes) await app.register(m.routes, { deps });
  }

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  if (opts.web) await serveWeb(app);
  return app;
}

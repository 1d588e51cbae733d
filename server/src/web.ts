import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Serves the built console (/) and owner app (/app/) with history-API fallback. */
export async function serveWeb(app: FastifyInstance) {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    app.log.warn('web/dist is missing: run `npm run build:web`');
    return;
  }
  await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] });
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    const url = req.url.split('?')[0];
    if (url.startsWith('/api/')) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在' } });
    const file = path.join(webDist, url);
    if (file.startsWith(webDist) && fs.existsSync(file) && fs.statSync(file).isFile()) return reply.sendFile(url.slice(1));
    return reply.sendFile(url.startsWith('/app') ? 'app.html' : 'index.html');
  });
}

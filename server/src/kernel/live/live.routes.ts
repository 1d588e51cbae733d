import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../permissions/actor.ts';
import { isCompanyWide } from '../permissions/actor.ts';
import type { StoredEvent } from '../events/index.ts';
import type { LiveHub } from './hub.ts';

/** Whether an open page of this actor may see the event. */
export function eventVisibleTo(actor: Actor, ev: StoredEvent, communityId?: string): boolean {
  if (communityId && ev.communityId !== communityId) return false;
  if (actor.kind === 'owner') {
    const userIds = (ev.payload.userIds as string[] | undefined) ?? [];
    return userIds.includes(actor.userId) || ev.roomIds.some((id) => actor.rooms.some((r) => r.roomId === id));
  }
  if (ev.companyId && ev.companyId !== actor.companyId) return false;
  if (!ev.communityId) return ev.companyId === actor.companyId || ((ev.payload.userIds as string[] | undefined) ?? []).includes(actor.userId);
  return isCompanyWide(actor) || actor.communityPermissions.has(ev.communityId);
}

/** GET /api/v1/live — Server-Sent Events of the outbox, filtered to what the caller may see. */
export async function liveRoutes(app: FastifyInstance, opts: { hub: LiveHub }) {
  app.get(
    '/api/v1/live',
    { schema: { tags: ['live'], summary: '实时更新（SSE）/ live updates', querystring: Type.Object({ communityId: Type.Optional(Type.String({ format: 'uuid' })) }) } },
    async (req, reply) => {
      const actor = req.requireActor();
      const { communityId } = req.query as { communityId?: string };
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write(`retry: 3000\n: connected\n\n`);
      const unsubscribe = opts.hub.subscribe((ev) => {
        if (!eventVisibleTo(actor, ev, communityId)) return;
        const { payload, ...rest } = ev;
        res.write(`id: ${ev.id}\nevent: ${ev.type}\ndata: ${JSON.stringify({ ...rest, payload: { ...payload, userIds: undefined } })}\n\n`);
      });
      const ping = setInterval(() => res.write(`: ping\n\n`), 25_000);
      req.raw.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
    },
  );
}

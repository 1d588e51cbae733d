import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../kernel/deps.ts';
import { Body, Id, IdParams } from '../../kernel/http/index.ts';
import { EVENT_KINDS } from './archive.tables.ts';
import { createEvent, listEvents, transitionEvent, updateEvent, type EventInput } from './events.service.ts';
import { getKeyProfile, listKeyProfiles, saveKeyProfile } from './key-profile.service.ts';

const Link = Type.Object({ kind: Type.Union([Type.Literal('complaint'), Type.Literal('work_order'), Type.Literal('request')]), refId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const Text = Type.Optional(Type.String({ maxLength: 2000 }));

/** Key-owner profiles (R-ARC-4) and the important-event archive with manager review (R-ARC-5). */
export async function recordsRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const tags = ['archive'];
  const pid = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get('/api/v1/persons/:id/key-profile', { schema: { tags, summary: '重点业户档案 / key-owner profile', params: IdParams } }, async (req) => ({ profile: await getKeyProfile(deps, req.requireActor(), pid(req), req.id) }));

  app.put(
    '/api/v1/persons/:id/key-profile',
    { schema: { tags, summary: '保存重点业户档案 / save key-owner profile', params: IdParams, body: Body({ birthday: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])), character: Text, preferences: Text, skills: Text, specialNeeds: Text, opinions: Text, links: Type.Optional(Type.Array(Link, { maxItems: 200 })) }) } },
    async (req) => ({ profile: await saveKeyProfile(deps, req.requireActor(), pid(req), req.body as object, req.id) }),
  );

  app.get(
    '/api/v1/communities/:id/archive/key-profiles',
    { schema: { tags, summary: '重点业户列表（查看留痕）/ key-owner profiles of a community (logged)', params: IdParams } },
    async (req) => ({ items: await listKeyProfiles(deps, req.requireActor(), pid(req), req.id) }),
  );

  app.patch(
    '/api/v1/archive/events/:id',
    {
      schema: {
        tags, summary: '修改重要事件（草稿/退回）/ edit an important event (draft or returned)', params: IdParams,
        body: Body({
          kind: Type.Optional(Type.Union(EVENT_KINDS.map((k) => Type.Literal(k)))), title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), description: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
          occurredOn: Type.Optional(Type.String({ format: 'date' })), roomId: Type.Optional(Type.Union([Id, Type.Null()])), personId: Type.Optional(Type.Union([Id, Type.Null()])), links: Type.Optional(Type.Array(Link, { maxItems: 50 })), fileIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
        }),
      },
    },
    async (req) => updateEvent(deps, req.requireActor(), pid(req), req.body as EventInput, req.id),
  );

  app.post(
    '/api/v1/communities/:id/archive/events',
    {
      schema: {
        tags, summary: '登记重要事件（草稿）/ record an important event (draft)', params: IdParams,
        body: Body({
          kind: Type.Union(EVENT_KINDS.map((k) => Type.Literal(k))), title: Type.String({ minLength: 1, maxLength: 200 }), description: Type.String({ minLength: 1, maxLength: 5000 }),
          occurredOn: Type.String({ format: 'date' }), roomId: Type.Optional(Id), personId: Type.Optional(Id), links: Type.Optional(Type.Array(Link, { maxItems: 50 })), fileIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createEvent(deps, req.requireActor(), pid(req), req.body as EventInput, req.id)),
  );

  app.get(
    '/api/v1/communities/:id/archive/events',
    { schema: { tags, summary: '重要事件列表 / important events', params: IdParams, querystring: Type.Object({ status: Type.Optional(Type.Union(['draft', 'submitted', 'filed', 'returned'].map((s) => Type.Literal(s)))) }) } },
    async (req) => ({ items: await listEvents(deps, req.requireActor(), pid(req), (req.query as { status?: 'draft' }).status) }),
  );

  for (const action of ['submit', 'file', 'return'] as const) {
    app.post(`/api/v1/archive/events/:id/${action}`, { schema: { tags, summary: `重要事件 ${action}`, params: IdParams, body: Body({ note: Type.Optional(Type.String({ maxLength: 1000 })) }) } }, async (req) => {
      return transitionEvent(deps, req.requireActor(), pid(req), action, req.body as { note?: string }, req.id);
    });
  }
}

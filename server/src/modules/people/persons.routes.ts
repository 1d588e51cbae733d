import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../kernel/deps.ts';
import { Id, IdParams, ListOf, Page } from '../../kernel/http/index.ts';
import { personViews, type PersonRow } from './person-fields.ts';
import { createPerson, listPersons, searchPersons, updatePerson } from './persons.service.ts';
import { logCopy, printPerson, revealPerson, viewPerson } from './archive-read.service.ts';
import { exportOwners } from './export.service.ts';
import { CreatePersonBody, ExportBody, PersonDetail, PersonView, RevealBody, SearchBody, UpdatePersonBody } from './people.schemas.ts';

/** Person records: every response shape holds masked phone / ID fields only (except reveal). */
export async function personsRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const tags = ['archive'];
  const view = async (p: PersonRow) => (await personViews(deps.database.db, deps.pii, [p]))[0];

  app.post('/api/v1/persons', { schema: { tags, summary: '新建人员 / create person', body: CreatePersonBody, response: { 201: PersonView } } }, async (req, reply) => {
    const { communityId, ...input } = req.body as { communityId: string; name: string };
    return reply.status(201).send(await view(await createPerson(deps, req.requireActor(), communityId, input, req.id)));
  });

  app.patch('/api/v1/persons/:id', { schema: { tags, summary: '修改人员 / update person', params: IdParams, body: UpdatePersonBody, response: { 200: PersonView } } }, async (req) => {
    return view(await updatePerson(deps, req.requireActor(), (req.params as { id: string }).id, req.body as object, req.id));
  });

  app.get('/api/v1/persons/:id', { schema: { tags, summary: '人员档案（脱敏，查看留痕）/ person details (masked, logged)', params: IdParams, response: { 200: PersonDetail } } }, async (req) => {
    return viewPerson(deps, req.requireActor(), (req.params as { id: string }).id, req.id);
  });

  app.get(
    '/api/v1/communities/:id/persons',
    { schema: { tags, summary: '人员列表 / persons of a community', params: IdParams, querystring: Type.Object({ ...Page.properties, q: Type.Optional(Type.String({ maxLength: 50 })) }), response: { 200: ListOf(PersonView) } } },
    async (req) => {
      const r = await listPersons(deps.database.db, req.requireActor(), (req.params as { id: string }).id, req.query as object);
      return { items: await personViews(deps.database.db, deps.pii, r.rows), nextCursor: r.nextCursor };
    },
  );

  // POST, not GET: a phone or ID number must never appear in a URL (URLs are logged).
  app.post('/api/v1/persons/search', { schema: { tags, summary: '按手机号/身份证号精确查找 / find by phone or ID number', body: SearchBody, response: { 200: Type.Object({ items: Type.Array(PersonView) }) } } }, async (req) => {
    return { items: await personViews(deps.database.db, deps.pii, await searchPersons(deps, req.requireActor(), req.body as object)) };
  });

  app.post(
    '/api/v1/persons/:id/reveal',
    { schema: { tags, summary: '查看完整信息（需原因，留痕）/ reveal (reason required, logged)', params: IdParams, body: RevealBody, response: { 200: Type.Object({ field: Type.String(), phoneId: Type.Optional(Type.Union([Type.String(), Type.Null()])), value: Type.Union([Type.String(), Type.Null()]) }) } } },
    async (req) => revealPerson(deps, req.requireActor(), (req.params as { id: string }).id, req.body as { field: 'phone'; phoneId?: string; reason: string }, req.id),
  );

  app.post(
    '/api/v1/persons/:id/copy',
    { schema: { tags, summary: '复制完整信息（留痕）/ log a copy of a revealed value', params: IdParams, body: Type.Object({ field: Type.Union([Type.Literal('phone'), Type.Literal('idNumber')]), phoneId: Type.Optional(Id), reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }) } },
    async (req) => logCopy(deps, req.requireActor(), (req.params as { id: string }).id, req.body as { field: 'phone' }, req.id),
  );

  app.post(
    '/api/v1/persons/:id/print',
    { schema: { tags, summary: '打印人员资料（留痕）/ print person sheet (logged)', params: IdParams, body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }), response: { 200: Type.Object({ ...PersonView.properties, watermark: Type.String() }) } } },
    async (req) => printPerson(deps, req.requireActor(), (req.params as { id: string }).id, req.body as object, req.id),
  );

  // GET twin for browser downloads (the console's download helper); same checks and logging.
  app.get(
    '/api/v1/communities/:id/owners/export',
    { schema: { tags, summary: '导出业户资料 .xlsx (GET) / export owners', params: Type.Object({ id: Id }), querystring: Type.Object({ reveal: Type.Optional(Type.Boolean()), reason: Type.Optional(Type.String({ maxLength: 500 })) }) } },
    async (req, reply) => {
      const buf = await exportOwners(deps, req.requireActor(), (req.params as { id: string }).id, req.query as object, req.id);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="owners.xlsx"; filename*=UTF-8''${encodeURIComponent('业户资料.xlsx')}`).send(buf);
    },
  );

  app.post(
    '/api/v1/communities/:id/owners/export',
    { schema: { tags, summary: '导出业户资料 .xlsx（水印，留痕）/ export owners (watermarked, logged)', params: Type.Object({ id: Id }), body: ExportBody } },
    async (req, reply) => {
      const buf = await exportOwners(deps, req.requireActor(), (req.params as { id: string }).id, req.body as object, req.id);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="owners.xlsx"')
        .send(buf);
    },
  );
}

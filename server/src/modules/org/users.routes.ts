import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../kernel/errors/index.ts';
import { Body, decodeCursor, encodeCursor } from '../../kernel/http/index.ts';
import { can, type Actor } from '../../kernel/permissions/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireCommunityPermission } from '../property/index.ts';
import { grantsOf, listUsers, findStaff, userView } from './users.repository.ts';
import { createUser, resetPassword, updateUser } from './users.service.ts';

const tags = ['org'];
const Uuid = Type.String({ format: 'uuid' });
const Password = Type.String({ minLength: 8, maxLength: 200 });
const Phone = Type.Union([Type.String({ maxLength: 20 }), Type.Null()]);
const Grant = Type.Object({ roleCode: Type.String({ minLength: 1, maxLength: 64 }), communityId: Type.Union([Uuid, Type.Null()]) }, { additionalProperties: false });
const UserView = Type.Object({
  id: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  kind: Type.String(),
  department: Type.Union([Type.String(), Type.Null()]),
  skills: Type.Array(Type.String()),
  phone: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  roles: Type.Array(Type.Object({ roleCode: Type.String(), communityId: Type.Union([Type.String(), Type.Null()]) })),
});
const Params = Type.Object({ id: Uuid });

/** Communities whose staff the actor may list (null = the whole company). */
function readableCommunities(actor: Actor): string[] | null {
  if (actor.kind === 'staff' && actor.companyPermissions.has('user.read')) return null;
  return [...actor.communityPermissions.entries()].filter(([, p]) => p.has('user.read')).map(([id]) => id);
}

/** 用户管理: staff accounts, their roles per community, password resets. Phones always masked. */
export async function usersRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: '员工列表 / staff users',
        querystring: Type.Object({ communityId: Type.Optional(Uuid), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Type.Object({ items: Type.Array(UserView), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (req) => {
      const actor = req.requireActor();
      if (actor.kind !== 'staff' || !can(actor, 'user.read')) throw new AppError('FORBIDDEN', { permission: 'user.read' });
      let communityIds = readableCommunities(actor);
      if (req.query.communityId) {
        await requireCommunityPermission(db, actor, req.query.communityId, 'user.read');
        communityIds = [req.query.communityId];
      }
      const after = req.query.cursor ? decodeCursor(req.query.cursor)?.[0] : null;
      if (after !== null && typeof after !== 'string') throw new AppError('VALIDATION_FAILED', { reason: 'cursor' });
      const page = await listUsers(db, actor.companyId, { communityIds }, req.query.limit ?? 50, after ?? null);
      const grants = await grantsOf(db, page.items.map((u) => u.id));
      return { items: page.items.map((u) => userView(deps.pii, u, grants.get(u.id) ?? [])), nextCursor: page.lastId ? encodeCursor([page.lastId]) : null };
    },
  );

  app.get('/api/v1/users/:id', { schema: { tags, summary: '员工详情 / a staff user', params: Params, response: { 200: UserView } } }, async (req) => {
    const actor = req.requireActor();
    const u = await findStaff(db, actor.companyId, req.params.id);
    if (!u || actor.kind !== 'staff') throw new AppError('NOT_FOUND', { what: '用户' });
    const grants = (await grantsOf(db, [u.id])).get(u.id) ?? [];
    const scope = readableCommunities(actor);
    const visible = scope === null || grants.some((g) => g.communityId !== null && scope.includes(g.communityId));
    if (!visible) throw new AppError('NOT_FOUND', { what: '用户' });
    return userView(deps.pii, u, grants);
  });

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: '新建员工 / create a staff user',
        body: Body({
          username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
          name: Type.String({ minLength: 1, maxLength: 50 }),
          password: Password,
          department: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
          skills: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 20 })),
          phone: Type.Optional(Phone),
          roles: Type.Array(Grant, { maxItems: 50 }),
        }),
        response: { 201: UserView },
      },
    },
    async (req, reply) => {
      const actor = req.requireActor();
      if (actor.kind !== 'staff' || !can(actor, 'user.manage')) throw new AppError('FORBIDDEN', { permission: 'user.manage' });
      return reply.status(201).send(await createUser(deps, actor, req.body, req.id));
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: '修改员工（停用、角色）/ edit a staff user (deactivate, roles)',
        params: Params,
        body: Body({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
          department: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
          skills: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 20 })),
          phone: Type.Optional(Phone),
          active: Type.Optional(Type.Boolean()),
          roles: Type.Optional(Type.Array(Grant, { maxItems: 50 })),
        }),
        response: { 200: UserView },
      },
    },
    async (req) => updateUser(deps, req.requireActor(), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    { schema: { tags, summary: '重置密码 / reset a password (ends the user’s sessions)', params: Params, body: Body({ password: Password }) } },
    async (req) => {
      await resetPassword(deps, req.requireActor(), req.params.id, req.body.password, req.id);
      return { ok: true };
    },
  );
}


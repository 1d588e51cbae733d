import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../kernel/errors/index.ts';
import { Body } from '../../kernel/http/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { PERMISSIONS, requireCompanyPermission, roles } from '../../kernel/permissions/index.ts';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';

const tags = ['org'];
const Permission = Type.Unsafe<(typeof PERMISSIONS)[number]>({ type: 'string', enum: [...PERMISSIONS], description: '权限（来自权限目录）/ a permission from the catalog' });
const Permissions = Type.Array(Permission, { uniqueItems: true, maxItems: PERMISSIONS.length });
const RoleView = Type.Object({ id: Type.String(), code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), scope: Type.String(), permissions: Type.Array(Type.String()) });
const view = (r: typeof roles.$inferSelect) => ({ id: r.id, code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, scope: r.scope, permissions: r.permissions });

/** 角色与权限: roles are data (R-ORG-3); a change applies from the next request (actors load per request). */
export async function rolesRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;
  const record = async (tx: Db, actorId: string, companyId: string, action: string, roleId: string, data: Record<string, unknown>, requestId: string) => {
    await audit(tx, { actorId, companyId, action, subjectType: 'role', subjectId: roleId, data, requestId });
    await emit(tx, { type: action, companyId, subjectType: 'role', subjectId: roleId, payload: data });
  };

  app.get('/api/v1/roles', { schema: { tags, summary: '角色列表 / roles of the company', response: { 200: Type.Object({ items: Type.Array(RoleView), permissions: Type.Array(Type.String()) }) } } }, async (req) => {
    const actor = req.requireActor();
    if (actor.kind !== 'staff') throw new AppError('FORBIDDEN', { permission: 'user.read' });
    const list = await db.select().from(roles).where(eq(roles.companyId, actor.companyId)).orderBy(asc(roles.code));
    return { items: list.map(view), permissions: [...PERMISSIONS] };
  });

  app.post(
    '/api/v1/roles',
    {
      schema: {
        tags,
        summary: '新建角色 / create a role',
        body: Body({ code: Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$' }), nameZh: Type.String({ minLength: 1, maxLength: 50 }), nameEn: Type.String({ minLength: 1, maxLength: 80 }), scope: Type.Unsafe<'company' | 'community'>({ type: 'string', enum: ['company', 'community'] }), permissions: Permissions }),
        response: { 201: RoleView },
      },
    },
    async (req, reply) => {
      const actor = req.requireActor();
      requireCompanyPermission(actor, 'role.manage');
      const role = await db.transaction(async (tx) => {
        const [r] = await tx.insert(roles).values({ ...req.body, companyId: actor.companyId }).returning();
        await record(tx as Db, actor.userId, actor.companyId, 'org.role.created', r.id, { code: r.code, permissions: r.permissions }, req.id);
        return r;
      });
      return reply.status(201).send(view(role));
    },
  );

  app.patch(
    '/api/v1/roles/:id',
    {
      schema: {
        tags,
        summary: '修改角色权限 / edit a role (takes effect on the next request)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Body({ nameZh: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })), permissions: Type.Optional(Permissions) }),
        response: { 200: RoleView },
      },
    },
    async (req) => {
      const actor = req.requireActor();
      requireCompanyPermission(actor, 'role.manage');
      const role = await db.transaction(async (tx) => {
        const [before] = await tx.select().from(roles).where(and(eq(roles.id, req.params.id), eq(roles.companyId, actor.companyId)));
        if (!before) throw new AppError('NOT_FOUND', { what: '角色' });
        const [r] = await tx.update(roles).set(req.body).where(eq(roles.id, before.id)).returning();
        await record(tx as Db, actor.userId, actor.companyId, 'org.role.updated', r.id, { code: r.code, before: before.permissions, after: r.permissions }, req.id);
        return r;
      });
      return view(role);
    },
  );
}

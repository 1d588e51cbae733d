import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, eq } from 'drizzle-orm';
import { Body } from '../../kernel/http/index.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { requireCompanyPermission, visibleCommunities } from '../../kernel/permissions/index.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import type { Deps } from '../../kernel/deps.ts';
import { recordChange } from './record-change.ts';
import { requireCommunityPermission } from './property.policy.ts';
import { Code, CommunityIdParams, CommunityView, Name } from './property.schemas.ts';

const tags = ['property'];
const view = (c: typeof communities.$inferSelect) => ({ id: c.id, companyId: c.companyId, code: c.code, name: c.name, address: c.address });

/** 项目/小区: list what the caller may see, create (company.manage), read, edit (community.manage). */
export async function communitiesRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;

  app.get('/api/v1/communities', { schema: { tags, summary: '可见的小区 / communities the caller may see', response: { 200: Type.Object({ items: Type.Array(CommunityView), nextCursor: Type.Null() }) } } }, async (req) => {
    const actor = req.requireActor();
    return { items: (await visibleCommunities(db, actor)).map(view), nextCursor: null };
  });

  app.post(
    '/api/v1/communities',
    { schema: { tags, summary: '新建小区 / create a community', body: Body({ code: Code, name: Name, address: Type.Optional(Type.String({ maxLength: 200 })) }), response: { 201: CommunityView } } },
    async (req, reply) => {
      const actor = req.requireActor();
      requireCompanyPermission(actor, 'company.manage');
      const created = await db.transaction(async (tx) => {
        const [c] = await tx.insert(communities).values({ companyId: actor.companyId, code: req.body.code, name: req.body.name, address: req.body.address ?? '' }).returning();
        await recordChange(tx, actor, { communityId: c.id, action: 'property.community.created', subjectType: 'community', subjectId: c.id, data: { code: c.code, name: c.name }, requestId: req.id });
        return c;
      });
      return reply.status(201).send(view(created));
    },
  );

  app.get('/api/v1/communities/:id', { schema: { tags, summary: '小区详情 / a community', params: CommunityIdParams, response: { 200: CommunityView } } }, async (req) => {
    const actor = req.requireActor();
    const visible = await visibleCommunities(db, actor);
    const c = visible.find((v) => v.id === req.params.id);
    if (!c) throw new AppError('NOT_FOUND', { what: '小区' });
    return view(c);
  });

  app.patch(
    '/api/v1/communities/:id',
    { schema: { tags, summary: '修改小区 / edit a community', params: CommunityIdParams, body: Body({ name: Type.Optional(Name), address: Type.Optional(Type.String({ maxLength: 200 })) }), response: { 200: CommunityView } } },
    async (req) => {
      const actor = req.requireActor();
      await requireCommunityPermission(db, actor, req.params.id, 'community.manage');
      const updated = await db.transaction(async (tx) => {
        const [c] = await tx
          .update(communities)
          .set({ ...req.body, updatedAt: deps.clock.now() })
          .where(and(eq(communities.id, req.params.id), eq(communities.companyId, actor.companyId)))
          .returning();
        if (!c) throw new AppError('NOT_FOUND', { what: '小区' });
        await recordChange(tx, actor, { communityId: c.id, action: 'property.community.updated', subjectType: 'community', subjectId: c.id, data: req.body, requestId: req.id });
        return c;
      });
      return view(updated);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql } from 'drizzle-orm';
import { rows } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { requireCommunityPermission } from './property.policy.ts';
import { CommunityIdParams } from './property.schemas.ts';

const EntranceNode = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), roomCount: Type.Integer() });
const BuildingNode = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  roomCount: Type.Integer(),
  entrances: Type.Array(EntranceNode),
});

/** GET /communities/{id}/tree: buildings → entrances with room counts, one grouped query (console tree). */
export async function treeRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;
  app.get(
    '/api/v1/communities/:id/tree',
    { schema: { tags: ['property'], summary: '楼栋-单元树与房屋数 / building → entrance tree with room counts', params: CommunityIdParams, response: { 200: Type.Object({ buildings: Type.Array(BuildingNode) }) } } },
    async (req) => {
      await requireCommunityPermission(db, req.requireActor(), req.params.id, 'property.read');
      const counts = await rows<{ building_id: string; entrance_id: string | null; n: number }>(
        db,
        sql`select building_id, entrance_id, count(*)::int as n from rooms where community_id = ${req.params.id} group by building_id, entrance_id`,
      );
      const bs = await rows<{ id: string; code: string; name: string }>(db, sql`select id, code, name from buildings where community_id = ${req.params.id} order by sort, code`);
      const es = await rows<{ id: string; building_id: string; code: string; name: string }>(db, sql`select id, building_id, code, name from entrances where community_id = ${req.params.id} order by code`);
      const countOf = (b: string, e: string | null) => counts.filter((c) => c.building_id === b && c.entrance_id === e).reduce((s, c) => s + c.n, 0);
      return {
        buildings: bs.map((b) => ({
          id: b.id,
          code: b.code,
          name: b.name,
          roomCount: counts.filter((c) => c.building_id === b.id).reduce((s, c) => s + c.n, 0),
          entrances: es.filter((e) => e.building_id === b.id).map((e) => ({ id: e.id, code: e.code, name: e.name, roomCount: countOf(b.id, e.id) })),
        })),
      };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../kernel/deps.ts';
import { IdParams } from '../../kernel/http/index.ts';
import { addOccupancy, endOccupancy, transferRoom } from './occupancy.service.ts';
import { printRoomArchive, viewRoomArchive } from './archive-read.service.ts';
import { EndOccupancyBody, OccupancyBody, TransferBody } from './people.schemas.ts';

const Occ = Type.Object({ id: Type.String(), roomId: Type.String(), personId: Type.String(), relation: Type.String(), startedOn: Type.String(), endedOn: Type.Union([Type.String(), Type.Null()]) });

export async function occupancyRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const tags = ['archive'];
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.post('/api/v1/rooms/:id/occupancies', { schema: { tags, summary: '登记业主/住户入住 / add occupancy', params: IdParams, body: OccupancyBody, response: { 201: Occ } } }, async (req, reply) => {
    return reply.status(201).send(await addOccupancy(deps, req.requireActor(), id(req), req.body as never, req.id));
  });

  app.post('/api/v1/occupancies/:id/end', { schema: { tags, summary: '迁出 / end occupancy', params: IdParams, body: EndOccupancyBody, response: { 200: Occ } } }, async (req) => {
    return endOccupancy(deps, req.requireActor(), id(req), req.body as never, req.id);
  });

  app.post(
    '/api/v1/rooms/:id/transfer',
    { schema: { tags, summary: '过户 / transfer ownership', params: IdParams, body: TransferBody, response: { 200: Type.Object({ ended: Type.Integer(), opened: Type.Array(Occ) }) } } },
    async (req) => transferRoom(deps, req.requireActor(), id(req), req.body as never, req.id),
  );

  // Shape not pinned by a response schema because packages nest; persons inside are personView (masked).
  app.get('/api/v1/rooms/:id/archive', { schema: { tags, summary: '房屋档案（查看留痕）/ room archive (logged)', params: IdParams } }, async (req) => {
    return viewRoomArchive(deps, req.requireActor(), id(req), req.id);
  });

  app.post(
    '/api/v1/rooms/:id/archive/print',
    { schema: { tags, summary: '打印房屋档案（水印，留痕）/ print the room archive (watermarked, logged)', params: IdParams, body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }), response: { 200: Type.Object({ watermark: Type.String() }) } } },
    async (req) => printRoomArchive(deps, req.requireActor(), id(req), req.body as object, req.id),
  );
}

import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { persons } from './people.tables.ts';
import { personView, revealField } from './person-fields.ts';
import { loadPhones } from './phones.ts';
import { logAccess } from './access-log.ts';
import { roomsByIds } from './rooms.lookup.ts';
import { PersonView } from './people.schemas.ts';

/** 我的信息: an owner's own record, masked; the full values on request, logged like any reveal. */
export async function meRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const tags = ['owner'];
  async function own(actor: Actor) {
    if (actor.kind !== 'owner' || !actor.personId || !actor.ownerPermissions.has('owner.self')) throw new AppError('FORBIDDEN', { permission: 'owner.self' });
    const [p] = await deps.database.db.select().from(persons).where(eq(persons.id, actor.personId));
    if (!p) throw new AppError('NOT_FOUND', { what: '个人资料' });
    return p;
  }

  app.get(
    '/api/v1/me/profile',
    { schema: { tags, summary: '我的信息（脱敏）/ my profile (masked)', response: { 200: Type.Object({ ...PersonView.properties, rooms: Type.Array(Type.Object({ roomId: Type.String(), code: Type.String(), relation: Type.String() })) }) } } },
    async (req) => {
      const actor = req.requireActor();
      const p = await own(actor);
      const info = await roomsByIds(deps.database.db, actor.rooms.map((r) => r.roomId));
      const phones = await loadPhones(deps.database.db, [p.id]);
      return { ...personView(deps.pii, p, phones.get(p.id)), rooms: actor.rooms.map((r) => ({ roomId: r.roomId, code: info.find((i) => i.id === r.roomId)?.code ?? '', relation: r.relation })) };
    },
  );

  app.post(
    '/api/v1/me/profile/reveal',
    { schema: { tags, summary: '查看我的完整信息（留痕）/ reveal my own data (logged)', body: Type.Object({}, { additionalProperties: false }), response: { 200: Type.Object({ phone: Type.Union([Type.String(), Type.Null()]), phones: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), primary: Type.Boolean(), phone: Type.String() })), idNumber: Type.Union([Type.String(), Type.Null()]) }) } } },
    async (req) => {
      const actor = req.requireActor();
      const p = await own(actor);
      await logAccess(deps.database.db, actor, deps.clock.now(), { communityId: actor.rooms[0]?.communityId ?? p.communityId, action: 'reveal', personId: p.id, field: 'all', reason: '本人查看 / owner self-service', requestId: req.id });
      const phones = (await loadPhones(deps.database.db, [p.id])).get(p.id) ?? [];
      return {
        phone: revealField(deps.pii, p, 'phone'),
        phones: phones.map((x) => ({ id: x.id, label: x.label, primary: x.isPrimary, phone: deps.pii.decrypt(x.phoneEnc) })),
        idNumber: revealField(deps.pii, p, 'idNumber'),
      };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import { AppError } from '../../kernel/errors/index.ts';
import { IdParams, encodeCursor, decodeCursor } from '../../kernel/http/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { notifications } from './notifications.tables.ts';
import { markRead, unreadCount } from './notifications.service.ts';

const tags = ['notifications'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const NotificationView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Nullable(Type.String()),
  subjectType: Nullable(Type.String()),
  subjectId: Nullable(Type.String()),
  state: Type.String(),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});

/** The caller's own in-app notification centre (staff and owners alike). */
export async function notificationsRoutes(root: FastifyInstance, { deps }: { deps: Deps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps.database;

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: '我的通知（最新在前）/ my notifications, newest first',
        querystring: Type.Object({
          unread: Type.Optional(Type.Boolean()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(NotificationView), nextCursor: Nullable(Type.String()), unread: Type.Integer() }) },
      },
    },
    async (req) => {
      const actor = req.requireActor();
      const { limit = 50, cursor, unread } = req.query;
      const after = decodeCursor(cursor)?.[0];
      const where = [eq(notifications.recipientId, actor.userId), eq(notifications.channel, 'in_app')];
      if (typeof after === 'string') where.push(lt(notifications.id, after));
      if (unread) where.push(isNull(notifications.readAt));
      const rows = await db.select().from(notifications).where(and(...where)).orderBy(desc(notifications.id)).limit(limit + 1);
      const page = rows.slice(0, limit);
      return {
        items: page.map((n) => ({ ...n, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null })),
        nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1].id]) : null,
        unread: await unreadCount(db, actor.userId),
      };
    },
  );

  app.post(
    '/api/v1/notifications/:id/read',
    { schema: { tags, summary: '标记已读 / mark as read', params: IdParams } },
    async (req) => {
      const actor = req.requireActor();
      if (!(await markRead(db, actor.userId, req.params.id, deps.clock.now()))) throw new AppError('NOT_FOUND', { what: '通知' });
      return { ok: true };
    },
  );
}

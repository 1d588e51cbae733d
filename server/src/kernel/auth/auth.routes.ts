import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { Body } from '../http/schemas.ts';
import { sha256 } from '../crypto/index.ts';
import { audit } from '../audit/index.ts';
import { AppError } from '../errors/index.ts';
import { loadActor, visibleCommunities, type Actor } from '../permissions/index.ts';
import type { Deps } from '../deps.ts';
import { SESSION_COOKIE } from './plugin.ts';
import { checkPassword, throttleIp } from './login.ts';
import { OTP_TTL_MINUTES, requestOtp, verifyOtp } from './otp.ts';
import { createApiToken, createSession, deleteSession, revokeApiToken } from './sessions.ts';

export const UserView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  roles: Type.Array(Type.String()),
  communityIds: Type.Array(Type.String()),
  permissions: Type.Record(Type.String(), Type.Array(Type.String())),
  companyWidePermissions: Type.Array(Type.String()),
  rooms: Type.Array(Type.Object({ roomId: Type.String(), communityId: Type.String(), relation: Type.String() })),
});
const MeReply = Type.Object({ user: UserView, csrfToken: Type.Union([Type.String(), Type.Null()]) });

async function userView(deps: Deps, actor: Actor) {
  const comms = await visibleCommunities(deps.database.db, actor);
  return {
    id: actor.userId,
    name: actor.name,
    kind: actor.kind,
    roles: actor.roleCodes,
    communityIds: comms.map((c) => c.id),
    permissions: Object.fromEntries([...actor.communityPermissions].map(([k, v]) => [k, [...v]])),
    companyWidePermissions: actor.kind === 'owner' ? [...actor.ownerPermissions] : [...actor.companyPermissions],
    rooms: [...actor.rooms],
  };
}

export async function authRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  const { deps } = opts;
  const { database, clock, config, pii } = deps;
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: config.sessionMaxHours * 3600 });

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: '登录 / log in: staff username + password; owners phone + password or one-time code (otp)',
        body: Body({
          username: Type.String({ minLength: 1, maxLength: 64 }),
          password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          otp: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
        }),
        response: { 200: MeReply },
      },
    },
    async (req, reply) => {
      const { username, password, otp } = req.body as { username: string; password?: string; otp?: string };
      const now = clock.now();
      await throttleIp(database.db, req.ip, now, 60);
      let userId: string;
      let companyId: string | undefined;
      if (otp !== undefined) {
        userId = await verifyOtp(database.db, pii, username, otp, now);
      } else {
        if (password === undefined) throw new AppError('VALIDATION_FAILED', { reason: 'password 或 otp 必填 / password or otp is required' });
        const user = await checkPassword(database.db, pii, username, password, now, { maxFailures: config.loginMaxFailures, lockMinutes: config.loginLockMinutes });
        userId = user.id;
        companyId = user.companyId;
      }
      const { token, csrfToken } = await createSession(database.db, userId, now, { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours }, { ip: req.ip, userAgent: req.headers['user-agent'] });
      const actor = await loadActor(database.db, userId, now);
      if (!actor) throw new AppError('LOGIN_FAILED');
      await audit(database.db, { actorId: userId, companyId: companyId ?? actor.companyId, action: otp ? 'auth.login.otp' : 'auth.login', subjectType: 'user', subjectId: userId, requestId: req.id });
      setCookie(reply, token);
      return { user: await userView(deps, actor), csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/otp',
    {
      schema: {
        tags: ['auth'],
        summary: '发送登录验证码 / send an owner a one-time login code by SMS',
        body: Body({ phone: Type.String({ minLength: 11, maxLength: 20 }) }),
      },
    },
    async (req) => {
      const now = clock.now();
      await throttleIp(database.db, req.ip, now, 60);
      await requestOtp(database.db, pii, (req.body as { phone: string }).phone, now);
      // Same answer whether or not the phone has an account.
      return { sent: true, expiresInSeconds: OTP_TTL_MINUTES * 60 };
    },
  );

  app.get('/api/v1/auth/me', { schema: { tags: ['auth'], summary: '当前用户 / who am I', response: { 200: MeReply } } }, async (req) => {
    const actor = req.requireActor();
    return { user: await userView(deps, actor), csrfToken: req.csrfToken };
  });

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: '退出 / log out' } }, async (req, reply) => {
    const sid = req.cookies?.[SESSION_COOKIE];
    if (sid) {
      await deleteSession(database.db, sid);
      // the delete trigger tells every node; this one forgets it before answering
      app.actorCache.delete(`s:${sha256(sid)}`);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.post(
    '/api/v1/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: '创建接口令牌 / create a bearer API token for an integration',
        body: Body({ name: Type.String({ minLength: 1, maxLength: 100 }), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) }),
      },
    },
    async (req, reply) => {
      const actor = req.requireActor();
      const { name, expiresInDays } = req.body as { name: string; expiresInDays?: number };
      const now = clock.now();
      const created = await createApiToken(database.db, actor.userId, name, expiresInDays ? new Date(now.getTime() + expiresInDays * 86400_000) : null);
      await audit(database.db, { actorId: actor.userId, companyId: actor.companyId, action: 'auth.token.create', subjectType: 'api_token', subjectId: created.id, data: { name }, requestId: req.id });
      return reply.status(201).send(created);
    },
  );

  app.delete('/api/v1/auth/tokens/:id', { schema: { tags: ['auth'], summary: '吊销接口令牌 / revoke a token', params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } }, async (req) => {
    const actor = req.requireActor();
    await revokeApiToken(database.db, (req.params as { id: string }).id, actor.userId, clock.now());
    return { ok: true };
  });
}

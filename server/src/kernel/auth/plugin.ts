import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/index.ts';
import { loadActor, type Actor } from '../permissions/index.ts';
import { sha256 } from '../crypto/index.ts';
import type { Deps } from '../deps.ts';
import { ActorCache, wireActorCache, type CachedAuth } from './actor-cache.ts';
import { findApiToken, findSession, touchApiToken, touchSession, TOUCH_EVERY_MS } from './sessions.ts';

export const SESSION_COOKIE = 'pms_sid';

declare module 'fastify' {
  interface FastifyInstance {
    /** This node's cache of resolved callers (see actor-cache.ts). */
    actorCache: ActorCache;
  }
  interface FastifyRequest {
    actor: Actor | null;
    authVia: 'session' | 'token' | null;
    csrfToken: string | null;
    /** The actor, or 401 UNAUTHENTICATED. */
    requireActor(): Actor;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves the caller on every request and enforces CSRF on cookie-authenticated writes. */
export const authPlugin = fp(async (app: FastifyInstance, opts: { deps: Deps }) => {
  const { database, clock, config } = opts.deps;
  const db = database.db;
  const policy = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
  const cache = new ActorCache({ ttlMs: 10_000, idleMs: policy.idleMinutes * 60_000, maxEntries: 20_000 });
  const unwire = await wireActorCache(database, cache);
  app.addHook('onClose', async () => {
    await unwire();
    cache.clear();
  });
  app.decorate('actorCache', cache);
  app.decorateRequest('actor', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('requireActor', function (this: FastifyRequest) {
    if (!this.actor) throw new AppError('UNAUTHENTICATED');
    return this.actor;
  });

  /** The session's caller: from the cache when fresh, else session + actor from the database. */
  async function bySession(token: string, now: Date): Promise<CachedAuth | null> {
    const hash = sha256(token);
    const key = `s:${hash}`;
    const hit = cache.get(key, now);
    if (hit) {
      // Idle expiry needs last_seen_at, written at most once a minute per session.
      if (now.getTime() - hit.lastSeenAt > TOUCH_EVERY_MS) {
        hit.lastSeenAt = now.getTime();
        await touchSession(db, hash, now);
      }
      return hit;
    }
    const mark = cache.mark();
    const session = await findSession(db, token, now, policy);
    if (!session) return null;
    const actor = await loadActor(db, session.userId, now);
    if (!actor) return null;
    const entry = { userId: session.userId, actor, csrfToken: session.csrfToken, expiresAt: session.expiresAt.getTime(), lastSeenAt: session.lastSeenAt.getTime() };
    cache.put(key, entry, now, mark);
    return { ...entry, day: '', loadedAt: 0 };
  }

  async function byToken(token: string, now: Date): Promise<CachedAuth | 'unknown' | null> {
    const hash = sha256(token);
    const key = `t:${hash}`;
    const hit = cache.get(key, now);
    if (hit) {
      if (now.getTime() - hit.lastSeenAt > TOUCH_EVERY_MS) {
        hit.lastSeenAt = now.getTime();
        await touchApiToken(db, hash, now);
      }
      return hit;
    }
    const mark = cache.mark();
    const t = await findApiToken(db, token, now);
    if (!t) return 'unknown';
    const actor = await loadActor(db, t.userId, now);
    if (!actor) return null;
    const entry = { userId: t.userId, actor, csrfToken: null, expiresAt: t.expiresAt?.getTime() ?? Infinity, lastSeenAt: now.getTime() };
    cache.put(key, entry, now, mark);
    return { ...entry, day: '', loadedAt: 0 };
  }

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/v1/')) return;
    const now = clock.now();
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const found = await byToken(auth.slice(7).trim(), now);
      if (found === 'unknown') throw new AppError('UNAUTHENTICATED');
      req.actor = found?.actor ?? null;
      req.authVia = req.actor ? 'token' : null;
      return;
    }
    const sid = req.cookies?.[SESSION_COOKIE];
    if (!sid) return;
    const found = await bySession(sid, now);
    if (!found) return;
    req.actor = found.actor;
    req.authVia = 'session';
    req.csrfToken = found.csrfToken;
    if (UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== found.csrfToken) throw new AppError('CSRF_FAILED');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedStandardCompany, type TestApp } from '../testing/index.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
beforeAll(async () => {
  t = await createTestApp({ loginMaxFailures: 3, loginLockMinutes: 15 });
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
});
afterAll(() => t.close());

describe('login and sessions', () => {
  it('logs in, answers me with roles and communities, and logs out', async () => {
    const c = t.client();
    await c.login('clerk-a');
    const me = await c.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.roles).toEqual(['clerk']);
    expect(me.body.user.communityIds).toEqual([seed.a.id]);
    expect(me.body.csrfToken).toBe(c.csrf);
    expect((await c.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('the session cookie is httpOnly and the DB stores only its hash', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'clerk-a', password: 'pass1234' } });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = /pms_sid=([^;]+)/.exec(cookie)![1];
    const rows = await t.deps.database.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
  });

  it('wrong password is refused in Chinese by default and English on request', async () => {
    const zh = await t.client().request('POST', '/api/v1/auth/login', { username: 'clerk-a', password: 'nope' });
    expect(zh.status).toBe(401);
    expect(zh.body.error).toMatchObject({ code: 'LOGIN_FAILED', message: '用户名或密码错误' });
    const en = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en-US' }, payload: { username: 'nobody', password: 'x' } });
    expect(en.json().error.message).toBe('Wrong username or password');
    await t.client().login('clerk-a'); // resets the counter
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const c = t.client();
    for (let i = 0; i < 2; i++) expect((await c.post('/api/v1/auth/login', { username: 'guard-a', password: 'bad' })).status).toBe(401);
    const third = await c.post('/api/v1/auth/login', { username: 'guard-a', password: 'bad' });
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('LOGIN_LOCKED');
    expect((await c.post('/api/v1/auth/login', { username: 'guard-a', password: 'pass1234' })).status).toBe(429);
    t.clock.advanceMinutes(16);
    expect((await c.post('/api/v1/auth/login', { username: 'guard-a', password: 'pass1234' })).status).toBe(200);
  });

  it('expires idle sessions', async () => {
    const c = await t.client().login('finance-a');
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    t.clock.advanceMinutes(13 * 60);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const c = await t.client().login('clerk-a');
    const csrf = c.csrf;
    c.csrf = '';
    const res = await c.post('/api/v1/auth/tokens', { name: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_FAILED');
    c.csrf = csrf;
    expect((await c.post('/api/v1/auth/tokens', { name: 'x' })).status).toBe(201);
  });

  it('bearer tokens authenticate without CSRF and stop working when revoked', async () => {
    const c = await t.client().login('admin');
    const created = await c.post('/api/v1/auth/tokens', { name: '集成测试' });
    const bearer = { authorization: `Bearer ${created.body.token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer });
    expect(me.json().user.roles).toEqual(['company_admin']);
    expect((await c.delete(`/api/v1/auth/tokens/${created.body.id}`)).status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
  });
});

describe('bad input', () => {
  it('malformed JSON → 400 BAD_JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_JSON');
  });
  it('wrong types and unknown fields → 400 VALIDATION_FAILED with field paths', async () => {
    const wrong = await t.client().post('/api/v1/auth/login', { username: 5, password: 'x' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('body/username');
    const unknown = await t.client().post('/api/v1/auth/login', { username: 'a', password: 'x', admin: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('body/admin');
  });
});

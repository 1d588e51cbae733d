import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/index.ts';

let t: TestApp;
beforeAll(async () => (t = await createTestApp({ demo: false })));
afterAll(() => t.close());

it('outside demo mode there is no account until the first administrator is created, once', async () => {
  const c = t.client();
  expect((await c.get('/api/v1/setup')).body).toEqual({ needsSetup: true, demo: false });
  expect((await c.post('/api/v1/auth/login', { username: 'demo-admin', password: 'demo1234' })).status).toBe(401);
  const weak = await c.post('/api/v1/setup', { companyName: '某物业', username: 'boss', name: '老板', password: 'short' });
  expect(weak.status).toBe(400);
  const ok = await c.post('/api/v1/setup', { companyName: '某物业', username: 'boss', name: '老板', password: 'a-long-password' });
  expect(ok.status).toBe(201);
  const again = await c.post('/api/v1/setup', { companyName: '夺权物业', username: 'evil', name: 'x', password: 'a-long-password' });
  expect(again.status).toBe(409);
  await c.login('boss', 'a-long-password');
  expect(c.user.roles).toEqual(['company_admin']);
  const [n] = await t.deps.database.query<{ n: number }>('SELECT count(*)::int AS n FROM companies');
  expect(n.n).toBe(1);
});

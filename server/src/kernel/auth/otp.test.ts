import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, makeUser, seedStandardCompany, type TestApp } from '../testing/index.ts';
import { setOtpSender } from './otp.ts';

let t: TestApp;
const sent: Array<{ phone: string; text: string }> = [];
beforeAll(async () => {
  t = await createTestApp();
  const seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  await makeUser(t.deps.database.db, t.deps.pii, seed.roleIds, { companyId: seed.company.id, kind: 'owner', name: '业主甲', phone: '13700000001', roles: [['owner', null]] });
  setOtpSender(async (phone, text) => void sent.push({ phone, text }));
});
afterAll(() => t.close());

const codeOf = (i: number) => /(\d{6})/.exec(sent[i].text)![1];

it('an owner logs in with a one-time code sent by SMS; the code works once', async () => {
  const c = t.client();
  expect((await c.post('/api/v1/auth/otp', { phone: '13700000001' })).body).toEqual({ sent: true, expiresInSeconds: 300 });
  expect(sent).toHaveLength(1);
  const code = codeOf(0);
  expect((await c.post('/api/v1/auth/login', { username: '13700000001', otp: code === '000000' ? '111111' : '000000' })).status).toBe(401);
  const ok = await c.post('/api/v1/auth/login', { username: '13700000001', otp: code });
  expect(ok.status).toBe(200);
  expect(ok.body.user.kind).toBe('owner');
  expect((await t.client().post('/api/v1/auth/login', { username: '13700000001', otp: code })).status).toBe(401);
});

it('refuses resends within a minute, expired codes, and says nothing about unknown phones', async () => {
  t.clock.advanceMinutes(2);
  const c = t.client();
  expect((await c.post('/api/v1/auth/otp', { phone: '13700000001' })).status).toBe(200);
  expect((await c.post('/api/v1/auth/otp', { phone: '13700000001' })).body.error.code).toBe('RATE_LIMITED');
  const code = codeOf(sent.length - 1);
  t.clock.advanceMinutes(6);
  expect((await c.post('/api/v1/auth/login', { username: '13700000001', otp: code })).status).toBe(401);
  const before = sent.length;
  expect((await c.post('/api/v1/auth/otp', { phone: '13911112222' })).body).toEqual({ sent: true, expiresInSeconds: 300 });
  expect(sent.length).toBe(before);
  expect((await c.post('/api/v1/auth/otp', { phone: '12345' })).status).toBe(400);
});

it('locks a code after five wrong guesses', async () => {
  t.clock.advanceMinutes(2);
  await t.client().post('/api/v1/auth/otp', { phone: '13700000001' });
  const code = codeOf(sent.length - 1);
  const wrong = code === '123456' ? '654321' : '123456';
  for (let i = 0; i < 5; i++) await t.client().post('/api/v1/auth/login', { username: '13700000001', otp: wrong });
  expect((await t.client().post('/api/v1/auth/login', { username: '13700000001', otp: code })).status).toBe(401);
});

it('the database keeps no code and no phone in clear', async () => {
  const rows = await t.deps.database.query<Record<string, unknown>>('SELECT * FROM auth_otps');
  const dump = JSON.stringify(rows);
  expect(dump).not.toContain('13700000001');
  for (const s of sent) expect(dump).not.toContain(/(\d{6})/.exec(s.text)![1]);
});

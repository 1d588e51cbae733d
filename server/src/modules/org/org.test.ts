import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedStandardCompany, type TestApp, type TestClient } from '../../kernel/testing/index.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  admin = await t.client().login('admin');
});
afterAll(() => t.close());

describe('users', () => {
  it('creates a staff user with an encrypted phone, shown masked, who can log in', async () => {
    const res = await admin.post('/api/v1/users', { username: 'new-clerk', name: '新客服', password: 'longenough1', department: 'customer_service', skills: [], phone: '13712345678', roles: [{ roleCode: 'clerk', communityId: seed.a.id }] });
    expect(res.status, res.raw).toBe(201);
    expect(res.body).toMatchObject({ username: 'new-clerk', phone: '137****5678', active: true, roles: [{ roleCode: 'clerk', communityId: seed.a.id }] });
    const [row] = await t.deps.database.query<{ phone_enc: string; password_hash: string }>(`select phone_enc, password_hash from users where username = 'new-clerk'`);
    expect(row.phone_enc).not.toContain('13712345678');
    expect(row.password_hash).not.toContain('longenough1');
    const c = await t.client().login('new-clerk', 'longenough1');
    expect((await c.get('/api/v1/auth/me')).body.user.communityIds).toEqual([seed.a.id]);
    const list = await admin.get(`/api/v1/users?communityId=${seed.a.id}`);
    const listed = list.body.items.find((u: { username: string }) => u.username === 'new-clerk');
    expect(listed.phone).toBe('137****5678');
    expect(JSON.stringify(list.body)).not.toContain('13712345678');
  });

  it('refuses short passwords, unknown roles, duplicates and wrong scopes', async () => {
    const base = { username: 'x-user', name: 'X', password: 'longenough1', roles: [] as unknown[] };
    expect((await admin.post('/api/v1/users', { ...base, password: 'short' })).status).toBe(400);
    expect((await admin.post('/api/v1/users', { ...base, roles: [{ roleCode: 'wizard', communityId: null }] })).status).toBe(404);
    expect((await admin.post('/api/v1/users', { ...base, roles: [{ roleCode: 'clerk', communityId: null }] })).status).toBe(400);
    expect((await admin.post('/api/v1/users', { ...base, roles: [{ roleCode: 'owner', communityId: null }] })).status).toBe(400);
    const dup = await admin.post('/api/v1/users', { ...base, username: 'clerk-a' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('用户名已存在');
  });

  it('a community manager manages staff of their community only, and cannot grant company roles', async () => {
    const manager = await t.client().login('manager-a');
    const ok = await manager.post('/api/v1/users', { username: 'guard-2', name: '保安二', password: 'longenough1', roles: [{ roleCode: 'security_guard', communityId: seed.a.id }] });
    expect(ok.status).toBe(201);
    expect((await manager.post('/api/v1/users', { username: 'boss', name: 'B', password: 'longenough1', roles: [{ roleCode: 'company_admin', communityId: null }] })).status).toBe(403);
    expect((await manager.post('/api/v1/users', { username: 'b-guard', name: 'B', password: 'longenough1', roles: [{ roleCode: 'security_guard', communityId: seed.b.id }] })).status).toBe(403);
    expect((await manager.patch(`/api/v1/users/${seed.staff.clerkB.id}`, { active: false })).status).toBe(403);
    const listB = await manager.get(`/api/v1/users?communityId=${seed.b.id}`);
    expect(listB.status).toBe(404);
    const mine = await manager.get('/api/v1/users');
    expect(mine.body.items.map((u: { username: string }) => u.username)).not.toContain('clerk-b');
  });

  it('deactivating ends the sessions; a password reset lets the user in with the new one only', async () => {
    const guard = await t.client().login('guard-a');
    expect((await admin.patch(`/api/v1/users/${seed.staff.guardA.id}`, { active: false })).body.active).toBe(false);
    expect((await guard.get('/api/v1/auth/me')).status).toBe(401);
    expect((await t.client().post('/api/v1/auth/login', { username: 'guard-a', password: 'pass1234' })).status).toBe(401);
    await admin.patch(`/api/v1/users/${seed.staff.guardA.id}`, { active: true });
    expect((await admin.post(`/api/v1/users/${seed.staff.guardA.id}/reset-password`, { password: 'brand-new-pw' })).status).toBe(200);
    expect((await t.client().post('/api/v1/auth/login', { username: 'guard-a', password: 'pass1234' })).status).toBe(401);
    await t.client().login('guard-a', 'brand-new-pw');
  });

  it('replaces roles', async () => {
    const res = await admin.patch(`/api/v1/users/${seed.staff.financeB.id}`, { roles: [{ roleCode: 'finance', communityId: seed.b.id }, { roleCode: 'clerk', communityId: seed.a.id }] });
    expect(res.status, res.raw).toBe(200);
    expect(res.body.roles.map((r: { roleCode: string }) => r.roleCode).sort()).toEqual(['clerk', 'finance']);
    const c = await t.client().login('finance-b');
    expect((await c.get('/api/v1/auth/me')).body.user.communityIds.sort()).toEqual([seed.a.id, seed.b.id].sort());
  });
});

describe('roles', () => {
  it('lists roles with the permission catalog', async () => {
    const res = await admin.get('/api/v1/roles');
    expect(res.body.items.map((r: { code: string }) => r.code)).toContain('clerk');
    expect(res.body.permissions).toContain('property.manage');
  });

  it('refuses permissions outside the catalog and callers without role.manage', async () => {
    const clerkRole = (await admin.get('/api/v1/roles')).body.items.find((r: { code: string }) => r.code === 'clerk');
    const bad = await admin.patch(`/api/v1/roles/${clerkRole.id}`, { permissions: ['property.read', 'launch.missiles'] });
    expect(bad.status).toBe(400);
    const manager = await t.client().login('manager-a');
    expect((await manager.patch(`/api/v1/roles/${clerkRole.id}`, { permissions: ['property.read'] })).status).toBe(403);
    expect((await manager.post('/api/v1/roles', { code: 'x_role', nameZh: 'X', nameEn: 'X', scope: 'community', permissions: [] })).status).toBe(403);
  });

  it('a role change takes effect on the next request', async () => {
    const clerk = await t.client().login('clerk-a');
    expect((await clerk.post(`/api/v1/communities/${seed.a.id}/buildings`, { code: 'R1' })).status).toBe(403);
    const roles = (await admin.get('/api/v1/roles')).body.items;
    const clerkRole = roles.find((r: { code: string }) => r.code === 'clerk');
    const patched = await admin.patch(`/api/v1/roles/${clerkRole.id}`, { permissions: [...clerkRole.permissions, 'property.manage'] });
    expect(patched.body.permissions).toContain('property.manage');
    expect((await clerk.post(`/api/v1/communities/${seed.a.id}/buildings`, { code: 'R1' })).status).toBe(201);
    await admin.patch(`/api/v1/roles/${clerkRole.id}`, { permissions: clerkRole.permissions.filter((p: string) => p !== 'property.read') });
    expect((await clerk.get(`/api/v1/communities/${seed.a.id}/rooms`)).status).toBe(403);
  });

  it('creates a community role that can be granted', async () => {
    const res = await admin.post('/api/v1/roles', { code: 'greening', nameZh: '绿化员', nameEn: 'Gardener', scope: 'community', permissions: ['property.read', 'request.create'] });
    expect(res.status).toBe(201);
    const u = await admin.post('/api/v1/users', { username: 'gardener', name: '园丁', password: 'longenough1', roles: [{ roleCode: 'greening', communityId: seed.a.id }] });
    expect(u.status).toBe(201);
    expect((await admin.post('/api/v1/roles', { code: 'greening', nameZh: '重复', nameEn: 'dup', scope: 'community', permissions: [] })).body.error.message).toBe('角色编码已存在');
  });
});

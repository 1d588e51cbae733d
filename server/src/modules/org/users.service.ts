import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import type { Deps } from '../../kernel/deps.ts';
import { AppError } from '../../kernel/errors/index.ts';
import { audit } from '../../kernel/audit/index.ts';
import { emit } from '../../kernel/events/index.ts';
import { sessions, users } from '../../kernel/auth/index.ts';
import { hashPassword, MAINLAND_MOBILE, normalizePii } from '../../kernel/crypto/index.ts';
import { roles, userRoles, type Actor } from '../../kernel/permissions/index.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { requireManageGrants } from './org.policy.ts';
import { grantsOf, userView, type UserRow } from './users.repository.ts';

export interface RoleInput {
  roleCode: string;
  communityId: string | null;
}
export interface NewUser {
  username: string;
  name: string;
  password: string;
  department?: string | null;
  skills?: string[];
  phone?: string | null;
  roles: RoleInput[];
}
export interface UserPatch {
  name?: string;
  department?: string | null;
  skills?: string[];
  phone?: string | null;
  active?: boolean;
  roles?: RoleInput[];
}

/** Role codes → role ids of the actor's company, checking scope (company roles have no community) and the community. */
async function resolveGrants(db: Db, actor: Actor, input: RoleInput[]) {
  const codes = [...new Set(input.map((r) => r.roleCode))];
  const found = codes.length ? await db.select().from(roles).where(and(eq(roles.companyId, actor.companyId), inArray(roles.code, codes))) : [];
  const byCode = new Map(found.map((r) => [r.code, r]));
  const communityIds = [...new Set(input.map((r) => r.communityId).filter((c): c is string => c !== null))];
  const known = communityIds.length ? await db.select({ id: communities.id }).from(communities).where(and(eq(communities.companyId, actor.companyId), inArray(communities.id, communityIds))) : [];
  const knownIds = new Set(known.map((c) => c.id));
  return input.map((r) => {
    const role = byCode.get(r.roleCode);
    if (!role) throw new AppError('NOT_FOUND', { what: `角色 ${r.roleCode}` });
    if (role.scope === 'owner') throw new AppError('VALIDATION_FAILED', { reason: `业主角色不能授予员工 / owner role ${r.roleCode} is not for staff` });
    if (role.scope === 'company' && r.communityId !== null) throw new AppError('VALIDATION_FAILED', { reason: `${r.roleCode} 是公司级角色，不能指定小区 / ${r.roleCode} is company-wide: communityId must be null` });
    if (role.scope === 'community' && r.communityId === null) throw new AppError('VALIDATION_FAILED', { reason: `${r.roleCode} 需要指定小区 / ${r.roleCode} needs a communityId` });
    if (r.communityId !== null && !knownIds.has(r.communityId)) throw new AppError('NOT_FOUND', { what: '小区' });
    return { roleId: role.id, communityId: r.communityId };
  });
}

function sealPhone(deps: Deps, phone: string | null | undefined) {
  if (phone === undefined) return {};
  if (phone === null || phone === '') return { phoneEnc: null, phoneBidx: null };
  const p = normalizePii('phone', phone);
  if (!MAINLAND_MOBILE.test(p)) throw new AppError('VALIDATION_FAILED', { reason: '手机号格式不正确 / not a mainland mobile number' });
  return { phoneEnc: deps.pii.encrypt(p), phoneBidx: deps.pii.blindIndex('phone', p) };
}

async function record(tx: Db, actor: Actor, action: string, userId: string, data: Record<string, unknown>, requestId?: string) {
  await audit(tx, { actorId: actor.userId, companyId: actor.companyId, action, subjectType: 'user', subjectId: userId, data, requestId });
  await emit(tx, { type: action, companyId: actor.companyId, subjectType: 'user', subjectId: userId, payload: data });
}

export async function createUser(deps: Deps, actor: Actor, input: NewUser, requestId?: string) {
  const { db } = deps.database;
  const grants = await resolveGrants(db, actor, input.roles);
  requireManageGrants(actor, grants);
  const phone = sealPhone(deps, input.phone);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [u] = await tx
      .insert(users)
      .values({ companyId: actor.companyId, kind: 'staff', username: input.username, displayName: input.name, passwordHash, department: input.department ?? null, skills: input.skills ?? [], ...phone })
      .returning();
    if (grants.length) await tx.insert(userRoles).values(grants.map((g) => ({ userId: u.id, ...g })));
    await record(tx as Db, actor, 'org.user.created', u.id, { username: u.username, roles: input.roles }, requestId);
    return userView(deps.pii, u, (await grantsOf(tx as Db, [u.id])).get(u.id) ?? []);
  });
}

/** The target's current grants must be within the actor's reach before anything about them changes. */
async function manageable(deps: Deps, actor: Actor, userId: string): Promise<UserRow> {
  const { db } = deps.database;
  const [u] = await db.select().from(users).where(and(eq(users.id, userId), eq(users.companyId, actor.companyId), eq(users.kind, 'staff')));
  if (!u) throw new AppError('NOT_FOUND', { what: '用户' });
  const current = (await grantsOf(db, [u.id])).get(u.id) ?? [];
  requireManageGrants(actor, current.length ? current : [{ communityId: null }]);
  return u;
}

export async function updateUser(deps: Deps, actor: Actor, userId: string, patch: UserPatch, requestId?: string) {
  const { db } = deps.database;
  const u = await manageable(deps, actor, userId);
  const grants = patch.roles ? await resolveGrants(db, actor, patch.roles) : null;
  if (grants) requireManageGrants(actor, grants);
  if (userId === actor.userId && patch.active === false) throw new AppError('CONFLICT', { reason: '不能停用自己的账号 / you cannot deactivate yourself' });
  const phone = sealPhone(deps, patch.phone);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as Db;
    const set = { displayName: patch.name, department: patch.department, skills: patch.skills, active: patch.active, ...phone };
    const changes = Object.values(set).some((v) => v !== undefined);
    const [row] = changes ? await tx.update(users).set(set).where(eq(users.id, u.id)).returning() : [u];
    if (grants) {
      await tx.delete(userRoles).where(eq(userRoles.userId, u.id));
      if (grants.length) await tx.insert(userRoles).values(grants.map((g) => ({ userId: u.id, ...g })));
    }
    // A deactivated account loses its sessions at once.
    if (patch.active === false) await tx.delete(sessions).where(eq(sessions.userId, u.id));
    const { phone: _p, ...loggable } = patch;
    await record(tx, actor, 'org.user.updated', u.id, { ...loggable, phoneChanged: patch.phone !== undefined }, requestId);
    return userView(deps.pii, row, (await grantsOf(tx, [u.id])).get(u.id) ?? []);
  });
}

export async function resetPassword(deps: Deps, actor: Actor, userId: string, password: string, requestId?: string) {
  const u = await manageable(deps, actor, userId);
  const passwordHash = await hashPassword(password);
  await deps.database.db.transaction(async (txRaw) => {
    const tx = txRaw as Db;
    await tx.update(users).set({ passwordHash, failedLogins: 0, lockedUntil: null }).where(eq(users.id, u.id));
    await tx.delete(sessions).where(eq(sessions.userId, u.id));
    await record(tx, actor, 'org.user.password_reset', u.id, {}, requestId);
  });
}

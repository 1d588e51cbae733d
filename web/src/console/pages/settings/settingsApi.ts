/** Users and roles admin API (GET/POST /api/v1/users, GET/PATCH /api/v1/roles). */
import { useQuery } from '@tanstack/react-query';
import { api, asPage, type Page } from '../../../shared/api.ts';

export interface Role {
  id: string;
  code: string;
  name?: string;
  nameZh?: string;
  nameEn?: string;
  scope: 'company' | 'community' | 'owner' | string;
  permissions: string[];
  builtIn?: boolean;
}

export interface Assignment {
  roleId?: string;
  roleCode?: string;
  role?: string;
  communityId: string | null;
}

export interface User {
  id: string;
  username: string | null;
  department?: string | null;
  phone?: string | null;
  name: string;
  kind?: string;
  active?: boolean;
  status?: string;
  roles?: Assignment[] | string[];
  assignments?: Assignment[];
  lastLoginAt?: string | null;
}

interface RolesReply {
  items: Role[];
  /** The permission catalog (every permission string the system knows). */
  permissions?: string[];
}

function useRolesReply() {
  return useQuery({
    queryKey: ['roles'],
    queryFn: async () => {
      const r = await api.get<RolesReply | Role[] | Page<Role>>('/api/v1/roles');
      const items = asPage(r as Page<Role>).items;
      const permissions = !Array.isArray(r) && 'permissions' in r && r.permissions ? r.permissions : [...new Set(items.flatMap((x) => x.permissions))].sort();
      return { items, permissions };
    },
  });
}

export function useRoles() {
  const q = useRolesReply();
  return { ...q, data: q.data?.items };
}

export function usePermissionCatalog() {
  const q = useRolesReply();
  return { ...q, data: q.data?.permissions };
}

export function roleLabel(role: Role | undefined, code: string, lang: string, t: (k: string, f?: string) => string): string {
  if (role) return (lang === 'en-US' ? role.nameEn : role.nameZh) ?? role.name ?? t(`role.${role.code}`, role.code);
  return t(`role.${code}`, code);
}

/** Normalise the various ways a user's roles may be expressed into assignments. */
export function assignmentsOf(u: User): Assignment[] {
  const raw = u.assignments ?? u.roles ?? [];
  return raw.map((a) => (typeof a === 'string' ? { roleCode: a, communityId: null } : a));
}

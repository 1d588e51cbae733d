/** The signed-in user (GET /api/v1/auth/me) and login/logout. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from './api.ts';

export interface RoomLink {
  roomId: string;
  communityId: string;
  relation: string;
}

export interface SessionUser {
  id: string;
  name: string;
  kind: 'staff' | 'owner';
  roles: string[];
  communityIds: string[];
  permissions: Record<string, string[]>;
  companyWidePermissions: string[];
  rooms: RoomLink[];
}

interface MeReply {
  user: SessionUser;
  csrfToken: string | null;
}

export async function fetchMe(): Promise<SessionUser | null> {
  try {
    const r = await api.get<MeReply>('/api/v1/auth/me');
    setCsrfToken(r.csrfToken);
    return r.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function useSession() {
  return useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

export function useAuthActions() {
  const qc = useQueryClient();
  return {
    async login(username: string, password: string): Promise<SessionUser> {
      const r = await api.post<MeReply>('/api/v1/auth/login', { username, password });
      setCsrfToken(r.csrfToken);
      qc.setQueryData(['me'], r.user);
      return r.user;
    },
    /** Owners: phone + one-time code from POST /api/v1/auth/otp. */
    async loginWithOtp(phone: string, otp: string): Promise<SessionUser> {
      const r = await api.post<MeReply>('/api/v1/auth/login', { username: phone, otp });
      setCsrfToken(r.csrfToken);
      qc.setQueryData(['me'], r.user);
      return r.user;
    },
    async logout() {
      try {
        await api.post('/api/v1/auth/logout');
      } finally {
        setCsrfToken(null);
        // Keep the 'me' query (its observers switch to the login page); drop everything else.
        qc.setQueryData(['me'], null);
        qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      }
    },
  };
}

/** Whether the user holds a permission in the community (or company-wide). */
export function can(user: SessionUser | null | undefined, permission: string, communityId?: string | null): boolean {
  if (!user) return false;
  if (user.companyWidePermissions.includes(permission)) return true;
  if (communityId) return (user.permissions[communityId] ?? []).includes(permission);
  return Object.values(user.permissions).some((ps) => ps.includes(permission));
}

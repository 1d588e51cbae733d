/** The caller's notification centre (GET /api/v1/notifications): list, unread count, mark read; live via 'notification.*' events. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';

export interface Notice {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export function useNotifications(limit = 20) {
  return useQuery({
    queryKey: ['notification', 'list', limit],
    retry: false,
    queryFn: () => api.get<{ items: Notice[]; unread: number }>('/api/v1/notifications', { limit }),
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/notifications/${id}/read`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['notification'] }),
  });
}

/** Server links → routes of this web app (console at /, owner app at /app). */
export function consoleTarget(link: string | null): string | null {
  if (!link) return null;
  let m = /^\/console\/work-orders\/([0-9a-f-]{36})/.exec(link);
  if (m) return `/work-orders?wo=${m[1]}`;
  if (link.startsWith('/console/requests/handover')) return '/desk';
  m = /^\/console\/requests\/([0-9a-f-]{36})/.exec(link);
  if (m) return `/work-orders?tab=requests&req=${m[1]}`;
  if (link.startsWith('/console/requests')) return '/work-orders?tab=requests';
  return link.startsWith('/console/') ? link.slice('/console'.length) : null;
}

export function ownerTarget(link: string | null): string | null {
  if (!link) return null;
  const m = /^\/app\/repairs\/([0-9a-f-]{36})/.exec(link);
  if (m) return `/repair/${m[1]}`;
  if (link.startsWith('/app/requests')) return '/repair';
  return null;
}

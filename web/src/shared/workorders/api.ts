/** Work-order and request API: types and TanStack hooks. Query keys start with 'workorder' / 'request' so live events refresh them. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, asPage, type Page } from '../api.ts';

export interface Deadline {
  kind: string;
  subjectType?: string;
  startedAt?: string;
  dueAt: string;
  metAt: string | null;
  cancelledAt?: string | null;
  paused?: boolean;
  pausedMs: number;
  breached: boolean;
  breachedAt?: string | null;
}

export interface HistoryEntry {
  action: string;
  from: string | null;
  to: string | null;
  actorId: string | null;
  /** Display name and role of the actor (owners masked); absent from older servers. */
  actorName?: string | null;
  actorRole?: { code: string; nameZh: string; nameEn: string } | null;
  at: string;
  data?: Record<string, unknown> | null;
}

export interface WorkOrder {
  id: string;
  formNo?: number;
  formNumber?: string;
  communityId: string;
  requestId: string | null;
  roomId: string | null;
  /** List rows carry the room's code (joined on the server). */
  roomCode?: string | null;
  location: string | null;
  type: string;
  urgency: string;
  scope: string;
  repairNow?: boolean;
  description: string;
  status: string;
  assigneeId: string | null;
  inPool?: boolean;
  etaAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** List rows: the next open clock (countdown), or null. */
  clock?: { kind: string; dueAt: string; paused: boolean; breached: boolean } | null;
}

export interface WorkOrderDetail extends WorkOrder {
  appointmentAt?: string | null;
  assignee: { id: string; name: string; phone: string | null } | null;
  photos?: string[];
  completionPhotos?: string[];
  signatureFileId?: string | null;
  waitReason?: string | null;
  waitNote?: string | null;
  summary?: string | null;
  satisfaction?: number | null;
  punctuality?: number | null;
  attitude?: number | null;
  ratingComment?: string | null;
  callbackFixed?: boolean | null;
  callbackSatisfaction?: number | null;
  operationRecord?: string | null;
  testReportFileId?: string | null;
  cancelReason?: string | null;
  quote?: { serviceItemId: string | null; quantity: number; laborFen: number; materials: { name: string; quantity: number; unitFen: number }[]; materialsFen: number; totalFen: number } | null;
  chargeFen?: number | null;
  arrivedAt?: string | null;
  supervision?: Supervision | null;
  history: HistoryEntry[];
  deadlines: Deadline[];
  actions: string[];
}

export interface Supervision {
  result: 'on_time' | 'late' | 'not_reached';
  lateMinutes: number | null;
  note: string | null;
  at: string;
  by: { id: string; name: string | null } | null;
}

export interface PendingSupervision {
  id: string;
  formNo: number;
  status: string;
  type: string;
  urgency: string;
  description: string;
  location: string;
  roomId: string | null;
  roomCode: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  promisedAt: string;
  arrivedAt: string | null;
}

export interface TechnicianLoad {
  id: string;
  name: string;
  phone: string | null;
  skills: string[];
  onDuty: boolean;
  shift: 'day' | 'night' | 'all' | null;
  openOrders: number;
  cap: number;
  atCap: boolean;
}

export interface Classification {
  category: string;
  urgency: string;
  matched: string[];
}

/** 待督导 of the community (workorder.supervise). */
export function usePendingSupervision(communityId: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: ['workorder', 'supervision', communityId],
    enabled: enabled && !!communityId,
    queryFn: async () => (await api.get<{ items: PendingSupervision[] }>('/api/v1/work-orders/supervision', { communityId })).items,
  });
}

/** The technicians of the community with skills, duty, open orders and cap (one call, server-side counts). */
export function useTechnicianLoads(communityId: string | null | undefined) {
  return useQuery({
    queryKey: ['workorder', 'technicians', communityId],
    enabled: !!communityId,
    queryFn: () => api.get<{ rosterKept: boolean; cap: number; items: TechnicianLoad[] }>('/api/v1/technicians', { communityId }),
  });
}

/** Classification of a text as the desk types it (nothing is saved); `text` should be debounced by the caller. */
export function useClassifyPreview(text: string) {
  const t = text.trim();
  return useQuery({
    queryKey: ['classify-preview', t],
    enabled: t.length >= 2,
    staleTime: Infinity,
    placeholderData: (prev: Classification | undefined) => prev,
    queryFn: () => api.post<Classification>('/api/v1/requests/classify', { text: t }),
  });
}

export interface RequestItem {
  id: string;
  communityId: string;
  roomId: string | null;
  roomCode?: string | null;
  location: string;
  channel: string;
  description: string;
  category: string;
  urgency: string;
  proposedCategory?: string;
  proposedUrgency?: string;
  matched?: string[];
  classification?: { category: string; urgency: string; matched: string[] };
  status: string;
  workOrderId: string | null;
  contactPhone?: string | null;
  contactPhoneMasked?: string | null;
  createdAt: string;
  deadlines?: Deadline[];
}

export interface Suggestion {
  userId: string;
  name: string;
  phone: string | null;
  skillMatch: boolean;
  onDuty: boolean;
  openOrders: number;
  atCap: boolean;
  score: number;
}

export interface WoFilters {
  communityId?: string | null;
  status?: string;
  assigneeId?: string;
  urgency?: string;
  pool?: boolean;
  /** Only orders with an open clock past its due time. */
  overdue?: boolean;
  limit?: number;
}

/** Matched words of a request, whichever shape the server gives them in. */
export const matchedOf = (r: RequestItem): string[] => r.classification?.matched ?? r.matched ?? [];

export function useWorkOrders(f: WoFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['workorder', 'list', f],
    enabled,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      asPage(await api.get<Page<WorkOrder>>('/api/v1/work-orders', { communityId: f.communityId, status: f.status, urgency: f.urgency, assigneeId: f.assigneeId, pool: f.pool, overdue: f.overdue || undefined, limit: f.limit ?? 50, cursor: pageParam })),
    getNextPageParam: (p) => p.nextCursor,
  });
}

export function useWorkOrder(id: string | null | undefined) {
  return useQuery({
    queryKey: ['workorder', 'detail', id],
    enabled: !!id,
    queryFn: () => api.get<WorkOrderDetail>(`/api/v1/work-orders/${id}`),
  });
}

export function useSuggestions(id: string | null | undefined) {
  return useQuery({
    queryKey: ['workorder', 'suggestions', id],
    enabled: !!id,
    queryFn: async () => (await api.get<{ items: Suggestion[] }>(`/api/v1/work-orders/${id}/suggestions`)).items,
  });
}

/** POST /work-orders/{id}/{action}; refreshes every work-order and request query. */
export function useWoAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: string; body?: Record<string, unknown> }) => api.post<WorkOrderDetail>(`/api/v1/work-orders/${id}/${action}`, body ?? {}),
    onSuccess: (wo) => {
      qc.setQueryData(['workorder', 'detail', wo.id], wo);
      void qc.invalidateQueries({ queryKey: ['workorder'] });
      void qc.invalidateQueries({ queryKey: ['request'] });
    },
  });
}

export function useRequests(f: { communityId?: string | null; status?: string; urgency?: string; limit?: number }, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['request', 'list', f],
    enabled: enabled && !!f.communityId,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => asPage(await api.get<Page<RequestItem>>('/api/v1/requests', { ...f, limit: f.limit ?? 30, cursor: pageParam })),
    getNextPageParam: (p) => p.nextCursor,
  });
}

export interface StaffUser {
  id: string;
  name: string;
  username?: string | null;
  skills?: string[];
  phone?: string | null;
  active?: boolean;
  roles?: { roleCode: string; communityId: string | null }[];
}

/** The community's staff (needs user.read; an empty list otherwise). */
function staffQuery(communityId: string | null | undefined) {
  return {
    queryKey: ['users', 'staff', communityId],
    enabled: !!communityId,
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: async (): Promise<StaffUser[]> => {
      try {
        return asPage(await api.get<Page<StaffUser>>('/api/v1/users', { communityId, limit: 500 })).items;
      } catch {
        return []; // no user.read: timelines fall back to "staff"
      }
    },
  };
}

/** id → name of the community's staff, for timelines and lists. */
export function useStaffNames(communityId: string | null | undefined) {
  return useQuery({ ...staffQuery(communityId), select: (list: StaffUser[]) => new Map(list.map((u) => [u.id, u.name])) });
}

/** The community's technicians (engineer role there). */
export function useTechnicians(communityId: string | null | undefined) {
  return useQuery({
    ...staffQuery(communityId),
    select: (list: StaffUser[]) => list.filter((u) => u.active !== false && (u.roles ?? []).some((r) => r.roleCode === 'engineer' && (r.communityId === communityId || r.communityId === null))),
  });
}

/** Uploads a blob (photo, signature PNG, report) to /api/v1/files; returns its id. */
export async function uploadFile(communityId: string, file: Blob, name: string): Promise<string> {
  const form = new FormData();
  form.append('communityId', communityId);
  form.append('file', file, name);
  const r = await api.upload<{ id: string }>('/api/v1/files', form);
  return r.id;
}

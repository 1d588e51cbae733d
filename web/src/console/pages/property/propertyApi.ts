/** Property API hooks: tree, rooms (cursor pages), room detail, parking, common areas, equipment. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, asPage, type Page } from '../../../shared/api.ts';

export interface EntranceNode {
  id: string;
  code: string;
  name: string;
  roomCount?: number;
}
export interface BuildingNode {
  id: string;
  code: string;
  name: string;
  kind?: string;
  roomCount?: number;
  entrances?: EntranceNode[];
}

export interface Room {
  id: string;
  communityId: string;
  code: string;
  buildingId: string;
  entranceId: string | null;
  floor: number;
  number: string;
  areaM2: number | string;
  indoorAreaM2: number | string | null;
  use: string;
  status: string;
}

export interface Occupant {
  personId?: string;
  name: string;
  relation: string;
  phone?: string;
}

export interface RoomDetail extends Room {
  buildingName?: string;
  buildingCode?: string;
  entranceName?: string | null;
  entranceCode?: string | null;
  occupants?: Occupant[];
}

export interface RoomFilters {
  q?: string;
  buildingId?: string;
  entranceId?: string;
  status?: string;
  use?: string;
}

type TreeReply = BuildingNode[] | { buildings: BuildingNode[] } | { items: BuildingNode[] };

function normaliseTree(data: TreeReply): BuildingNode[] {
  if (Array.isArray(data)) return data;
  if ('buildings' in data) return data.buildings ?? [];
  return data.items ?? [];
}

export function useTree(communityId: string | null) {
  return useQuery({
    queryKey: ['tree', communityId],
    enabled: !!communityId,
    queryFn: async () => normaliseTree(await api.get<TreeReply>(`/api/v1/communities/${communityId}/tree`)),
  });
}

export const PAGE_SIZE = 50;

export function useRooms(communityId: string | null, filters: RoomFilters) {
  return useInfiniteQuery({
    queryKey: ['rooms', communityId, filters],
    enabled: !!communityId,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      asPage(await api.get<Page<Room>>(`/api/v1/communities/${communityId}/rooms`, { ...filters, limit: PAGE_SIZE, cursor: pageParam ?? undefined })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useRoom(roomId: string | null) {
  return useQuery({
    queryKey: ['room', roomId],
    enabled: !!roomId,
    queryFn: async () => {
      const r = await api.get<RoomDetail | { room: RoomDetail; occupants?: Occupant[] }>(`/api/v1/rooms/${roomId}`);
      return 'room' in r ? { ...r.room, occupants: r.occupants ?? r.room.occupants } : r;
    },
  });
}

/** A simple list under /api/v1/communities/{id}/{resource} (parking-spaces, common-areas, equipment). */
export function useCommunityList<T>(resource: string, communityId: string | null, query: Record<string, string | undefined> = {}) {
  return useInfiniteQuery({
    queryKey: [resource, communityId, query],
    enabled: !!communityId,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      asPage(await api.get<Page<T> | T[]>(`/api/v1/communities/${communityId}/${resource}`, { ...query, limit: 100, cursor: pageParam ?? undefined })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A room's code from its id (cached per room; staff and owners may both read their rooms). */
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';

export function useRoomCode(id: string | null | undefined) {
  return useQuery({ queryKey: ['room', id], enabled: !!id, queryFn: () => api.get<{ code: string }>(`/api/v1/rooms/${id}`), staleTime: 10 * 60_000, retry: false });
}

export function RoomCode({ id }: { id: string }) {
  const q = useRoomCode(id);
  return <>{q.data?.code ?? '…'}</>;
}

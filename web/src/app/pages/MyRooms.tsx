/** 我的房屋: rooms from me.rooms, each loaded from GET /api/v1/rooms/{id}. */
import { ErrorBlock, List, Skeleton, Tag } from 'antd-mobile';
import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';
import { formatArea } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.tsx';
import type { SessionUser } from '../../shared/session.ts';

interface Room {
  id: string;
  code: string;
  floor: number;
  areaM2: number | string;
  use: string;
  status: string;
  communityId: string;
  entranceName?: string | null;
  buildingName?: string;
}

export function MyRooms({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  const communities = useQuery({
    queryKey: ['communities'],
    queryFn: async () => (await api.get<{ items: { id: string; name: string }[] }>('/api/v1/communities')).items,
    retry: false,
  });
  const results = useQueries({
    queries: user.rooms.map((r) => ({
      queryKey: ['room', r.roomId],
      queryFn: async () => {
        const d = await api.get<Room | { room: Room }>(`/api/v1/rooms/${r.roomId}`);
        return 'room' in d ? d.room : d;
      },
    })),
  });

  if (user.rooms.length === 0) return <ErrorBlock status="empty" title={t('noRooms')} description="" />;

  return (
    <List mode="card" data-testid="my-rooms">
      {user.rooms.map((link, i) => {
        const q = results[i];
        const room = q.data;
        if (q.isLoading) return <List.Item key={link.roomId}><Skeleton.Paragraph lineCount={2} animated /></List.Item>;
        if (q.error || !room)
          return (
            <List.Item key={link.roomId} description={q.error instanceof Error ? q.error.message : t('loadFailed')}>
              {t('room')}
            </List.Item>
          );
        return (
          <List.Item
            key={link.roomId}
            extra={<Tag color="primary" fill="outline">{t(`relation.${link.relation}`, link.relation)}</Tag>}
            description={
              <span className="owner-room-meta">
                {[communities.data?.find((c) => c.id === room.communityId)?.name, room.buildingName, room.entranceName, t('floorN').replace('{n}', String(room.floor))].filter(Boolean).join(' · ')} · {formatArea(room.areaM2)} · {t(`use.${room.use}`, room.use)}
              </span>
            }
          >
            <span data-testid="my-room-code" style={{ fontSize: 17, fontWeight: 600 }}>{room.code}</span>
          </List.Item>
        );
      })}
    </List>
  );
}

/** Room detail in a drawer: code, building, entrance, floor, areas, use, status, occupants. */
import { useEffect, useState } from 'react';
import { Button, Descriptions, Drawer, Empty, List, Skeleton, Tag } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { can, useSession } from '../../../shared/session.ts';
import { RoomEditForm } from './RoomEditForm.tsx';
import { useI18n } from '../../../shared/i18n.tsx';
import { formatArea } from '../../../shared/format.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useRoom, useTree } from './propertyApi.ts';
import { StatusTag } from './RoomTags.tsx';

export function RoomDetailDrawer({ roomId, communityId, onClose }: { roomId: string | null; communityId: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const room = useRoom(roomId);
  const tree = useTree(communityId);
  const r = room.data;
  const { data: user } = useSession();
  const [editing, setEditing] = useState(false);
  useEffect(() => setEditing(false), [roomId]);
  const mayEdit = can(user, 'property.manage', communityId);
  const building = tree.data?.find((b) => b.id === r?.buildingId);
  const entrance = building?.entrances?.find((e) => e.id === r?.entranceId);

  return (
    <Drawer open={!!roomId} onClose={onClose} size={480} title={r ? `${t('roomDetail')} · ${r.code}` : t('roomDetail')} destroyOnHidden data-testid="room-detail"
      extra={r && mayEdit && !editing ? <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('edit')}</Button> : null}
    >
      {room.error ? <ErrorAlert error={room.error} onRetry={() => void room.refetch()} /> : null}
      {room.isLoading || !r ? (
        room.error ? null : <Skeleton active />
      ) : editing ? (
        <RoomEditForm room={r} onDone={() => setEditing(false)} />
      ) : (
        <>
          <Descriptions column={1} bordered size="small" styles={{ label: { width: 120 } }}>
            <Descriptions.Item label={t('roomCode')}>
              <strong data-testid="room-detail-code">{r.code}</strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('building')}>{r.buildingName ?? building?.name ?? r.buildingCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('entrance')}>{r.entranceName ?? entrance?.name ?? r.entranceCode ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('floor')}>{r.floor}</Descriptions.Item>
            <Descriptions.Item label={t('number')}>{r.number}</Descriptions.Item>
            <Descriptions.Item label={t('areaM2')}>{formatArea(r.areaM2)}</Descriptions.Item>
            <Descriptions.Item label={t('indoorAreaM2')}>{formatArea(r.indoorAreaM2)}</Descriptions.Item>
            <Descriptions.Item label={t('use')}>{t(`use.${r.use}`, r.use)}</Descriptions.Item>
            <Descriptions.Item label={t('status')}>
              <StatusTag status={r.status} />
            </Descriptions.Item>
          </Descriptions>
          <h3 style={{ margin: '16px 0 8px', fontSize: 15 }}>{t('occupants')}</h3>
          {r.occupants && r.occupants.length > 0 ? (
            <List
              size="small"
              bordered
              dataSource={r.occupants}
              renderItem={(o) => (
                <List.Item>
                  <span>{o.name}</span>
                  <Tag>{t(`relation.${o.relation}`, o.relation)}</Tag>
                </List.Item>
              )}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} />
          )}
        </>
      )}
    </Drawer>
  );
}

/** 房屋: building/entrance tree on the left, rooms table on the right with code search, filters, load more, export. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Input, Select, Table, Typography, type InputRef } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../shared/i18n.tsx';
import { download } from '../../../shared/api.ts';
import { formatArea } from '../../../shared/format.ts';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useSlashFocus } from '../../ui/useSlashFocus.ts';
import { BuildingTree, type TreeSelection } from './BuildingTree.tsx';
import { RoomDetailDrawer } from './RoomDetailDrawer.tsx';
import { ROOM_STATUSES, ROOM_USES, StatusTag } from './RoomTags.tsx';
import { useRooms, type Room } from './propertyApi.ts';

export function RoomsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const [params, setParams] = useSearchParams();
  const [place, setPlace] = useState<TreeSelection>({});
  const [status, setStatus] = useState<string>();
  const [use, setUse] = useState<string>();
  const [text, setText] = useState(params.get('q') ?? '');
  const [q, setQ] = useState(params.get('q') ?? '');
  const searchRef = useRef<InputRef>(null);
  useSlashFocus(searchRef);
  const roomId = params.get('room');

  // A different community: start over.
  useEffect(() => {
    setPlace({});
  }, [communityId]);

  const filters = useMemo(() => ({ q: q || undefined, status, use, ...place }), [q, status, use, place]);
  const rooms = useRooms(communityId, filters);
  const items = useMemo(() => rooms.data?.pages.flatMap((p) => p.items) ?? [], [rooms.data]);

  const openRoom = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('room', id);
    else next.delete('room');
    setParams(next, { replace: !id });
  };

  // Enter on an exact code opens that room straight away.
  useEffect(() => {
    if (!q || rooms.isFetching) return;
    const exact = items.find((r) => r.code === q);
    if (exact && items.length === 1 && !roomId) openRoom(exact.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, rooms.isFetching]);

  const columns = [
    { title: t('roomCode'), dataIndex: 'code', key: 'code', width: 130, render: (v: string) => <Typography.Link>{v}</Typography.Link> },
    { title: t('floor'), dataIndex: 'floor', key: 'floor', width: 70 },
    { title: t('areaM2'), dataIndex: 'areaM2', key: 'areaM2', width: 120, align: 'right' as const, render: (v: Room['areaM2']) => formatArea(v) },
    { title: t('indoorAreaM2'), dataIndex: 'indoorAreaM2', key: 'indoorAreaM2', width: 120, align: 'right' as const, render: (v: Room['indoorAreaM2']) => formatArea(v) },
    { title: t('use'), dataIndex: 'use', key: 'use', width: 100, render: (v: string) => t(`use.${v}`, v) },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 100, render: (v: string) => <StatusTag status={v} /> },
  ];

  async function exportRooms() {
    try {
      await download(`/api/v1/communities/${communityId}/rooms/export`, { ...filters }, 'rooms.xlsx');
      message.success(t('exportStarted'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div>
      <h1 className="pms-page-title">{t('rooms')}</h1>
      <div className="pms-split">
        <BuildingTree communityId={communityId} value={place} onChange={setPlace} />
        <Card size="small">
          <div className="pms-toolbar">
            <Input.Search
              ref={searchRef}
              data-testid="room-search"
              allowClear
              style={{ width: 320 }}
              placeholder={t('searchRoom')}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                if (!e.target.value) setQ('');
              }}
              onSearch={(v) => {
                const code = v.trim();
                const exact = items.find((r) => r.code === code);
                if (code === q && exact) openRoom(exact.id);
                setQ(code);
              }}
              enterButton={t('search')}
              suffix={<span className="pms-kbd" title={t('slashHint')}>/</span>}
            />
            <Select allowClear style={{ width: 130 }} placeholder={t('status')} value={status} onChange={setStatus} options={ROOM_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
            <Select allowClear style={{ width: 130 }} placeholder={t('use')} value={use} onChange={setUse} options={ROOM_USES.map((s) => ({ value: s, label: t(`use.${s}`) }))} />
            <div style={{ flex: 1 }} />
            {can(user, 'export.run', communityId) && (
              <Button icon={<DownloadOutlined />} onClick={exportRooms} disabled={!communityId}>
                {t('export')}
              </Button>
            )}
          </div>
          {rooms.error ? <ErrorAlert error={rooms.error} onRetry={() => void rooms.refetch()} /> : null}
          <Table<Room>
            data-testid="rooms-table"
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={items}
            loading={rooms.isLoading}
            pagination={false}
            locale={{ emptyText: q ? t('notFoundRoom') : t('empty') }}
            onRow={(r) => ({ onClick: () => openRoom(r.id), style: { cursor: 'pointer' } })}
            sticky
          />
          <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginTop: 12 }}>
            <Typography.Text type="secondary">
              {t('shown')} {items.length}
            </Typography.Text>
            {rooms.hasNextPage ? (
              <Button onClick={() => void rooms.fetchNextPage()} loading={rooms.isFetchingNextPage} data-testid="load-more">
                {t('loadMore')}
              </Button>
            ) : items.length > 0 ? (
              <Typography.Text type="secondary">{t('noMore')}</Typography.Text>
            ) : null}
          </div>
        </Card>
      </div>
      <RoomDetailDrawer roomId={roomId} communityId={communityId} onClose={() => openRoom(null)} />
    </div>
  );
}

/** 报事列表: status / urgency filters, load more; a routed request opens its work order. */
import { useMemo, useState } from 'react';
import { Button, Select, Table, Typography } from 'antd';
import { formatDateTime } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { matchedOf, useRequests, type RequestItem } from '../../../shared/workorders/api.ts';
import { URGENCIES, useWoText } from '../../../shared/workorders/labels.ts';
import { CategoryTag, StatusTag, UrgencyTag } from '../../modules/workorders/Tags.tsx';

const STATUSES = ['open', 'routed', 'resolved', 'closed', 'cancelled'];

export function RequestTable({ communityId, onOpen, onOpenWorkOrder }: { communityId: string | null; onOpen: (id: string) => void; onOpenWorkOrder: (id: string) => void }) {
  const w = useWoText();
  const { t } = useI18n();
  const [status, setStatus] = useState<string>();
  const [urgency, setUrgency] = useState<string>();
  const q = useRequests({ communityId, status, urgency, limit: 50 });
  const items = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  const columns = [
    { title: w('createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 100, render: (v: string) => <StatusTag status={v} request /> },
    { title: w('urgency'), dataIndex: 'urgency', key: 'urgency', width: 80, render: (v: string) => <UrgencyTag urgency={v} /> },
    { title: w('category'), dataIndex: 'category', key: 'category', width: 90, render: (v: string) => <CategoryTag category={v} /> },
    { title: w('channel'), dataIndex: 'channel', key: 'channel', width: 90, render: (v: string) => w(`channel.${v}`, v) },
    { title: w('location'), key: 'where', width: 130, render: (_: unknown, r: RequestItem) => r.roomCode ?? (r.location || '—') },
    { title: w('description'), dataIndex: 'description', key: 'description', ellipsis: true },
    { title: w('matchedWords'), key: 'matched', width: 140, render: (_: unknown, r: RequestItem) => matchedOf(r).join('、') || '—' },
    {
      title: w('workOrder'),
      dataIndex: 'workOrderId',
      key: 'wo',
      width: 90,
      render: (v: string | null) =>
        v ? (
          <Typography.Link
            onClick={(e) => {
              e.stopPropagation();
              onOpenWorkOrder(v);
            }}
          >
            {w('workOrder')} →
          </Typography.Link>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <div>
      <div className="pms-toolbar">
        <Select allowClear style={{ width: 140 }} placeholder={t('status')} value={status} onChange={setStatus} options={STATUSES.map((s) => ({ value: s, label: w(`rstatus.${s}`) }))} />
        <Select allowClear style={{ width: 120 }} placeholder={w('urgency')} value={urgency} onChange={setUrgency} options={URGENCIES.map((u) => ({ value: u, label: w(`urgency.${u}`) }))} />
      </div>
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Table<RequestItem> data-testid="request-table" rowKey="id" size="small" columns={columns} dataSource={items} loading={q.isLoading} pagination={false} sticky onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })} />
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginTop: 12 }}>
        <Typography.Text type="secondary">
          {t('shown')} {items.length}
        </Typography.Text>
        {q.hasNextPage ? (
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {t('loadMore')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

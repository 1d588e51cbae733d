/** Work-order list with status / urgency / assignee / overdue filters, each row's next clock counting down, cursor "load more"; live via the layout's SSE. */
import { useMemo, useState } from 'react';
import { Button, Checkbox, Select, Table, Typography } from 'antd';
import { formatDateTime } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { useSession } from '../../../shared/session.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useStaffNames, useWorkOrders, type WorkOrder } from '../../../shared/workorders/api.ts';
import { OPEN_STATUSES, URGENCIES, WO_STATUSES, useWoText } from '../../../shared/workorders/labels.ts';
import { CategoryTag, StatusTag, UrgencyTag } from '../../modules/workorders/Tags.tsx';
import { ClockCountdown } from '../../modules/workorders/ClockCountdown.tsx';
import { rowDeadline } from '../../../shared/workorders/clock.ts';

export function WorkOrderTable({ communityId, onOpen }: { communityId: string | null; onOpen: (id: string) => void }) {
  const w = useWoText();
  const { t } = useI18n();
  const { data: user } = useSession();
  const [statuses, setStatuses] = useState<string[]>(OPEN_STATUSES);
  const [urgency, setUrgency] = useState<string>();
  const [assigneeId, setAssigneeId] = useState<string>();
  const names = useStaffNames(communityId);
  const [overdue, setOverdue] = useState(false);
  const q = useWorkOrders({ communityId, status: statuses.join(',') || undefined, urgency, assigneeId, overdue }, !!communityId);
  const items = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  const staffOptions = useMemo(() => [...(names.data ?? new Map()).entries()].map(([value, label]) => ({ value, label })), [names.data]);

  const columns = [
    { title: w('formNumber'), dataIndex: 'formNo', key: 'formNo', width: 90, render: (v: number) => <Typography.Link>{String(v ?? '').padStart(6, '0')}</Typography.Link> },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 100, render: (v: string) => <StatusTag status={v} /> },
    { title: w('urgency'), dataIndex: 'urgency', key: 'urgency', width: 80, render: (v: string) => <UrgencyTag urgency={v} /> },
    { title: w('type'), dataIndex: 'type', key: 'type', width: 90, render: (v: string) => <CategoryTag category={v} /> },
    { title: w('description'), dataIndex: 'description', key: 'description', ellipsis: true },
    { title: w('location'), key: 'location', width: 140, ellipsis: true, render: (_: unknown, r: WorkOrder) => r.roomCode ?? (r.location || '—') },
    { title: w('assignee'), dataIndex: 'assigneeId', key: 'assigneeId', width: 100, render: (v: string | null) => (v ? (names.data?.get(v) ?? '…') : '—') },
    {
      title: w('deadlines'),
      dataIndex: 'clock',
      key: 'clock',
      width: 170,
      render: (c: WorkOrder['clock']) => (c ? <ClockCountdown deadline={rowDeadline(c)} /> : '—'),
    },
    { title: w('eta'), dataIndex: 'etaAt', key: 'etaAt', width: 140, render: (v: string | null) => formatDateTime(v) },
    { title: w('createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <div>
      <div className="pms-toolbar">
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          style={{ minWidth: 280, maxWidth: 420 }}
          placeholder={t('status')}
          value={statuses}
          onChange={setStatuses}
          options={WO_STATUSES.map((s) => ({ value: s, label: w(`status.${s}`) }))}
          data-testid="wo-filter-status"
        />
        <Select allowClear style={{ width: 120 }} placeholder={w('urgency')} value={urgency} onChange={setUrgency} options={URGENCIES.map((u) => ({ value: u, label: w(`urgency.${u}`) }))} data-testid="wo-filter-urgency" />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 160 }}
          placeholder={w('assignee')}
          value={assigneeId}
          onChange={setAssigneeId}
          options={[...(user ? [{ value: user.id, label: `${w('mine')}（${user.name}）` }] : []), ...staffOptions.filter((o) => o.value !== user?.id)]}
          data-testid="wo-filter-assignee"
        />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)} data-testid="wo-filter-overdue">
          {w('overdueOnly')}
        </Checkbox>
        <Button onClick={() => setStatuses([])}>{w('all')}</Button>
      </div>
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Table<WorkOrder>
        data-testid="wo-table"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={q.isLoading}
        pagination={false}
        onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' }, 'data-testid': 'wo-row' }) as never}
        rowClassName={(r) => (r.urgency === 'emergency' ? 'wo-row-emergency' : '')}
        sticky
      />
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginTop: 12 }}>
        <Typography.Text type="secondary">
          {t('shown')} {items.length}
        </Typography.Text>
        {q.hasNextPage ? (
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {t('loadMore')}
          </Button>
        ) : items.length > 0 ? (
          <Typography.Text type="secondary">{t('noMore')}</Typography.Text>
        ) : null}
      </div>
    </div>
  );
}

/** 待督导 (R-WO-7): orders whose appointment / ETA has passed, not yet confirmed with the owner; oldest promise first. */
import { Alert, Button, Table, Typography } from 'antd';
import { formatDateTime } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { usePendingSupervision, type PendingSupervision } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { CategoryTag, StatusTag, UrgencyTag } from '../../modules/workorders/Tags.tsx';
import { formatSpan, useNow } from '../../../shared/workorders/useNow.ts';

export function SupervisionTable({ communityId, onOpen }: { communityId: string | null; onOpen: (id: string) => void }) {
  const w = useWoText();
  const { t, lang } = useI18n();
  const now = useNow(60_000);
  const q = usePendingSupervision(communityId);
  const since = (r: PendingSupervision) => formatSpan(Math.max(0, now - Date.parse(r.promisedAt)), lang);
  const columns = [
    { title: w('sup.promisedAt'), dataIndex: 'promisedAt', key: 'promisedAt', width: 150, render: (v: string, r: PendingSupervision) => (
      <span>
        {formatDateTime(v)}
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>+{since(r)}</Typography.Text>
      </span>
    ) },
    { title: w('formNumber'), dataIndex: 'formNo', key: 'formNo', width: 80, render: (v: number) => `No.${v}` },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 100, render: (v: string) => <StatusTag status={v} /> },
    { title: w('urgency'), dataIndex: 'urgency', key: 'urgency', width: 80, render: (v: string) => <UrgencyTag urgency={v} /> },
    { title: w('type'), dataIndex: 'type', key: 'type', width: 90, render: (v: string) => <CategoryTag category={v} /> },
    { title: w('location'), key: 'where', width: 120, render: (_: unknown, r: PendingSupervision) => r.roomCode ?? (r.location || '—') },
    { title: w('description'), dataIndex: 'description', key: 'description', ellipsis: true },
    { title: w('assignee'), dataIndex: 'assigneeName', key: 'assignee', width: 100, render: (v: string | null) => v ?? '—' },
    {
      title: '',
      key: 'act',
      width: 90,
      render: (_: unknown, r: PendingSupervision) => (
        <Button size="small" type="primary" data-testid="sup-open" onClick={(e) => (e.stopPropagation(), onOpen(r.id))}>
          {w('action.supervise')}
        </Button>
      ),
    },
  ];
  return (
    <div>
      <Alert type="info" showIcon title={w('sup.hint')} style={{ marginBottom: 12 }} />
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Table<PendingSupervision>
        data-testid="supervision-table"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={q.data ?? []}
        loading={q.isLoading}
        pagination={false}
        locale={{ emptyText: w('sup.none') }}
        onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
      />
    </div>
  );
}

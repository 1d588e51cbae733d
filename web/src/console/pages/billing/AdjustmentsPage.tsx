/**
 * 退款/冲正审批 (R-FEE-4): the community's refund and reversal requests with their reasons;
 * someone with payment.approve who is not the requester approves or rejects. The server
 * refuses self-approval (APPROVER_MUST_DIFFER); the page says so before anyone tries.
 */
import { useState } from 'react';
import { Alert, Button, Card, Popconfirm, Segmented, Space, Table, Tag, Tooltip, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { BillingNav } from './BillingNav.tsx';
import { ActionError } from './ActionError.tsx';
import { useBillingText } from './billingText.ts';
import type { Adjustment } from './billingApi.ts';

const COLOR: Record<string, string> = { requested: 'gold', approved: 'green', rejected: 'default' };

export function AdjustmentsPage() {
  const b = useBillingText();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<'requested' | 'all'>('requested');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = useQuery({
    queryKey: ['billing', 'adjustments', communityId, filter],
    enabled: !!communityId,
    queryFn: () => api.get<{ items: Adjustment[] }>('/api/v1/billing/adjustments', { communityId, status: filter === 'all' ? undefined : 'requested' }),
  });
  if (!communityId) return null;
  const mayApprove = can(user, 'payment.approve', communityId);

  async function decide(a: Adjustment, action: 'approve' | 'reject') {
    setBusy(a.id);
    setError(null);
    try {
      await api.post(`/api/v1/payment-adjustments/${a.id}/${action}`);
      void message.success(b(action === 'approve' ? 'as_approved' : 'as_rejected'));
      void qc.invalidateQueries({ queryKey: ['billing'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div>
      <h2 className="pms-page-title">{b('adjTitle')}</h2>
      <BillingNav />
      {!mayApprove && <Alert type="info" showIcon title={b('noApprovePerm')} style={{ marginBottom: 12 }} />}
      <Card
        size="small"
        title={
          <Segmented
            value={filter}
            onChange={(v) => setFilter(v as 'requested' | 'all')}
            options={[
              { value: 'requested', label: b('filterPending') },
              { value: 'all', label: b('filterAll') },
            ]}
          />
        }
        extra={<Button size="small" onClick={() => void list.refetch()}>{b('refresh')}</Button>}
      >
        <ErrorAlert error={list.error} />
        <ActionError error={error} />
        <Table<Adjustment>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: b('kind'), dataIndex: 'kind', width: 100, render: (k: string) => <Tag color={k === 'reversal' ? 'volcano' : 'blue'}>{b(`k_${k}`)}</Tag> },
            { title: b('roomCode'), dataIndex: 'roomCode', width: 110, render: (v: string, a) => <Link to={`/fees/payments?room=${a.roomId}&code=${encodeURIComponent(v)}`}>{v}</Link> },
            { title: b('payment'), render: (_, a) => (a.receiptNo ? `${a.receiptNo} · ${b(`m_${a.method}`)}` : '—') },
            { title: b('amount'), dataIndex: 'amountFen', align: 'right', render: formatFen },
            { title: b('reason'), dataIndex: 'reason', ellipsis: true },
            { title: b('requestedBy'), render: (_, a) => <span>{a.requestedByName}<br /><small style={{ color: '#999' }}>{formatDateTime(a.createdAt)}</small></span> },
            { title: b('status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={COLOR[s]}>{b(`as_${s}`)}</Tag> },
            { title: b('decidedBy'), render: (_, a) => (a.decidedByName ? <span>{a.decidedByName}<br /><small style={{ color: '#999' }}>{formatDateTime(a.decidedAt)}</small></span> : '—') },
            {
              title: b('actions'),
              width: 200,
              render: (_, a) => {
                if (a.status !== 'requested') return null;
                const own = a.requestedBy === user?.id;
                const why = !mayApprove ? b('noApprovePerm') : own ? b('ownRequest') : null;
                return (
                  <div data-testid={`adj-actions-${a.roomCode}`}>
                    <Space size={4}>
                      <Tooltip title={why}>
                        <Popconfirm title={b('approveConfirm')} onConfirm={() => void decide(a, 'approve')} okText={b('approve')} cancelText={b('cancel')} disabled={!!why} okButtonProps={{ 'data-testid': 'adj-approve-ok' } as never}>
                          <Button size="small" type="primary" disabled={!!why} loading={busy === a.id} data-testid="adj-approve">
                            {b('approve')}
                          </Button>
                        </Popconfirm>
                      </Tooltip>
                      <Tooltip title={why}>
                        <Button size="small" danger disabled={!!why} onClick={() => void decide(a, 'reject')} data-testid="adj-reject">
                          {b('reject')}
                        </Button>
                      </Tooltip>
                    </Space>
                    {own && <div className="billing-hint">{b('ownRequest')}</div>}
                  </div>
                );
              },
            },
          ]}
          data-testid="adj-table"
        />
      </Card>
    </div>
  );
}

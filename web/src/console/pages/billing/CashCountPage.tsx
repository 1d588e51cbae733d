/** 资金盘点 (R-FEE-5): per business day, each cashier's expected cash (from the ledger), the count and the variance. */
import { useState } from 'react';
import { Button, Card, Col, DatePicker, Form, Input, Row, Table, Tag, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { formatFen } from '../../../shared/format.ts';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { BillingNav } from './BillingNav.tsx';
import { ActionError } from './ActionError.tsx';
import { useBillingText } from './billingText.ts';
import { shanghaiToday, yuanToFen, type Staff } from './billingApi.ts';

/** takenFen / refundedFen: cash taken and cash refunds paid out that day (when the server reports them). */
interface Row_ { cashierId: string; expectedFen: number; takenFen?: number; refundedFen?: number; payments: number; countedFen: number | null; varianceFen: number | null; note: string | null }

export function CashCountPage() {
  const b = useBillingText();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const qc = useQueryClient();
  const [day, setDay] = useState<Dayjs>(() => dayjs(shanghaiToday()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ counted: string; note?: string }>();
  const d = day.format('YYYY-MM-DD');
  const mayReport = can(user, 'finance.report', communityId);
  const mayCollect = can(user, 'payment.collect', communityId);
  const list = useQuery({ queryKey: ['billing', 'cash-counts', communityId, d], enabled: !!communityId && mayReport, queryFn: () => api.get<{ items: Row_[] }>('/api/v1/billing/cash-counts', { communityId, day: d }) });
  const staff = useQuery({ queryKey: ['billing', 'staff', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: Staff[] }>('/api/v1/billing/staff', { communityId }) });
  if (!communityId) return null;
  const name = (id: string) => staff.data?.items.find((s) => s.id === id)?.name ?? id.slice(0, 8);

  async function record(v: { counted: string; note?: string }) {
    const fen = yuanToFen(v.counted);
    if (fen === null) {
      setError(new Error(b('amountInvalid')));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/billing/cash-counts', { communityId, day: d, countedFen: fen, ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      void message.success(b('saved'));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['billing', 'cash-counts'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <h2 className="pms-page-title">{b('ccTitle')}</h2>
      <BillingNav />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small" title={<span>{b('day')} <DatePicker value={day} allowClear={false} onChange={(v) => v && setDay(v)} style={{ marginLeft: 8 }} /></span>} style={{ marginBottom: 16 }}>
            <ErrorAlert error={list.error} />
            <Table<Row_>
              size="small"
              rowKey="cashierId"
              loading={list.isLoading}
              dataSource={list.data?.items ?? []}
              pagination={false}
              columns={[
                { title: b('cashier'), dataIndex: 'cashierId', render: name },
                { title: b('payments'), dataIndex: 'payments', align: 'right' },
                { title: b('cashTaken'), dataIndex: 'takenFen', align: 'right', render: (v?: number) => (v === undefined ? '—' : formatFen(v)) },
                { title: b('cashRefunded'), dataIndex: 'refundedFen', align: 'right', render: (v?: number) => (v === undefined ? '—' : v ? `-${formatFen(v)}` : formatFen(0)) },
                { title: b('expected'), dataIndex: 'expectedFen', align: 'right', render: (v: number) => <b>{formatFen(v)}</b> },
                { title: b('counted'), dataIndex: 'countedFen', align: 'right', render: (v: number | null) => (v === null ? <Tag>{b('notCounted')}</Tag> : formatFen(v)) },
                {
                  title: b('variance'),
                  align: 'right',
                  // Against the expected cash now; if cash moved after the count, the recorded variance is shown too.
                  render: (_, r) => {
                    if (r.countedFen === null) return '—';
                    const v = r.countedFen - r.expectedFen;
                    return (
                      <span>
                        {v === 0 ? <Tag color="green">{b('balanced')}</Tag> : <b style={{ color: '#cf1322' }}>{v > 0 ? '+' : ''}{formatFen(v)}</b>}
                        {r.varianceFen !== null && r.varianceFen !== v && <div className="billing-hint">{b('varianceAtCount', { v: formatFen(r.varianceFen) })}</div>}
                      </span>
                    );
                  },
                },
                { title: b('note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
              ]}
              data-testid="cash-counts"
            />
          </Card>
        </Col>
        {mayCollect && (
          <Col xs={24} xl={8}>
            <Card size="small" title={`${b('myCount')} · ${d}`}>
              <Form form={form} layout="vertical" onFinish={(v) => void record(v)}>
                <Form.Item name="counted" label={b('countedYuan')} rules={[{ required: true }]}>
                  <Input prefix="¥" data-testid="cash-counted" />
                </Form.Item>
                <Form.Item name="note" label={b('note')}>
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
                <ActionError error={error} />
                <Button type="primary" htmlType="submit" loading={busy} data-testid="cash-submit">
                  {b('submit')}
                </Button>
              </Form>
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}

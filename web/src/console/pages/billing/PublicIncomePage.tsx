/**
 * 公共收益 (R-FEE-7, R-LAW-2): the separate ledger of income from common parts (advertising,
 * venues …) and its expenses, and publication of a period to the owners.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Popconfirm, Row, Select, Space, Statistic, Table, Tag, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { BillingNav } from './BillingNav.tsx';
import { ActionError } from './ActionError.tsx';
import { useBillingText } from './billingText.ts';
import { shanghaiToday, yuanToFen } from './billingApi.ts';

interface Entry { id: string; category: string; amountFen: number; occurredOn: string; description: string; createdAt: string }
interface Publication { id: string; fromDay: string; toDay: string; incomeFen: number; expenseFen: number; publishedAt: string }
const CATEGORIES = ['advertising', 'venue', 'parking', 'other_income', 'expense'] as const;

export function PublicIncomePage() {
  const b = useBillingText();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ category: string; amount: string; occurredOn: Dayjs; description: string }>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => {
    // Last month (the usual one to publish) through today, so what was just entered shows too.
    const today = dayjs(shanghaiToday());
    return [today.subtract(1, 'month').startOf('month'), today];
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const data = useQuery({ queryKey: ['billing', 'public-income', communityId], enabled: !!communityId, queryFn: () => api.get<{ entries: Entry[]; publications: Publication[] }>('/api/v1/public-income', { communityId }) });
  const [from, to] = [range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')];
  const inRange = useMemo(() => (data.data?.entries ?? []).filter((e) => e.occurredOn >= from && e.occurredOn <= to), [data.data, from, to]);
  const income = inRange.filter((e) => e.amountFen > 0).reduce((s, e) => s + e.amountFen, 0);
  const expense = -inRange.filter((e) => e.amountFen < 0).reduce((s, e) => s + e.amountFen, 0);
  const published = (day: string) => (data.data?.publications ?? []).some((p) => p.fromDay <= day && day <= p.toDay);
  if (!communityId) return null;
  const mayManage = can(user, 'publicincome.manage', communityId);

  async function add(v: { category: string; amount: string; occurredOn: Dayjs; description: string }) {
    const fen = yuanToFen(v.amount);
    if (!fen) {
      setError(new Error(b('amountInvalid')));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/public-income', { communityId, category: v.category, amountFen: fen, occurredOn: v.occurredOn.format('YYYY-MM-DD'), description: v.description.trim() });
      form.resetFields(['amount', 'description']);
      void qc.invalidateQueries({ queryKey: ['billing', 'public-income'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function publish() {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/public-income/publications', { communityId, fromDay: from, toDay: to });
      void message.success(b('published'));
      void qc.invalidateQueries({ queryKey: ['billing', 'public-income'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <h2 className="pms-page-title">{b('piTitle')}</h2>
      <BillingNav />
      <Alert type="info" showIcon title={b('piIntro')} style={{ marginBottom: 12 }} />
      <ErrorAlert error={data.error} />
      <ActionError error={error} />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            style={{ marginBottom: 16 }}
            title={
              <Space>
                <span>{b('publishRange')}</span>
                <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
              </Space>
            }
            extra={
              mayManage && (
                <Popconfirm title={b('publishConfirm')} onConfirm={() => void publish()} okText={b('publish')} cancelText={b('cancel')}>
                  <Button type="primary" loading={busy} data-testid="pi-publish">
                    {b('publish')}
                  </Button>
                </Popconfirm>
              )
            }
          >
            <Space size={40} style={{ marginBottom: 12 }}>
              <Statistic title={b('income')} value={formatFen(income)} valueStyle={{ color: '#389e0d' }} />
              <Statistic title={b('expense')} value={formatFen(expense)} valueStyle={{ color: '#cf1322' }} />
              <Statistic title={b('net')} value={formatFen(income - expense)} />
            </Space>
            <Table<Entry>
              size="small"
              rowKey="id"
              loading={data.isLoading}
              dataSource={inRange}
              pagination={{ pageSize: 15, hideOnSinglePage: true }}
              columns={[
                { title: b('occurredOn'), dataIndex: 'occurredOn', width: 110 },
                { title: b('category'), dataIndex: 'category', width: 110, render: (c: string) => <Tag color={c === 'expense' ? 'red' : 'green'}>{b(`c_${c}`)}</Tag> },
                { title: b('description'), dataIndex: 'description' },
                { title: b('amount'), dataIndex: 'amountFen', align: 'right', render: formatFen, width: 130 },
                { title: b('status'), width: 90, render: (_, e) => (published(e.occurredOn) ? <Tag color="blue">{b('published')}</Tag> : null) },
              ]}
              data-testid="pi-entries"
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          {mayManage && (
            <Card size="small" title={b('addEntry')} style={{ marginBottom: 16 }}>
              <Form form={form} layout="vertical" initialValues={{ category: 'advertising', occurredOn: dayjs(shanghaiToday()) }} onFinish={(v) => void add(v)}>
                <Form.Item name="category" label={b('category')}>
                  <Select options={CATEGORIES.map((c) => ({ value: c, label: b(`c_${c}`) }))} />
                </Form.Item>
                <Form.Item name="amount" label={b('amountYuan')} rules={[{ required: true }]}>
                  <Input prefix="¥" data-testid="pi-amount" />
                </Form.Item>
                <Form.Item name="occurredOn" label={b('occurredOn')} rules={[{ required: true }]}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="description" label={b('description')} rules={[{ required: true, min: 2 }]}>
                  <Input maxLength={500} data-testid="pi-description" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="pi-add">
                  {b('addEntry')}
                </Button>
              </Form>
            </Card>
          )}
          <Card size="small" title={b('publications')}>
            <Table<Publication>
              size="small"
              rowKey="id"
              dataSource={data.data?.publications ?? []}
              pagination={false}
              columns={[
                { title: b('publishRange'), render: (_, p) => `${p.fromDay} ~ ${p.toDay}` },
                { title: b('net'), align: 'right', render: (_, p) => formatFen(p.incomeFen - p.expenseFen) },
                { title: b('publishedAt'), dataIndex: 'publishedAt', render: formatDateTime },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

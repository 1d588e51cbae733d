/**
 * 报表 (R-FEE-8): collection rate by community / building / month with its trend, the monthly
 * fee report, income by fee item from the ledger; each with an Excel export.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Row, Segmented, Space, Table, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api, download } from '../../../shared/api.ts';
import { formatFen } from '../../../shared/format.ts';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { TrendChart, type TrendSeries } from '../../ui/TrendChart.tsx';
import { BillingNav } from './BillingNav.tsx';
import { useBillingText } from './billingText.ts';
import { formatBp, monthOf, shanghaiToday } from './billingApi.ts';

interface Point { period: string; key: string; label: string; billedFen: number; paidFen: number; lines: number; rateBp: number | null }
interface Rate { key: string; label: string; billedFen: number; paidFen: number; lines: number; rateBp: number | null }
interface Monthly { period: string; items: Array<{ code: string; name: string; billedFen: number; paidFen: number; arrearsFen: number; lines: number; rooms: number }>; receivedFen: number; refundedFen: number }
interface Income { items: Array<{ code: string; name: string; amountFen: number; bills: number }>; prepaidFen: number; cashFen: number }

const pct = (bp: number | null) => (bp === null ? null : bp / 100); // chart display only
const rateOf = (billed: number, paid: number) => (billed ? Math.floor((paid * 10000) / billed) : null);

export function ReportsPage() {
  const b = useBillingText();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const today = shanghaiToday();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(`${monthOf(today, -11)}-01`), dayjs(`${monthOf(today)}-01`)]);
  const [groupBy, setGroupBy] = useState<'community' | 'building'>('community');
  const [period, setPeriod] = useState<Dayjs>(() => dayjs(`${monthOf(today, -1)}-01`));
  const [days, setDays] = useState<[Dayjs, Dayjs]>(() => [dayjs(`${monthOf(today)}-01`), dayjs(today)]);
  const from = range[0].format('YYYY-MM');
  const to = range[1].format('YYYY-MM');
  const mayReport = can(user, 'finance.report', communityId);
  const mayExport = can(user, 'export.run', communityId);

  const trend = useQuery({ queryKey: ['billing', 'trend', communityId, from, to, groupBy], enabled: !!communityId && mayReport, queryFn: () => api.get<{ months: string[]; items: Point[] }>('/api/v1/billing/reports/trend', { communityId, from, to, groupBy }) });
  const communities = useQuery({ queryKey: ['billing', 'by-community', from, to], enabled: mayReport, queryFn: () => api.get<{ items: Rate[] }>('/api/v1/billing/reports/communities', { from, to }) });
  const monthly = useQuery({ queryKey: ['billing', 'monthly', communityId, period.format('YYYY-MM')], enabled: !!communityId && mayReport, queryFn: () => api.get<Monthly>('/api/v1/billing/reports/monthly', { communityId, period: period.format('YYYY-MM') }) });
  const income = useQuery({
    queryKey: ['billing', 'income', communityId, days[0].format('YYYY-MM-DD'), days[1].format('YYYY-MM-DD')],
    enabled: !!communityId && mayReport,
    queryFn: () => api.get<Income>('/api/v1/billing/reports/income-by-item', { communityId, from: days[0].format('YYYY-MM-DD'), to: days[1].format('YYYY-MM-DD') }),
  });

  // One series per community/building; a pivot table (rows = series, columns = months) under the chart.
  const { series, pivot, bars } = useMemo(() => {
    const months = trend.data?.months ?? [];
    const byKey = new Map<string, { label: string; points: Map<string, Point> }>();
    for (const p of trend.data?.items ?? []) {
      const s = byKey.get(p.key) ?? { label: p.label, points: new Map() };
      s.points.set(p.period, p);
      byKey.set(p.key, s);
    }
    const series: TrendSeries[] = [...byKey.values()].map((s) => ({ name: s.label, values: months.map((m) => pct(s.points.get(m)?.rateBp ?? null)) }));
    const pivot = [...byKey.entries()].map(([key, s]) => {
      const billed = [...s.points.values()].reduce((x, p) => x + p.billedFen, 0);
      const paid = [...s.points.values()].reduce((x, p) => x + p.paidFen, 0);
      return { key, label: s.label, billed, paid, rate: rateOf(billed, paid), ...Object.fromEntries(months.map((m) => [m, s.points.get(m)?.rateBp ?? null])) } as Record<string, unknown> & { key: string };
    });
    const billedPerMonth = months.map((m) => (trend.data?.items ?? []).filter((p) => p.period === m).reduce((x, p) => x + p.billedFen, 0));
    return { series, pivot, bars: { name: b('billed'), values: billedPerMonth, format: (v: number) => formatFen(v).replace(/\.\d\d$/, '') } };
  }, [trend.data, b]);

  if (!communityId) return null;
  const xlsx = (path: string, query: Record<string, string>, name: string) => () => void download(path, { communityId, ...query, format: 'xlsx' }, name).catch((e: Error) => message.error(e.message));
  const exportBtn = (onClick: () => void, testId: string) =>
    mayExport && (
      <Button size="small" icon={<DownloadOutlined />} onClick={onClick} data-testid={testId}>
        {b('exportExcel')}
      </Button>
    );

  return (
    <div>
      <h2 className="pms-page-title">{b('repTitle')}</h2>
      <BillingNav />
      {!mayReport && <Alert type="info" showIcon title={b('noPermission')} />}
      {mayReport && (
        <>
          <Card
            size="small"
            style={{ marginBottom: 16 }}
            title={b('trend')}
            extra={
              <Space wrap>
                <DatePicker.RangePicker picker="month" value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} data-testid="rep-range" />
                <Segmented value={groupBy} onChange={(v) => setGroupBy(v as typeof groupBy)} options={(['community', 'building'] as const).map((g) => ({ value: g, label: b(`g_${g}`) }))} data-testid="rep-group" />
                {exportBtn(xlsx('/api/v1/billing/reports/trend', { from, to, groupBy }, `collection-${from}-${to}.xlsx`), 'rep-trend-xlsx')}
              </Space>
            }
          >
            <ErrorAlert error={trend.error} />
            {trend.data && <TrendChart months={trend.data.months} series={series} bars={groupBy === 'community' ? bars : undefined} testId="rep-trend-chart" />}
            <Table
              size="small"
              rowKey="key"
              loading={trend.isLoading}
              dataSource={pivot}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: b(`g_${groupBy}`), dataIndex: 'label', fixed: 'left' as const },
                ...(trend.data?.months ?? []).map((m) => ({ title: m.slice(2), dataIndex: m, align: 'right' as const, render: (v: number | null) => <span className="billing-money">{formatBp(v)}</span> })),
                { title: b('billed'), dataIndex: 'billed', align: 'right' as const, render: (v: number) => formatFen(v) },
                { title: b('received'), dataIndex: 'paid', align: 'right' as const, render: (v: number) => formatFen(v) },
                { title: b('collectionRate'), dataIndex: 'rate', align: 'right' as const, render: (v: number | null) => <b>{formatBp(v)}</b> },
              ]}
              style={{ marginTop: 8 }}
              data-testid="rep-trend-table"
            />
          </Card>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                style={{ marginBottom: 16 }}
                title={b('monthly')}
                extra={
                  <Space>
                    <DatePicker picker="month" value={period} allowClear={false} onChange={(v) => v && setPeriod(v)} />
                    {exportBtn(xlsx('/api/v1/billing/reports/monthly', { period: period.format('YYYY-MM') }, `fees-${period.format('YYYY-MM')}.xlsx`), 'rep-monthly-xlsx')}
                  </Space>
                }
              >
                <ErrorAlert error={monthly.error} />
                <Table
                  size="small"
                  rowKey="code"
                  loading={monthly.isLoading}
                  dataSource={monthly.data?.items ?? []}
                  pagination={false}
                  locale={{ emptyText: b('noData') }}
                  columns={[
                    { title: b('item'), render: (_, i) => `${i.code} ${i.name}` },
                    { title: b('rooms'), dataIndex: 'rooms', align: 'right' },
                    { title: b('billed'), dataIndex: 'billedFen', align: 'right', render: formatFen },
                    { title: b('received'), dataIndex: 'paidFen', align: 'right', render: formatFen },
                    { title: b('arrears'), dataIndex: 'arrearsFen', align: 'right', render: formatFen },
                    { title: b('collectionRate'), align: 'right', render: (_, i) => formatBp(rateOf(i.billedFen, i.paidFen)) },
                  ]}
                  data-testid="rep-monthly"
                />
                {monthly.data && (
                  <div style={{ marginTop: 8, color: '#666' }}>
                    {b('monthReceived')}：{formatFen(monthly.data.receivedFen)} · {b('monthRefunded')}：{formatFen(monthly.data.refundedFen)}
                  </div>
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                style={{ marginBottom: 16 }}
                title={b('incomeByItem')}
                extra={
                  <Space>
                    <DatePicker.RangePicker value={days} allowClear={false} onChange={(v) => v?.[0] && v[1] && setDays([v[0], v[1]])} />
                    {exportBtn(xlsx('/api/v1/billing/reports/income-by-item', { from: days[0].format('YYYY-MM-DD'), to: days[1].format('YYYY-MM-DD') }, 'income.xlsx'), 'rep-income-xlsx')}
                  </Space>
                }
              >
                <ErrorAlert error={income.error} />
                <Table
                  size="small"
                  rowKey="code"
                  loading={income.isLoading}
                  dataSource={income.data?.items ?? []}
                  pagination={false}
                  columns={[
                    { title: b('item'), render: (_, i) => `${i.code} ${i.name}` },
                    { title: b('bills'), dataIndex: 'bills', align: 'right' },
                    { title: b('received'), dataIndex: 'amountFen', align: 'right', render: formatFen },
                  ]}
                  summary={() =>
                    income.data && (
                      <>
                        <Table.Summary.Row>
                          <Table.Summary.Cell index={0} colSpan={2}>{b('prepaidNet')}</Table.Summary.Cell>
                          <Table.Summary.Cell index={2} align="right">{formatFen(income.data.prepaidFen)}</Table.Summary.Cell>
                        </Table.Summary.Row>
                        <Table.Summary.Row>
                          <Table.Summary.Cell index={0} colSpan={2}><b>{b('cashTotal')}</b></Table.Summary.Cell>
                          <Table.Summary.Cell index={2} align="right"><b>{formatFen(income.data.cashFen)}</b></Table.Summary.Cell>
                        </Table.Summary.Row>
                      </>
                    )
                  }
                  data-testid="rep-income"
                />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={`${b('byCommunity')} · ${from} ~ ${to}`}>
            <ErrorAlert error={communities.error} />
            <Table<Rate>
              size="small"
              rowKey="key"
              loading={communities.isLoading}
              dataSource={communities.data?.items ?? []}
              pagination={false}
              columns={[
                { title: b('g_community'), dataIndex: 'label' },
                { title: b('billed'), dataIndex: 'billedFen', align: 'right', render: formatFen },
                { title: b('received'), dataIndex: 'paidFen', align: 'right', render: formatFen },
                { title: b('arrears'), align: 'right', render: (_, r) => formatFen(r.billedFen - r.paidFen) },
                { title: b('collectionRate'), dataIndex: 'rateBp', align: 'right', render: (v: number | null) => <b>{formatBp(v)}</b> },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}

/** 服务指标 (R-WO-9): response (normal, 2 h) and on-site (emergency, 30 min) compliance, callback rate, satisfaction — per month, per type and per service item. */
import { useCallback, useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Empty, Row, Statistic, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { monthsBetween, pct, useKpiMonths, type KpiFigures, type KpiMonth } from './kpiApi.ts';
import { KpiChart } from './KpiChart.tsx';

type Row = KpiFigures & { key: string; label: string };

export function KpiPage() {
  const w = useWoText();
  const { communityId } = useCommunity();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(5, 'month'), dayjs()]);
  const months = useMemo(() => monthsBetween(range[0].format('YYYY-MM'), range[1].format('YYYY-MM')), [range]);
  const [focus, setFocus] = useState<string | null>(null);
  const results = useKpiMonths(communityId, months);
  const stamp = results.map((r) => r.dataUpdatedAt).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const data = useMemo(() => results.map((r) => r.data).filter((d): d is KpiMonth => !!d), [stamp]);
  const error = results.find((r) => r.error)?.error;
  const loading = results.some((r) => r.isLoading);
  const current = data.find((d) => d.month === focus) ?? data[data.length - 1];
  const labels = useMemo(() => ({ response: w('kpi.response'), onSite: w('kpi.onSite'), callback: w('kpi.callback'), satisfaction: w('kpi.satisfaction100'), volume: w('kpi.volume') }), [w]);
  const pick = useCallback((m: string) => setFocus(m), []);

  const columns = [
    { title: w('type'), dataIndex: 'label', key: 'label' },
    { title: w('kpi.volume'), dataIndex: 'total', key: 'total', align: 'right' as const },
    { title: w('kpi.response'), key: 'r', align: 'right' as const, render: (_: unknown, r: Row) => `${pct(r.responseCompliance.rate)} (${r.responseCompliance.onTime}/${r.responseCompliance.of})` },
    { title: w('kpi.onSite'), key: 'o', align: 'right' as const, render: (_: unknown, r: Row) => `${pct(r.onSiteCompliance.rate)} (${r.onSiteCompliance.onTime}/${r.onSiteCompliance.of})` },
    { title: w('kpi.callback'), key: 'c', align: 'right' as const, render: (_: unknown, r: Row) => `${pct(r.callbackRate)} (${r.callbacks.done}/${r.callbacks.of})` },
    { title: w('kpi.punctuality'), key: 'p', align: 'right' as const, render: (_: unknown, r: Row) => (r.punctuality ? `${pct(r.punctuality.rate)} (${r.punctuality.onTime}/${r.punctuality.of})` : '—') },
    { title: w('satisfaction'), dataIndex: 'satisfaction', key: 's', align: 'right' as const, render: (v: number | null) => v ?? '—' },
  ];
  const byType: Row[] = (current?.byType ?? []).map((r) => ({ ...r, key: r.type, label: w(`category.${r.type}`, r.type) }));
  const byItem: Row[] = (current?.byServiceItem ?? []).map((r) => ({ ...r, key: r.code, label: r.name }));

  return (
    <div>
      <h1 className="pms-page-title">{w('kpi.title')}</h1>
      <div className="pms-toolbar">
        <DatePicker.RangePicker picker="month" value={range} onChange={(v) => v?.[0] && v[1] && (setRange([v[0], v[1]]), setFocus(null))} allowClear={false} />
      </div>
      <Alert type="info" showIcon title={w('kpi.hint')} style={{ marginBottom: 12 }} />
      {error ? <ErrorAlert error={error} /> : null}
      <Row gutter={12} style={{ marginBottom: 12 }}>
        {[
          [w('kpi.month'), current?.month ?? '—'],
          [w('kpi.response'), pct(current?.responseCompliance.rate)],
          [w('kpi.onSite'), pct(current?.onSiteCompliance.rate)],
          [w('kpi.callback'), pct(current?.callbackRate)],
          [w('kpi.punctuality'), pct(current?.punctuality?.rate)],
          [w('satisfaction'), current?.satisfaction ?? '—'],
          [w('kpi.volume'), current?.total ?? '—'],
        ].map(([title, value]) => (
          <Col key={String(title)} flex="1">
            <Card size="small" loading={loading}>
              <Statistic title={title} value={value as string | number} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" title={w('kpi.perMonth')} style={{ marginBottom: 12 }}>
        {data.length ? <KpiChart months={data} labels={labels} onPick={pick} /> : <Empty />}
      </Card>
      <Card size="small" title={`${w('kpi.perType')} · ${current?.month ?? ''}`} style={{ marginBottom: 12 }}>
        <Table<Row> rowKey="key" size="small" columns={columns} dataSource={byType} loading={loading} pagination={false} data-testid="kpi-by-type" />
      </Card>
      <Card size="small" title={`${w('kpi.perItem')} · ${current?.month ?? ''}`}>
        <Table<Row> rowKey="key" size="small" columns={columns.map((c) => (c.key === 'label' ? { ...c, title: w('kpi.item') } : c))} dataSource={byItem} loading={loading} pagination={false} />
      </Card>
    </div>
  );
}

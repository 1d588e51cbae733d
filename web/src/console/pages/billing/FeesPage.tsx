/** 费用收缴 (R-FEE-1/2/6/8): fee items and rates, billing runs with their report, arrears aging, reconciliation. */
import { useState } from 'react';
import { Alert, Button, Card, Col, Input, Row, Space, Table, Tag, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, download } from '../../../shared/api.ts';
import { formatFen } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { BillingNav } from './BillingNav.tsx';

interface Rate { effectiveFrom: string; priceFenX100: number }
interface FeeItem { id: string; code: string; name: string; kind: string; formula: string; rates: Rate[]; assignments: unknown[] }
interface Aging { key: string; label: string | null; d1_30: number; d31_60: number; d61_90: number; d91_180: number; d181_plus: number; totalFen: number; bills: number }
interface RunReply { period: string; status: string; attempts: number; roomsTotal: number; roomsBilled: number; lines: number; totalFen: number; createdThisAttempt: number; discountedThisAttempt?: number; discountFenThisAttempt?: number; skipped: Array<{ reason: string; count: number }> }

// 计费方式 labels (GLOSSARY): how the amount of a line is computed.
const FORMULA_ZH: Record<string, string> = { gross_area: '建筑面积×单价', indoor_area: '套内面积×单价', fixed: '固定金额', metered: '抄表用量×单价', apportioned: '按面积分摊' };
const FORMULA_EN: Record<string, string> = { gross_area: 'Gross area × rate', indoor_area: 'Indoor area × rate', fixed: 'Fixed amount', metered: 'Metered usage × rate', apportioned: 'Apportioned by area' };
const ZH = { title: '费用收缴', items: '收费项目', code: '编码', name: '名称', formula: '计费方式', rate: '现行单价（元/单位/月）', run: '生成账单', period: '账期', runBtn: '生成', report: '出账报告', rooms: '出账房屋', lines: '账单行', total: '应收合计', created: '本次新增', skipped: '未出账', aging: '欠费账龄（按楼栋）', building: '楼栋', recon: '对账', ok: '账实一致', bad: '对账不一致', export: '导出月报', reconBtn: '对账', discounted: '本次优惠' };
const EN = { title: 'Fees', items: 'Fee items', code: 'Code', name: 'Name', formula: 'Formula', rate: 'Current rate (yuan/unit/month)', run: 'Billing run', period: 'Period', runBtn: 'Run', report: 'Run report', rooms: 'Rooms billed', lines: 'Lines', total: 'Total due', created: 'New this time', skipped: 'Not billed', aging: 'Arrears aging (by building)', building: 'Building', recon: 'Reconciliation', ok: 'Books agree', bad: 'Books disagree', export: 'Export monthly report', reconBtn: 'Reconcile', discounted: 'Discounts this time' };

/** fen ×100 per unit → yuan with up to 4 decimals, by integer arithmetic. */
const price = (x100: number) => `${Math.floor(x100 / 10000)}.${String(x100 % 10000).padStart(4, '0').replace(/0{1,2}$/, '')}`;

export function FeesPage() {
  const { lang } = useI18n();
  const tx = lang === 'en-US' ? EN : ZH;
  const { communityId } = useCommunity();
  const qc = useQueryClient();
  const [period, setPeriod] = useState(() => new Date().toISOString().slice(0, 7));
  const [report, setReport] = useState<RunReply | null>(null);
  const [busy, setBusy] = useState(false);
  const items = useQuery({ queryKey: ['billing', 'items', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: FeeItem[] }>('/api/v1/billing/fee-items', { communityId }) });
  const aging = useQuery({ queryKey: ['billing', 'aging', communityId], enabled: !!communityId, queryFn: () => api.get<{ asOf: string; items: Aging[] }>('/api/v1/arrears/aging', { communityId, groupBy: 'building' }) });
  const recon = useQuery({ queryKey: ['billing', 'recon', communityId], enabled: false, queryFn: () => api.get<{ ok: boolean; totals: Record<string, number> }>('/api/v1/billing/reconciliation', { communityId }) });
  if (!communityId) return null;

  async function run() {
    setBusy(true);
    try {
      setReport(await api.post<RunReply>('/api/v1/billing/runs', { communityId, period }));
      void qc.invalidateQueries({ queryKey: ['billing'] });
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const money = (v: number) => formatFen(v);
  return (
    <div>
      <h2 className="pms-page-title">{tx.title}</h2>
      <BillingNav />
      <Row gutter={16}>
        <Col span={14}>
          <Card size="small" title={tx.items} style={{ marginBottom: 16 }}>
            <ErrorAlert error={items.error} />
            <Table<FeeItem>
              size="small"
              rowKey="id"
              loading={items.isLoading}
              dataSource={items.data?.items ?? []}
              pagination={false}
              columns={[
                { title: tx.code, dataIndex: 'code' },
                { title: tx.name, dataIndex: 'name' },
                { title: tx.formula, dataIndex: 'formula', render: (f: string) => <Tag>{(tx === EN ? FORMULA_EN : FORMULA_ZH)[f] ?? f}</Tag> },
                { title: tx.rate, render: (_, i) => (i.rates.length ? `${price(i.rates[i.rates.length - 1].priceFenX100)}（${i.rates[i.rates.length - 1].effectiveFrom}）` : '—') },
              ]}
            />
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title={tx.run} style={{ marginBottom: 16 }}>
            <Space className="pms-toolbar">
              <Input value={period} onChange={(e) => setPeriod(e.target.value)} style={{ width: 120 }} placeholder="2026-12" data-testid="billing-period" />
              <Button type="primary" loading={busy} onClick={() => void run()} data-testid="billing-run">
                {tx.runBtn}
              </Button>
              <Button onClick={() => void download('/api/v1/billing/reports/monthly', { communityId, period, format: 'xlsx' }, `fees-${period}.xlsx`)}>{tx.export}</Button>
            </Space>
            {report && (
              <div data-testid="billing-report" style={{ marginTop: 12 }}>
                <div>{tx.rooms}：{report.roomsBilled} / {report.roomsTotal} · {tx.lines}：{report.lines} · {tx.created}：{report.createdThisAttempt}</div>
                <div>{tx.total}：{money(report.totalFen)}</div>
                {!!report.discountedThisAttempt && <div>{tx.discounted}：{report.discountedThisAttempt} · −{money(report.discountFenThisAttempt ?? 0)}</div>}
                {report.skipped.length > 0 && <div>{tx.skipped}：{report.skipped.map((s) => `${s.reason} ${s.count}`).join('，')}</div>}
              </div>
            )}
          </Card>
          <Card size="small" title={tx.recon} extra={<Button size="small" onClick={() => void recon.refetch()}>{tx.reconBtn}</Button>}>
            {recon.data && <Alert type={recon.data.ok ? 'success' : 'error'} title={recon.data.ok ? tx.ok : tx.bad} description={Object.entries(recon.data.totals).map(([k, v]) => `${k} ${money(v)}`).join(' · ')} />}
            <ErrorAlert error={recon.error} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={`${tx.aging}${aging.data ? ` · ${aging.data.asOf}` : ''}`}>
        <ErrorAlert error={aging.error} />
        <Table<Aging>
          size="small"
          rowKey="key"
          loading={aging.isLoading}
          dataSource={aging.data?.items ?? []}
          pagination={false}
          columns={[
            { title: tx.building, dataIndex: 'label' },
            { title: '≤30', dataIndex: 'd1_30', render: money, align: 'right' },
            { title: '31–60', dataIndex: 'd31_60', render: money, align: 'right' },
            { title: '61–90', dataIndex: 'd61_90', render: money, align: 'right' },
            { title: '91–180', dataIndex: 'd91_180', render: money, align: 'right' },
            { title: '>180', dataIndex: 'd181_plus', render: money, align: 'right' },
            { title: tx.total, dataIndex: 'totalFen', render: money, align: 'right' },
          ]}
        />
      </Card>
    </div>
  );
}

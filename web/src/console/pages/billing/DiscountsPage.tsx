/**
 * 优惠与空置 (R-FEE-1/2): discount rules (prepay rate, fixed reduction, free months, the vacancy
 * rate) written by finance and approved by someone else, and vacancy applications filed for a room
 * and approved by a manager. The billing run applies what is approved; each bill line shows
 * gross, discount, net and the rule.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Tooltip, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, asPage, type Page } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { BillingNav } from './BillingNav.tsx';
import { yuanToFen } from './billingApi.ts';

type Kind = 'prepay' | 'fixed' | 'free' | 'vacancy';
interface Rule {
  id: string;
  kind: Kind;
  name: string;
  feeItemId: string | null;
  itemName: string | null;
  scope: 'community' | 'building' | 'room';
  roomId: string | null;
  ratePct: string | null;
  amountFen: number | null;
  months: number | null;
  backdateDays: number | null;
  validFrom: string;
  validTo: string | null;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  createdBy: string;
  createdAt: string;
}
interface Vacancy {
  id: string;
  roomId: string;
  roomCode: string;
  fromDate: string;
  toDate: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  appliedBy: string;
  decisionNote: string | null;
  createdAt: string;
}
interface FeeItem { id: string; code: string; name: string; vacancyDiscountable?: boolean }

const ZH = {
  title: '优惠与空置',
  rules: '优惠规则',
  newRule: '新建优惠规则',
  kind: '类型',
  name: '名称',
  item: '收费项目',
  allItems: '全部项目',
  scope: '适用范围',
  s_community: '全小区',
  s_building: '楼栋',
  s_room: '单个房屋',
  terms: '优惠内容',
  valid: '有效期',
  reason: '依据/原因',
  status: '状态',
  actions: '操作',
  k_prepay: '预存优惠',
  k_fixed: '固定减免',
  k_free: '免费月份',
  k_vacancy: '空置优惠',
  st_pending: '待审批',
  st_approved: '已批准',
  st_rejected: '已驳回',
  st_withdrawn: '已撤销',
  approve: '批准',
  reject: '驳回',
  withdraw: '撤销',
  own: '本人提交，须由他人审批',
  noPerm: '无审批权限',
  ratePct: '收费比例（%）',
  rateHint: '如 95 表示按 95% 收取',
  amount: '每期减免（元）',
  months: '月数',
  monthsPrepay: '预存满几个月',
  monthsFree: '入住后免费月数（留空则为有效期内免费）',
  backdate: '空置申请最多可追溯天数',
  from: '开始日期',
  to: '结束日期（可空）',
  toRequired: '结束日期',
  save: '提交审批',
  cancel: '取消',
  saved: '已提交，待他人审批',
  done: '已处理',
  prepayText: (m: number, r: string) => `预存满 ${m} 个月按 ${r}% 收取`,
  fixedText: (a: string) => `每期减免 ${a} 元`,
  freeMonths: (m: number) => `新业主入住起 ${m} 个月免费`,
  freeDays: '有效期内免费',
  vacancyText: (r: string, d: number) => `空置期间按 ${r}% 收取；可追溯 ${d} 天`,
  vacItems: '适用空置优惠的收费项目',
  vacancies: '空置申请',
  newVacancy: '登记空置申请',
  room: '房屋',
  roomSearch: '输入房号查找',
  range: '空置期间',
  appliedAt: '提交时间',
  note: '审批意见',
  required: '必填',
  noRate: '本小区尚未设置（或尚未批准）空置优惠比例，空置申请无法生效。',
  filed: '空置申请已提交，待经理审批',
  forever: '长期',
};
const EN: typeof ZH = {
  title: 'Discounts & vacancy',
  rules: 'Discount rules',
  newRule: 'New discount rule',
  kind: 'Kind',
  name: 'Name',
  item: 'Fee item',
  allItems: 'All items',
  scope: 'Applies to',
  s_community: 'Whole community',
  s_building: 'Building',
  s_room: 'One room',
  terms: 'Terms',
  valid: 'Valid',
  reason: 'Basis / reason',
  status: 'Status',
  actions: 'Actions',
  k_prepay: 'Prepay rate',
  k_fixed: 'Fixed reduction',
  k_free: 'Free months',
  k_vacancy: 'Vacancy rate',
  st_pending: 'Pending',
  st_approved: 'Approved',
  st_rejected: 'Rejected',
  st_withdrawn: 'Withdrawn',
  approve: 'Approve',
  reject: 'Reject',
  withdraw: 'Withdraw',
  own: 'Filed by you; someone else must approve',
  noPerm: 'No approval permission',
  ratePct: 'Rate charged (%)',
  rateHint: '95 means 95 % is charged',
  amount: 'Reduction per period (yuan)',
  months: 'Months',
  monthsPrepay: 'Months paid ahead',
  monthsFree: 'Free months from move-in (empty: free within the dates)',
  backdate: 'How many days back an application may start',
  from: 'From',
  to: 'To (optional)',
  toRequired: 'To',
  save: 'Submit for approval',
  cancel: 'Cancel',
  saved: 'Submitted; someone else must approve it',
  done: 'Done',
  prepayText: (m: number, r: string) => `${r} % charged when ${m} months are prepaid`,
  fixedText: (a: string) => `${a} yuan off per period`,
  freeMonths: (m: number) => `First ${m} months free for new owners`,
  freeDays: 'Free within the dates',
  vacancyText: (r: string, d: number) => `${r} % charged while vacant; back ${d} days`,
  vacItems: 'Items with the vacancy discount',
  vacancies: 'Vacancy applications',
  newVacancy: 'File a vacancy application',
  room: 'Room',
  roomSearch: 'Type a room code',
  range: 'Vacant',
  appliedAt: 'Filed',
  note: 'Decision note',
  required: 'Required',
  noRate: 'No approved vacancy rate is configured; vacancy applications cannot take effect.',
  filed: 'Filed; a manager must approve it',
  forever: 'open-ended',
};

const STATUS_COLOR: Record<string, string> = { pending: 'gold', approved: 'green', rejected: 'default', withdrawn: 'default' };
const KIND_COLOR: Record<Kind, string> = { prepay: 'blue', fixed: 'purple', free: 'cyan', vacancy: 'orange' };
/** '70.00' → '70', '92.50' → '92.5' */
const pct = (r: string | null) => (r && r.includes('.') ? r.replace(/\.?0+$/, '') : (r ?? ''));
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export function DiscountsPage() {
  const { lang } = useI18n();
  const tx = lang === 'en-US' ? EN : ZH;
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [ruleOpen, setRuleOpen] = useState(false);
  const [vacOpen, setVacOpen] = useState(false);
  const rules = useQuery({ queryKey: ['billing', 'discounts', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: Rule[] }>('/api/v1/billing/discount-rules', { communityId }) });
  const vacancies = useQuery({ queryKey: ['billing', 'vacancies', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: Vacancy[] }>('/api/v1/billing/vacancies', { communityId }) });
  const items = useQuery({ queryKey: ['billing', 'items', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: FeeItem[] }>('/api/v1/billing/fee-items', { communityId }) });
  if (!communityId) return null;
  const mayApprove = can(user, 'payment.approve', communityId);
  const mayManage = can(user, 'billing.manage', communityId);
  const mayApply = can(user, 'vacancy.apply', communityId) || mayManage;
  const hasVacancyRate = (rules.data?.items ?? []).some((r) => r.kind === 'vacancy' && r.status === 'approved');

  async function act(url: string, body: object, id: string) {
    setBusy(id);
    setError(null);
    try {
      await api.post(url, body);
      void message.success(tx.done);
      void qc.invalidateQueries({ queryKey: ['billing'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const terms = (r: Rule) => {
    if (r.kind === 'prepay') return tx.prepayText(r.months ?? 0, pct(r.ratePct));
    if (r.kind === 'fixed') return tx.fixedText(yuan(r.amountFen ?? 0));
    if (r.kind === 'free') return r.months ? tx.freeMonths(r.months) : tx.freeDays;
    return tx.vacancyText(pct(r.ratePct), r.backdateDays ?? 30);
  };

  const decisionButtons = (status: string, ownerId: string, base: string, id: string, testId: string, withdrawable: boolean) => {
    if (status !== 'pending' && !(status === 'approved' && withdrawable)) return null;
    const own = ownerId === user?.id;
    const why = !mayApprove ? tx.noPerm : own ? tx.own : null;
    return (
      <Space size={4} data-testid={testId}>
        {status === 'pending' && (
          <>
            <Tooltip title={why}>
              <Button size="small" type="primary" disabled={!!why} loading={busy === id} onClick={() => void act(base, { action: 'approve' }, id)} data-testid="approve">
                {tx.approve}
              </Button>
            </Tooltip>
            <Tooltip title={why}>
              <Button size="small" danger disabled={!!why} onClick={() => void act(base, { action: 'reject' }, id)} data-testid="reject">
                {tx.reject}
              </Button>
            </Tooltip>
          </>
        )}
        {withdrawable && (status === 'approved' || own) && (
          <Button size="small" onClick={() => void act(base, { action: 'withdraw' }, id)}>
            {tx.withdraw}
          </Button>
        )}
      </Space>
    );
  };

  return (
    <div>
      <h2 className="pms-page-title">{tx.title}</h2>
      <BillingNav />
      <ErrorAlert error={error} kind="action" />
      <Card
        size="small"
        title={tx.rules}
        style={{ marginBottom: 16 }}
        extra={
          mayManage && (
            <Button type="primary" size="small" onClick={() => setRuleOpen(true)} data-testid="discount-new">
              {tx.newRule}
            </Button>
          )
        }
      >
        <ErrorAlert error={rules.error} />
        <Table<Rule>
          size="small"
          rowKey="id"
          loading={rules.isLoading}
          dataSource={rules.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="discount-table"
          columns={[
            { title: tx.kind, dataIndex: 'kind', width: 100, render: (k: Kind) => <Tag color={KIND_COLOR[k]}>{tx[`k_${k}` as const]}</Tag> },
            { title: tx.name, dataIndex: 'name' },
            { title: tx.item, render: (_, r) => r.itemName ?? tx.allItems },
            { title: tx.scope, render: (_, r) => tx[`s_${r.scope}` as const] },
            { title: tx.terms, render: (_, r) => terms(r) },
            { title: tx.valid, render: (_, r) => `${r.validFrom} ~ ${r.validTo ?? tx.forever}` },
            { title: tx.reason, dataIndex: 'reason', ellipsis: true },
            { title: tx.status, dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS_COLOR[s]}>{tx[`st_${s as Rule['status']}` as const]}</Tag> },
            { title: tx.actions, width: 200, render: (_, r) => decisionButtons(r.status, r.createdBy, `/api/v1/billing/discount-rules/${r.id}/decision`, r.id, `discount-actions-${r.name}`, mayManage) },
          ]}
        />
        <div style={{ marginTop: 12 }}>
          <strong>{tx.vacItems}：</strong>
          <Space wrap>
            {(items.data?.items ?? []).map((i) => (
              <span key={i.id}>
                <Switch
                  size="small"
                  checked={!!i.vacancyDiscountable}
                  disabled={!mayManage}
                  onChange={(v) => void act(`/api/v1/billing/fee-items/${i.id}/vacancy-discountable`, { discountable: v }, i.id)}
                  data-testid={`vacancy-item-${i.code}`}
                />{' '}
                {i.name}
              </span>
            ))}
          </Space>
        </div>
      </Card>

      <Card
        size="small"
        title={tx.vacancies}
        extra={
          mayApply && (
            <Button type="primary" size="small" onClick={() => setVacOpen(true)} data-testid="vacancy-new">
              {tx.newVacancy}
            </Button>
          )
        }
      >
        {rules.data && !hasVacancyRate && <Alert type="warning" showIcon title={tx.noRate} style={{ marginBottom: 12 }} />}
        <ErrorAlert error={vacancies.error} />
        <Table<Vacancy>
          size="small"
          rowKey="id"
          loading={vacancies.isLoading}
          dataSource={vacancies.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="vacancy-table"
          columns={[
            { title: tx.room, dataIndex: 'roomCode', width: 120 },
            { title: tx.range, render: (_, v) => `${v.fromDate} ~ ${v.toDate}` },
            { title: tx.reason, dataIndex: 'reason', ellipsis: true },
            { title: tx.appliedAt, dataIndex: 'createdAt', render: (d: string) => formatDateTime(d) },
            { title: tx.status, dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS_COLOR[s]}>{tx[`st_${s as Vacancy['status']}` as const]}</Tag> },
            { title: tx.note, dataIndex: 'decisionNote', render: (n: string | null) => n ?? '—' },
            { title: tx.actions, width: 170, render: (_, v) => decisionButtons(v.status, v.appliedBy, `/api/v1/billing/vacancies/${v.id}/decision`, v.id, `vacancy-actions-${v.roomCode}`, false) },
          ]}
        />
      </Card>
      {ruleOpen && <RuleModal tx={tx} communityId={communityId} items={items.data?.items ?? []} onClose={() => setRuleOpen(false)} />}
      {vacOpen && <VacancyModal tx={tx} communityId={communityId} onClose={() => setVacOpen(false)} />}
    </div>
  );
}

interface RuleForm {
  kind: Kind;
  name: string;
  feeItemId?: string;
  ratePct?: number;
  amount?: string;
  months?: number;
  backdateDays?: number;
  validFrom: string;
  validTo?: string;
  reason: string;
}

function RuleModal({ tx, communityId, items, onClose }: { tx: typeof ZH; communityId: string; items: FeeItem[]; onClose: () => void }) {
  const qc = useQueryClient();
  const [form] = Form.useForm<RuleForm>();
  const kind = Form.useWatch('kind', form) ?? 'fixed';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function save(v: RuleForm) {
    const amountFen = v.kind === 'fixed' ? yuanToFen(v.amount ?? '') : null;
    if (v.kind === 'fixed' && !amountFen) {
      setError(new Error(tx.amount));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/billing/discount-rules', {
        communityId,
        kind: v.kind,
        name: v.name.trim(),
        reason: v.reason.trim(),
        validFrom: v.validFrom,
        ...(v.validTo ? { validTo: v.validTo } : {}),
        ...(v.feeItemId && v.kind !== 'vacancy' ? { feeItemId: v.feeItemId } : {}),
        ...(v.kind === 'prepay' || v.kind === 'vacancy' ? { ratePct: String(v.ratePct ?? '') } : {}),
        ...(amountFen ? { amountFen } : {}),
        ...((v.kind === 'prepay' || v.kind === 'free') && v.months ? { months: v.months } : {}),
        ...(v.kind === 'vacancy' && v.backdateDays !== undefined ? { backdateDays: v.backdateDays } : {}),
      });
      void message.success(tx.saved);
      void qc.invalidateQueries({ queryKey: ['billing', 'discounts'] });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const req = [{ required: true, message: tx.required }];
  return (
    <Modal open title={tx.newRule} onCancel={onClose} onOk={() => form.submit()} okText={tx.save} cancelText={tx.cancel} confirmLoading={busy} destroyOnHidden>
      <ErrorAlert error={error} kind="save" />
      <Form form={form} layout="vertical" initialValues={{ kind: 'fixed', backdateDays: 30 }} onFinish={(v) => void save(v)} data-testid="discount-form">
        <Form.Item name="kind" label={tx.kind} rules={req}>
          <Select options={(['prepay', 'fixed', 'free', 'vacancy'] as const).map((k) => ({ value: k, label: tx[`k_${k}` as const] }))} data-testid="discount-kind" />
        </Form.Item>
        <Form.Item name="name" label={tx.name} rules={req}>
          <Input maxLength={64} data-testid="discount-name" />
        </Form.Item>
        {kind !== 'vacancy' && (
          <Form.Item name="feeItemId" label={tx.item} rules={kind === 'prepay' ? req : []}>
            <Select allowClear placeholder={tx.allItems} options={items.map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))} />
          </Form.Item>
        )}
        {(kind === 'prepay' || kind === 'vacancy') && (
          <Form.Item name="ratePct" label={tx.ratePct} extra={tx.rateHint} rules={req}>
            <InputNumber min={0} max={99.99} precision={2} style={{ width: 160 }} data-testid="discount-rate" />
          </Form.Item>
        )}
        {kind === 'fixed' && (
          <Form.Item name="amount" label={tx.amount} rules={req}>
            <Input style={{ width: 160 }} data-testid="discount-amount" />
          </Form.Item>
        )}
        {(kind === 'prepay' || kind === 'free') && (
          <Form.Item name="months" label={kind === 'prepay' ? tx.monthsPrepay : tx.monthsFree} rules={kind === 'prepay' ? req : []}>
            <InputNumber min={1} max={120} style={{ width: 160 }} />
          </Form.Item>
        )}
        {kind === 'vacancy' && (
          <Form.Item name="backdateDays" label={tx.backdate}>
            <InputNumber min={0} max={366} style={{ width: 160 }} />
          </Form.Item>
        )}
        <Space>
          <Form.Item name="validFrom" label={tx.from} rules={req}>
            <Input type="date" data-testid="discount-from" />
          </Form.Item>
          <Form.Item name="validTo" label={tx.to}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Form.Item name="reason" label={tx.reason} rules={req}>
          <Input.TextArea rows={2} maxLength={500} data-testid="discount-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface VacancyForm {
  roomId: string;
  fromDate: string;
  toDate: string;
  reason: string;
}

function VacancyModal({ tx, communityId, onClose }: { tx: typeof ZH; communityId: string; onClose: () => void }) {
  const qc = useQueryClient();
  const [form] = Form.useForm<VacancyForm>();
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const rooms = useQuery({
    queryKey: ['rooms', 'vacancy-search', communityId, q],
    enabled: q.trim().length > 0,
    queryFn: async () => asPage(await api.get<Page<{ id: string; code: string }>>(`/api/v1/communities/${communityId}/rooms`, { q: q.trim(), limit: 20 })).items,
  });

  async function save(v: VacancyForm) {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/billing/vacancies', { roomId: v.roomId, fromDate: v.fromDate, toDate: v.toDate, reason: v.reason.trim() });
      void message.success(tx.filed);
      void qc.invalidateQueries({ queryKey: ['billing', 'vacancies'] });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const req = [{ required: true, message: tx.required }];
  return (
    <Modal open title={tx.newVacancy} onCancel={onClose} onOk={() => form.submit()} okText={tx.save} cancelText={tx.cancel} confirmLoading={busy} destroyOnHidden>
      <ErrorAlert error={error} kind="save" />
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="vacancy-form">
        <Form.Item name="roomId" label={tx.room} rules={req}>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
            placeholder={tx.roomSearch}
            loading={rooms.isFetching}
            options={(rooms.data ?? []).map((r) => ({ value: r.id, label: r.code }))}
            data-testid="vacancy-room"
          />
        </Form.Item>
        <Space>
          <Form.Item name="fromDate" label={tx.from} rules={req}>
            <Input type="date" data-testid="vacancy-from" />
          </Form.Item>
          <Form.Item name="toDate" label={tx.toRequired} rules={req}>
            <Input type="date" data-testid="vacancy-to" />
          </Form.Item>
        </Space>
        <Form.Item name="reason" label={tx.reason} rules={req}>
          <Input.TextArea rows={2} maxLength={500} data-testid="vacancy-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}


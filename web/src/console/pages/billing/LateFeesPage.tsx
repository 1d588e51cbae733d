/**
 * 违约金条款 (R-FEE-6, R-LAW-1): late fees exist only as contract terms, per community or per
 * room; the newest term of a scope is in force and is cited on the bill line. Terms are never
 * rewritten — an edit adds a new version. There is no fine and no utility cut-off anywhere.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, asPage, type Page } from '../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { BillingNav } from './BillingNav.tsx';
import { ActionError } from './ActionError.tsx';
import { useBillingText } from './billingText.ts';
import { fenToYuanInput, monthOf, shanghaiToday, yuanToFen } from './billingApi.ts';

interface Term { id: string; roomId: string | null; roomCode: string | null; lateFeeItemId: string; itemName: string; clause: string; graceDays: number; mode: 'once' | 'daily'; basis: 'fixed' | 'percent'; value: number; capFen: number | null; createdAt: string; current: boolean }
interface FeeItem { id: string; code: string; name: string; kind: string }
interface TermForm { roomId?: { value: string; label: string }; lateFeeItemId: string; clause: string; graceDays: number; mode: 'once' | 'daily'; basis: 'fixed' | 'percent'; value: string; cap?: string }

/** "0.05%" for 5 ‱, by integer arithmetic. */
const perTenThousand = (v: number) => `${Math.floor(v / 100)}.${String(v % 100).padStart(2, '0')}%`;

export function LateFeesPage() {
  const b = useBillingText();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Partial<Term> | null>(null);
  const [period, setPeriod] = useState(() => monthOf(shanghaiToday(), -1));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const terms = useQuery({ queryKey: ['billing', 'late-terms', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: Term[] }>('/api/v1/billing/late-fee-terms', { communityId }) });
  const items = useQuery({ queryKey: ['billing', 'items', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: FeeItem[] }>('/api/v1/billing/fee-items', { communityId }) });
  if (!communityId) return null;
  const mayManage = can(user, 'billing.manage', communityId);
  const mayRun = can(user, 'billing.run', communityId);
  const lateItems = (items.data?.items ?? []).filter((i) => i.kind === 'late_fee');

  async function createLateItem() {
    setError(null);
    try {
      await api.post('/api/v1/billing/fee-items', { communityId, code: 'WYJ', name: '违约金', kind: 'late_fee', formula: 'fixed' });
      void qc.invalidateQueries({ queryKey: ['billing', 'items', communityId] });
    } catch (e) {
      setError(e);
    }
  }

  async function assess() {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ lines: number; totalFen: number }>('/api/v1/billing/late-fees', { communityId, period });
      void message.success(b('assessOk', { n: r.lines, total: formatFen(r.totalFen) }));
      void qc.invalidateQueries({ queryKey: ['billing'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <h2 className="pms-page-title">{b('lateTitle')}</h2>
      <BillingNav />
      <Alert type="warning" showIcon title={b('noFines')} description={b('lateIntro')} style={{ marginBottom: 12 }} data-testid="late-law" />
      <ActionError error={error} />
      {mayManage && !items.isLoading && !lateItems.length && (
        <Alert type="info" showIcon title={b('noLateItem')} action={<Button size="small" onClick={() => void createLateItem()}>{b('createLateItem')}</Button>} style={{ marginBottom: 12 }} />
      )}
      <Card
        size="small"
        title={b('lateTitle')}
        extra={
          <Space>
            {mayRun && (
              <>
                <Input value={period} onChange={(e) => setPeriod(e.target.value)} style={{ width: 100 }} placeholder="2026-10" />
                <Button onClick={() => void assess()} loading={busy}>{b('assess')}</Button>
              </>
            )}
            {mayManage && (
              <Button type="primary" disabled={!lateItems.length} onClick={() => setEditing({ graceDays: 15, mode: 'daily', basis: 'percent', lateFeeItemId: lateItems[0]?.id })} data-testid="late-add">
                {b('addTerm')}
              </Button>
            )}
          </Space>
        }
      >
        <ErrorAlert error={terms.error} />
        <Table<Term>
          size="small"
          rowKey="id"
          loading={terms.isLoading}
          dataSource={terms.data?.items ?? []}
          pagination={false}
          rowClassName={(t) => (t.current ? '' : 'billing-superseded')}
          columns={[
            { title: b('scope'), render: (_, t) => t.roomCode ?? b('wholeCommunity'), width: 110 },
            { title: b('clause'), dataIndex: 'clause' },
            { title: b('graceDays'), dataIndex: 'graceDays', align: 'right', width: 90 },
            { title: b('mode'), dataIndex: 'mode', render: (m: string) => b(`md_${m}`), width: 80 },
            { title: b('value'), render: (_, t) => `${t.basis === 'fixed' ? formatFen(t.value) : `${b('ofOverdue')} ${perTenThousand(t.value)}`}${t.mode === 'daily' ? b('perDay') : ''}`, width: 160 },
            { title: b('capCol'), dataIndex: 'capFen', render: (v: number | null) => (v === null ? '—' : formatFen(v)), width: 110 },
            { title: b('status'), render: (_, t) => (t.current ? <Tag color="green">{b('current')}</Tag> : <Tag>{b('superseded')}</Tag>), width: 130 },
            { title: b('time'), dataIndex: 'createdAt', render: formatDateTime, width: 140 },
            { title: '', width: 150, render: (_, t) => mayManage && t.current && <Button size="small" type="link" onClick={() => setEditing(t)}>{b('editTerm')}</Button> },
          ]}
          data-testid="late-terms"
        />
      </Card>
      <TermModal key={editing?.id ?? 'new'} term={editing} lateItems={lateItems} communityId={communityId} onClose={() => setEditing(null)} />
    </div>
  );
}

function TermModal({ term, lateItems, communityId, onClose }: { term: Partial<Term> | null; lateItems: FeeItem[]; communityId: string; onClose: () => void }) {
  const b = useBillingText();
  const qc = useQueryClient();
  const [form] = Form.useForm<TermForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [q, setQ] = useState('');
  const basis = Form.useWatch('basis', form) ?? term?.basis;
  const rooms = useQuery({
    queryKey: ['rooms', 'late-search', communityId, q],
    enabled: !!term && q.trim().length > 0,
    queryFn: async () => asPage(await api.get<Page<{ id: string; code: string }>>(`/api/v1/communities/${communityId}/rooms`, { q: q.trim(), limit: 20 })).items,
  });
  const editing = !!term?.id;

  async function save(v: TermForm) {
    const value = v.basis === 'fixed' ? yuanToFen(v.value) : /^\d+$/.test(v.value) ? Number(v.value) : null;
    const cap = v.cap?.trim() ? yuanToFen(v.cap) : undefined;
    if (!value || cap === null) {
      setError(new Error(b('amountInvalid')));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const roomId = editing ? term?.roomId ?? undefined : v.roomId?.value;
      await api.post('/api/v1/billing/late-fee-terms', {
        communityId,
        lateFeeItemId: v.lateFeeItemId,
        clause: v.clause.trim(),
        graceDays: v.graceDays,
        mode: v.mode,
        basis: v.basis,
        value,
        ...(roomId ? { roomId } : {}),
        ...(cap ? { capFen: cap } : {}),
      });
      void message.success(b('saved'));
      void qc.invalidateQueries({ queryKey: ['billing', 'late-terms'] });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={!!term} title={editing ? `${b('editTerm')} · ${term?.roomCode ?? b('wholeCommunity')}` : b('addTerm')} onCancel={onClose} onOk={() => form.submit()} okText={b('submit')} cancelText={b('cancel')} okButtonProps={{ loading: busy }} width={600} destroyOnHidden>
      {editing && <Alert type="info" showIcon title={b('editHint')} style={{ marginBottom: 12 }} />}
      <Form<TermForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{
          lateFeeItemId: term?.lateFeeItemId,
          clause: term?.clause,
          graceDays: term?.graceDays ?? 15,
          mode: term?.mode ?? 'daily',
          basis: term?.basis ?? 'percent',
          value: term?.value === undefined ? '' : term.basis === 'fixed' ? fenToYuanInput(term.value) : String(term.value),
          cap: term?.capFen ? fenToYuanInput(term.capFen) : '',
        }}
      >
        {!editing && (
          <Form.Item name="roomId" label={b('roomOptional')}>
            <Select labelInValue allowClear showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }} options={(rooms.data ?? []).map((r) => ({ value: r.id, label: r.code }))} placeholder={b('wholeCommunity')} />
          </Form.Item>
        )}
        <Form.Item name="lateFeeItemId" label={b('lateItem')} rules={[{ required: true }]}>
          <Select options={lateItems.map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))} />
        </Form.Item>
        <Form.Item name="clause" label={b('clause')} rules={[{ required: true, min: 4, message: b('reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={b('clausePh')} data-testid="late-clause" />
        </Form.Item>
        <Space size={16} align="start" wrap>
          <Form.Item name="graceDays" label={b('graceDays')} rules={[{ required: true }]}>
            <InputNumber min={0} max={365} precision={0} />
          </Form.Item>
          <Form.Item name="mode" label={b('mode')}>
            <Radio.Group optionType="button" options={(['daily', 'once'] as const).map((m) => ({ value: m, label: b(`md_${m}`) }))} />
          </Form.Item>
          <Form.Item name="basis" label={b('basis')}>
            <Radio.Group optionType="button" options={(['percent', 'fixed'] as const).map((m) => ({ value: m, label: b(`b_${m}`) }))} />
          </Form.Item>
        </Space>
        <Space size={16} align="start" wrap>
          <Form.Item name="value" label={basis === 'fixed' ? b('valueFixedHint') : b('valuePercentHint')} rules={[{ required: true }]}>
            <Input style={{ width: 180 }} data-testid="late-value" />
          </Form.Item>
          <Form.Item name="cap" label={b('cap')}>
            <Input style={{ width: 180 }} prefix="¥" />
          </Form.Item>
        </Space>
      </Form>
      <ActionError error={error} />
    </Modal>
  );
}

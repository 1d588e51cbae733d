/**
 * 票据与文书 (R-FEE-3/4/5/6): printable due notices (one room, a building or the community) and
 * the payment details they print; for one room: invoices (issue for payments or paid bills, void
 * with a reason), refund payouts (how and by whom the money went back), demand letters
 * (stored copy with masked names, or the delivery copy with full names — reason, logged).
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Space, Table, Tabs, Tag, message } from 'antd';
import { DownloadOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, asPage, download, type Page } from '../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { BillingNav } from './BillingNav.tsx';
import type { Adjustment, Payment } from './billingApi.ts';

const T = {
  notices: ['缴费通知单', 'Due notices'],
  noticesHint: ['打印下月到期费用的上门通知单：每户一页，含费用构成、账期、到期日、预存余额和缴费方式；不含业主个人信息。', 'Door notices for what falls due in the coming month: one page per room with the composition, period, due date, prepaid balance and ways to pay; no personal data.'],
  scope: ['范围', 'Scope'],
  community: ['全小区', 'Whole community'],
  building: ['楼栋', 'Building'],
  room: ['单户', 'One room'],
  from: ['起始日期', 'From'],
  downloadPdf: ['下载通知单 PDF', 'Download notices (PDF)'],
  payDetails: ['通知单上的缴费方式', 'Payment details on notices'],
  bankName: ['开户行', 'Bank'],
  bankAccountName: ['户名', 'Account name'],
  bankAccountNo: ['银行账号', 'Account number'],
  frontDesk: ['前台地址与时间', 'Front desk (place, hours)'],
  contactPhone: ['联系电话', 'Contact phone'],
  save: ['保存', 'Save'],
  saved: ['已保存', 'Saved'],
  roomDocs: ['房屋票据与文书', 'Documents of a room'],
  searchRoom: ['输入房号查找，如 1-1-101', 'Type a room code, e.g. 1-1-101'],
  invoices: ['发票', 'Invoices'],
  issue: ['开具发票', 'Issue invoice'],
  byPayments: ['按收款', 'For payments'],
  byBills: ['按已结清账单', 'For paid bills'],
  buyerName: ['购买方名称（抬头）', 'Buyer name'],
  buyerTaxId: ['纳税人识别号（可选）', 'Buyer tax id (optional)'],
  invoiceNo: ['发票号', 'Invoice no.'],
  amount: ['金额', 'Amount'],
  status: ['状态', 'Status'],
  issued: ['已开具', 'Issued'],
  void: ['已作废', 'Void'],
  voidBtn: ['作废', 'Void'],
  voidReason: ['作废原因', 'Reason for voiding'],
  receiptNo: ['收据号', 'Receipt no.'],
  method: ['方式', 'Method'],
  refunds: ['退款支付', 'Refund payouts'],
  payout: ['登记退款支付', 'Record payout'],
  payoutMethod: ['退款方式', 'Paid out by'],
  cash: ['前台现金', 'Cash at the desk'],
  bank_transfer: ['银行转账', 'Bank transfer'],
  original_channel: ['原路退回', 'Original online channel'],
  originalPayment: ['原线上收款', 'Original online payment'],
  reference: ['凭证号（可选）', 'Reference (optional)'],
  paidOut: ['已支付', 'Paid out'],
  waiting: ['待支付', 'To pay out'],
  letters: ['催缴函', 'Demand letters'],
  stage: ['阶段', 'Stage'],
  payBy: ['缴清期限', 'Pay by'],
  overdue: ['欠费', 'Overdue'],
  sent: ['已发出', 'Sent'],
  withdrawn: ['已撤回', 'Withdrawn'],
  storedCopy: ['存档件（姓名脱敏）', 'Stored copy (names masked)'],
  printCopy: ['打印送达件', 'Print for delivery'],
  printReason: ['打印原因（将记入查阅日志）', 'Reason (written to the access log)'],
  none: ['暂无', 'None'],
  created: ['时间', 'Time'],
  period: ['账期', 'Period'],
  item: ['收费项目', 'Fee item'],
} as const;
type Key = keyof typeof T;

interface Invoice { id: string; invoiceNo: string; buyerName: string; amountFen: number; status: 'issued' | 'void'; voidReason: string | null; issuedAt: string; items: Array<{ description: string; amountFen: number }> }
interface Letter { id: string; stage: string; status: 'sent' | 'withdrawn'; overdueFen: number; fileId: string | null; payBy: string | null; createdAt: string }
interface Bill { id: string; itemName: string; period: string; amountFen: number; paidFen: number; status: string }
type Payout = Adjustment & { payoutMethod: string | null; payoutAccountMasked: string | null; paidOutAt: string | null };

export function DocumentsPage() {
  const { lang } = useI18n();
  const t = (k: Key) => T[k][lang === 'en-US' ? 1 : 0];
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const qc = useQueryClient();
  const [roomQ, setRoomQ] = useState('');
  const [room, setRoom] = useState<{ id: string; code: string } | null>(null);

  const rooms = useQuery({
    queryKey: ['rooms', 'docs-search', communityId, roomQ],
    enabled: !!communityId && roomQ.trim().length > 0,
    queryFn: async () => asPage(await api.get<Page<{ id: string; code: string }>>(`/api/v1/communities/${communityId}/rooms`, { q: roomQ.trim(), limit: 20 })).items,
    placeholderData: (prev) => prev,
  });
  if (!communityId) return null;
  const may = (p: string) => can(user, p, communityId);
  const roomPicker = (
    <Select
      showSearch={{ filterOption: false, onSearch: setRoomQ, searchValue: roomQ }}
      style={{ width: 280 }}
      placeholder={t('searchRoom')}
      labelInValue
      allowClear
      value={room ? { value: room.id, label: room.code } : undefined}
      options={(rooms.data ?? []).map((r) => ({ value: r.id, label: r.code }))}
      onChange={(o) => {
        const v = o as { value: string; label: string } | undefined;
        setRoom(v ? { id: v.value, code: String(v.label) } : null);
      }}
      data-testid="docs-room"
    />
  );
  return (
    <div>
      <BillingNav />
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <NoticesCard communityId={communityId} room={room} t={t} canManage={can(user, 'billing.manage', communityId)} />
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('roomDocs')} extra={roomPicker}>
            {room ? (
              <Tabs
                size="small"
                // The server decides; the tabs and buttons only follow what the user may do.
                items={[
                  { key: 'invoices', label: t('invoices'), children: <InvoicesTab roomId={room.id} t={t} canIssue={may('payment.collect')} canVoid={may('payment.refund')} onChange={() => void qc.invalidateQueries({ queryKey: ['docs'] })} /> },
                  ...(may('payment.collect') ? [{ key: 'refunds', label: t('refunds'), children: <PayoutsTab roomId={room.id} t={t} /> }] : []),
                  ...(may('dunning.manage') ? [{ key: 'letters', label: t('letters'), children: <LettersTab roomId={room.id} t={t} /> }] : []),
                ]}
              />
            ) : (
              <Alert type="info" showIcon title={t('searchRoom')} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

type TFn = (k: Key) => string;

function NoticesCard({ communityId, room, t, canManage }: { communityId: string; room: { id: string; code: string } | null; t: TFn; canManage: boolean }) {
  const [scope, setScope] = useState<'community' | 'building' | 'room'>('building');
  const [buildingId, setBuildingId] = useState<string | undefined>();
  const [from, setFrom] = useState(dayjs());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const buildings = useQuery({ queryKey: ['docs', 'buildings', communityId], queryFn: async () => asPage(await api.get<Page<{ id: string; name: string; code: string }>>(`/api/v1/communities/${communityId}/buildings`, { limit: 200 })).items });
  const settings = useQuery({ queryKey: ['docs', 'notice-settings', communityId], queryFn: () => api.get<Record<string, string | null>>('/api/v1/billing/notice-settings', { communityId }) });
  const [form] = Form.useForm();
  const ready = scope === 'community' || (scope === 'building' && !!buildingId) || (scope === 'room' && !!room);

  async function get() {
    setBusy(true);
    setError(null);
    try {
      const q: Record<string, string> = { communityId, from: from.format('YYYY-MM-DD') };
      if (scope === 'building' && buildingId) q.buildingId = buildingId;
      if (scope === 'room' && room) q.roomId = room.id;
      await download('/api/v1/billing/notices.pdf', q, `notices-${q.from}.pdf`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  async function save(v: Record<string, string>) {
    try {
      const body = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x?.trim() ? x.trim() : null]));
      await api.put('/api/v1/billing/notice-settings', { communityId, ...body });
      void message.success(t('saved'));
      void settings.refetch();
    } catch (e) {
      void message.error((e as Error).message);
    }
  }
  return (
    <>
      <Card size="small" title={t('notices')} style={{ marginBottom: 16 }}>
        <p style={{ color: '#666', marginTop: 0 }}>{t('noticesHint')}</p>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group value={scope} onChange={(e) => setScope(e.target.value)} data-testid="notice-scope">
            <Radio.Button value="building">{t('building')}</Radio.Button>
            <Radio.Button value="community">{t('community')}</Radio.Button>
            <Radio.Button value="room">{t('room')}{room ? ` ${room.code}` : ''}</Radio.Button>
          </Radio.Group>
          <Space wrap>
            {scope === 'building' && (
              <Select style={{ width: 180 }} placeholder={t('building')} value={buildingId} onChange={setBuildingId} options={(buildings.data ?? []).map((b) => ({ value: b.id, label: b.name }))} data-testid="notice-building" />
            )}
            <DatePicker value={from} onChange={(d) => d && setFrom(d)} allowClear={false} aria-label={t('from')} />
            <Button type="primary" icon={<FilePdfOutlined />} disabled={!ready} loading={busy} onClick={() => void get()} data-testid="notice-download">
              {t('downloadPdf')}
            </Button>
          </Space>
          <ErrorAlert error={error} />
        </Space>
      </Card>
      <Card size="small" title={t('payDetails')}>
        {settings.data && (
          <Form form={form} layout="vertical" size="small" initialValues={settings.data} onFinish={(v) => void save(v)} disabled={!canManage}>
            <Form.Item name="frontDesk" label={t('frontDesk')}>
              <Input maxLength={200} />
            </Form.Item>
            <Row gutter={8}>
              <Col span={12}>
                <Form.Item name="bankName" label={t('bankName')}>
                  <Input maxLength={64} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="bankAccountName" label={t('bankAccountName')}>
                  <Input maxLength={64} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col span={14}>
                <Form.Item name="bankAccountNo" label={t('bankAccountNo')} rules={[{ pattern: /^[0-9 ]{8,40}$/, message: '8–40 位数字 / 8–40 digits' }]}>
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="contactPhone" label={t('contactPhone')}>
                  <Input maxLength={32} />
                </Form.Item>
              </Col>
            </Row>
            {canManage && (
              <Button htmlType="submit" data-testid="notice-settings-save">
                {t('save')}
              </Button>
            )}
          </Form>
        )}
        <ErrorAlert error={settings.error} />
      </Card>
    </>
  );
}

function InvoicesTab({ roomId, t, canIssue, canVoid, onChange }: { roomId: string; t: TFn; canIssue: boolean; canVoid: boolean; onChange: () => void }) {
  const invoices = useQuery({ queryKey: ['docs', 'invoices', roomId], queryFn: () => api.get<{ items: Invoice[] }>(`/api/v1/rooms/${roomId}/invoices`) });
  const payments = useQuery({ queryKey: ['docs', 'payments', roomId], queryFn: () => api.get<{ items: Payment[] }>(`/api/v1/rooms/${roomId}/payments`) });
  const bills = useQuery({ queryKey: ['docs', 'bills', roomId], queryFn: () => api.get<{ items: Bill[] }>(`/api/v1/rooms/${roomId}/bills`) });
  const [open, setOpen] = useState(false);
  const [by, setBy] = useState<'payments' | 'bills'>('payments');
  const [chosen, setChosen] = useState<string[]>([]);
  const [voiding, setVoiding] = useState<Invoice | null>(null);
  const [reason, setReason] = useState('');
  const [form] = Form.useForm();
  const confirmed = useMemo(() => (payments.data?.items ?? []).filter((p) => p.status === 'confirmed'), [payments.data]);
  const paidBills = useMemo(() => (bills.data?.items ?? []).filter((b) => b.status === 'paid' && b.amountFen > 0), [bills.data]);

  async function issue() {
    const v = (await form.validateFields()) as { buyerName: string; buyerTaxId?: string };
    try {
      const r = await api.post<Invoice>('/api/v1/invoices', { roomId, buyerName: v.buyerName.trim(), ...(v.buyerTaxId?.trim() ? { buyerTaxId: v.buyerTaxId.trim() } : {}), [by === 'payments' ? 'paymentIds' : 'billIds']: chosen });
      void message.success(`${t('issued')} ${r.invoiceNo}`);
      setOpen(false);
      setChosen([]);
      form.resetFields();
      void invoices.refetch();
      onChange();
    } catch (e) {
      void message.error((e as Error).message);
    }
  }
  async function doVoid() {
    if (!voiding) return;
    try {
      await api.post(`/api/v1/invoices/${voiding.id}/void`, { reason: reason.trim() });
      setVoiding(null);
      setReason('');
      void invoices.refetch();
    } catch (e) {
      void message.error((e as Error).message);
    }
  }
  return (
    <>
      {canIssue && (
        <Space style={{ marginBottom: 8 }}>
          <Button type="primary" onClick={() => setOpen(true)} data-testid="invoice-issue">
            {t('issue')}
          </Button>
        </Space>
      )}
      <ErrorAlert error={invoices.error} />
      <Table<Invoice>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={invoices.data?.items ?? []}
        locale={{ emptyText: t('none') }}
        columns={[
          { title: t('invoiceNo'), dataIndex: 'invoiceNo', render: (no: string, i) => (i.status === 'void' ? <s>{no}</s> : no) },
          { title: t('buyerName'), dataIndex: 'buyerName' },
          { title: t('amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
          { title: t('status'), dataIndex: 'status', render: (s: string, i) => (s === 'void' ? <Tag title={i.voidReason ?? ''}>{t('void')}</Tag> : <Tag color="green">{t('issued')}</Tag>) },
          { title: t('created'), dataIndex: 'issuedAt', render: (v: string) => formatDateTime(v) },
          { title: '', render: (_, i) => canVoid && i.status === 'issued' && <Button size="small" danger onClick={() => setVoiding(i)}>{t('voidBtn')}</Button> },
        ]}
      />
      <Modal open={open} title={t('issue')} onCancel={() => setOpen(false)} onOk={() => void issue()} okButtonProps={{ disabled: !chosen.length, 'data-testid': 'invoice-issue-ok' } as never} destroyOnHidden>
        <Radio.Group value={by} onChange={(e) => (setBy(e.target.value), setChosen([]))} style={{ marginBottom: 12 }}>
          <Radio.Button value="payments">{t('byPayments')}</Radio.Button>
          <Radio.Button value="bills">{t('byBills')}</Radio.Button>
        </Radio.Group>
        <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])} style={{ display: 'flex', flexDirection: 'column', gap: 4, marginBottom: 12 }}>
          {by === 'payments'
            ? confirmed.map((p) => <Checkbox key={p.id} value={p.id}>{`${p.receiptNo} · ${formatFen(p.amountFen)} · ${formatDateTime(p.createdAt)}`}</Checkbox>)
            : paidBills.map((b) => <Checkbox key={b.id} value={b.id}>{`${b.itemName} ${b.period} · ${formatFen(b.amountFen)}`}</Checkbox>)}
        </Checkbox.Group>
        <Form form={form} layout="vertical" size="small">
          <Form.Item name="buyerName" label={t('buyerName')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input data-testid="invoice-buyer" />
          </Form.Item>
          <Form.Item name="buyerTaxId" label={t('buyerTaxId')} rules={[{ pattern: /^[0-9A-Z]{15,20}$/, message: '15–20 位数字或大写字母 / 15–20 digits or capitals' }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!voiding} title={`${t('voidBtn')} ${voiding?.invoiceNo ?? ''}`} onCancel={() => setVoiding(null)} onOk={() => void doVoid()} okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('voidReason')} maxLength={500} rows={3} />
      </Modal>
    </>
  );
}

function PayoutsTab({ roomId, t }: { roomId: string; t: TFn }) {
  const list = useQuery({ queryKey: ['docs', 'adjustments', roomId], queryFn: () => api.get<{ items: Payout[] }>(`/api/v1/rooms/${roomId}/payment-adjustments`) });
  const payments = useQuery({ queryKey: ['docs', 'payments', roomId], queryFn: () => api.get<{ items: Payment[] }>(`/api/v1/rooms/${roomId}/payments`) });
  const [target, setTarget] = useState<Payout | null>(null);
  const [method, setMethod] = useState<'cash' | 'bank_transfer' | 'original_channel'>('cash');
  const [form] = Form.useForm();
  const refunds = (list.data?.items ?? []).filter((a) => a.kind === 'refund' && a.status === 'approved');
  const online = (payments.data?.items ?? []).filter((p) => p.status === 'confirmed' && (p.method === 'wechat' || p.method === 'alipay'));

  async function save() {
    if (!target) return;
    const v = (await form.validateFields()) as Record<string, string>;
    const clean = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== ''));
    try {
      await api.post(`/api/v1/payment-adjustments/${target.id}/payout`, { method, ...clean });
      setTarget(null);
      form.resetFields();
      void list.refetch();
    } catch (e) {
      void message.error((e as Error).message);
    }
  }
  return (
    <>
      <ErrorAlert error={list.error} />
      <Table<Payout>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={refunds}
        locale={{ emptyText: t('none') }}
        columns={[
          { title: t('amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
          { title: t('status'), render: (_, a) => (a.paidOutAt ? <Tag color="green">{t('paidOut')}</Tag> : <Tag color="orange">{t('waiting')}</Tag>) },
          { title: t('payoutMethod'), render: (_, a) => (a.payoutMethod ? `${t(a.payoutMethod as Key)}${a.payoutAccountMasked ? ` ${a.payoutAccountMasked}` : ''}` : '—') },
          { title: t('created'), render: (_, a) => formatDateTime(a.paidOutAt ?? a.createdAt) },
          { title: '', render: (_, a) => !a.paidOutAt && <Button size="small" type="primary" onClick={() => setTarget(a)} data-testid="payout-open">{t('payout')}</Button> },
        ]}
      />
      <Modal open={!!target} title={`${t('payout')} ${target ? formatFen(target.amountFen) : ''}`} onCancel={() => setTarget(null)} onOk={() => void save()} destroyOnHidden>
        <Radio.Group value={method} onChange={(e) => setMethod(e.target.value)} style={{ marginBottom: 12 }}>
          <Radio.Button value="cash">{t('cash')}</Radio.Button>
          <Radio.Button value="bank_transfer">{t('bank_transfer')}</Radio.Button>
          <Radio.Button value="original_channel" disabled={!online.length}>{t('original_channel')}</Radio.Button>
        </Radio.Group>
        <Form form={form} layout="vertical" size="small">
          {method === 'bank_transfer' && (
            <>
              <Form.Item name="bankName" label={t('bankName')} rules={[{ required: true, min: 2 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="accountName" label={t('bankAccountName')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="accountNo" label={t('bankAccountNo')} rules={[{ required: true, pattern: /^[0-9 ]{8,40}$/, message: '8–30 位数字 / 8–30 digits' }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </>
          )}
          {method === 'original_channel' && (
            <Form.Item name="paymentId" label={t('originalPayment')} rules={[{ required: true }]}>
              <Select options={online.map((p) => ({ value: p.id, label: `${p.receiptNo} · ${formatFen(p.amountFen)}` }))} />
            </Form.Item>
          )}
          <Form.Item name="reference" label={t('reference')}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function LettersTab({ roomId, t }: { roomId: string; t: TFn }) {
  const hist = useQuery({ queryKey: ['docs', 'dunning', roomId], queryFn: () => api.get<{ letters: Letter[] }>(`/api/v1/rooms/${roomId}/dunning`) });
  const [printing, setPrinting] = useState<Letter | null>(null);
  const [reason, setReason] = useState('');
  const letters = (hist.data?.letters ?? []).filter((l) => l.fileId);
  async function get(l: Letter, print: boolean) {
    try {
      await download(`/api/v1/dunning/letters/${l.id}/letter.pdf`, print ? { print: 'true', reason: reason.trim() } : undefined, `letter-${l.id}.pdf`);
      setPrinting(null);
      setReason('');
    } catch (e) {
      void message.error((e as Error).message);
    }
  }
  return (
    <>
      <ErrorAlert error={hist.error} />
      <Table<Letter>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={letters}
        locale={{ emptyText: t('none') }}
        columns={[
          { title: t('created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: t('overdue'), dataIndex: 'overdueFen', align: 'right', render: (v: number) => formatFen(v) },
          { title: t('payBy'), dataIndex: 'payBy' },
          { title: t('status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'sent' ? 'blue' : 'default'}>{t(s as Key)}</Tag> },
          {
            title: '',
            render: (_, l) => (
              <Space>
                <Button size="small" icon={<DownloadOutlined />} onClick={() => void get(l, false)} data-testid="letter-stored">
                  {t('storedCopy')}
                </Button>
                {l.status === 'sent' && (
                  <Button size="small" icon={<PrinterOutlined />} onClick={() => setPrinting(l)} data-testid="letter-print">
                    {t('printCopy')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!printing} title={t('printCopy')} onCancel={() => setPrinting(null)} onOk={() => printing && void get(printing, true)} okButtonProps={{ disabled: reason.trim().length < 2 }}>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('printReason')} maxLength={200} rows={2} />
      </Modal>
    </>
  );
}

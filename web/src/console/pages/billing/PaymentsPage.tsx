/**
 * 收费台 (R-FEE-4/5): find a room by code, see its open bills and prepaid balance, take a
 * payment (chosen bills or oldest first; cash, card, bank transfer, door-to-door by two staff),
 * print the receipt; the room's payment history, reversal and refund requests.
 * Every attempt carries one Idempotency-Key: a double click or a retry after a lost answer
 * replays the first result instead of charging again.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Input, Modal, Radio, Result, Row, Segmented, Select, Space, Statistic, Table, Tag, Tooltip, message } from 'antd';
import { PrinterOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError, asPage, download, type Page } from '../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useSlashFocus } from '../../ui/useSlashFocus.ts';
import { BillingNav } from './BillingNav.tsx';
import { ActionError } from './ActionError.tsx';
import { useBillingText } from './billingText.ts';
import { DESK_METHODS, fenToYuanInput, newIdempotencyKey, postPayment, yuanToFen, type Adjustment, type Bill, type DeskMethod, type Payment, type PaymentReply, type RoomBills, type Staff } from './billingApi.ts';

const STATUS_COLOR: Record<string, string> = { unpaid: 'red', partial: 'orange', paid: 'green', pending: 'blue', confirmed: 'green', reversed: 'default', failed: 'default' };

export function PaymentsPage() {
  const b = useBillingText();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const roomId = params.get('room');
  const roomCode = params.get('code') ?? '';
  const searchRef = useRef<{ focus: () => void } | null>(null);
  const amountRef = useRef<{ focus: () => void } | null>(null);
  useSlashFocus(searchRef);

  const [q, setQ] = useState('');
  const rooms = useQuery({
    queryKey: ['rooms', 'pay-search', communityId, q],
    enabled: !!communityId && q.trim().length > 0,
    queryFn: async () => asPage(await api.get<Page<{ id: string; code: string }>>(`/api/v1/communities/${communityId}/rooms`, { q: q.trim(), limit: 20 })).items,
    placeholderData: (prev) => prev,
  });
  const roomOptions = useMemo(() => {
    const list = rooms.data ?? [];
    const exact = list.filter((r) => r.code === q.trim());
    return [...exact, ...list.filter((r) => r.code !== q.trim())].map((r) => ({ value: r.id, label: r.code }));
  }, [rooms.data, q]);

  const bills = useQuery({ queryKey: ['billing', 'room-bills', roomId], enabled: !!roomId, queryFn: () => api.get<RoomBills>(`/api/v1/rooms/${roomId}/bills`) });
  const history = useQuery({ queryKey: ['billing', 'room-payments', roomId], enabled: !!roomId, queryFn: () => api.get<{ items: Payment[] }>(`/api/v1/rooms/${roomId}/payments`) });
  const adjustments = useQuery({ queryKey: ['billing', 'room-adjustments', roomId], enabled: !!roomId, queryFn: () => api.get<{ items: Adjustment[] }>(`/api/v1/rooms/${roomId}/payment-adjustments`) });
  const staff = useQuery({ queryKey: ['billing', 'staff', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: Staff[] }>('/api/v1/billing/staff', { communityId }) });
  const open = useMemo(() => (bills.data?.items ?? []).filter((x) => x.paidFen < x.amountFen).sort((x, y) => (x.dueDate < y.dueDate ? -1 : x.dueDate > y.dueDate ? 1 : 0)), [bills.data]);
  const openTotal = open.reduce((s, x) => s + x.amountFen - x.paidFen, 0);

  const [alloc, setAlloc] = useState<'oldest' | 'chosen'>('oldest');
  const [chosen, setChosen] = useState<string[]>([]);
  const [method, setMethod] = useState<DeskMethod>('cash');
  const [collectors, setCollectors] = useState<string[]>([]);
  const [amount, setAmount] = useState('');
  const [payer, setPayer] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [lost, setLost] = useState(false);
  const [done, setDone] = useState<PaymentReply | null>(null);
  // One key per attempt: made when the attempt's content is first sent, kept for its retries,
  // dropped once it succeeded or the clerk changes what is being paid.
  const keyRef = useRef<string | null>(null);
  const inFlight = useRef(false);

  const chosenDue = open.filter((x) => chosen.includes(x.id)).reduce((s, x) => s + x.amountFen - x.paidFen, 0);
  // The amount follows the selection until the clerk types one.
  const [amountTouched, setAmountTouched] = useState(false);
  useEffect(() => {
    // After a lost answer the attempt is frozen: a refreshed open total must not change it (and its key).
    if (amountTouched || lost) return;
    const due = alloc === 'chosen' ? chosenDue : openTotal;
    setAmount(due ? fenToYuanInput(due) : '');
  }, [alloc, chosenDue, openTotal, amountTouched, lost]);
  useEffect(() => {
    keyRef.current = null;
    setLost(false);
  }, [roomId, alloc, chosen, method, collectors, amount, payer]);
  useEffect(() => {
    setChosen([]);
    setAmountTouched(false);
    setDone(null);
    setError(null);
  }, [roomId]);

  if (!communityId) return null;
  const mayCollect = can(user, 'payment.collect', communityId);
  const mayRequest = can(user, 'payment.refund', communityId);

  const pickRoom = (id: string | null, code?: string) => {
    const next = new URLSearchParams(params);
    if (id) {
      next.set('room', id);
      next.set('code', code ?? '');
    } else {
      next.delete('room');
      next.delete('code');
    }
    setParams(next);
    setQ('');
    if (id) setTimeout(() => amountRef.current?.focus(), 0);
  };

  const fen = yuanToFen(amount);
  const collectorsOk = method !== 'door' || (collectors.length === 2 && collectors[0] !== collectors[1]);
  const problem = !roomId ? b('pickRoomFirst') : !fen ? b('amountInvalid') : alloc === 'chosen' && !chosen.length ? b('chooseBills') : !collectorsOk ? b('collectorsTwo') : null;

  async function submit() {
    if (problem || inFlight.current || !fen || !roomId) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    keyRef.current ??= newIdempotencyKey();
    const body = {
      roomId,
      billIds: alloc === 'chosen' ? chosen : [],
      amountFen: fen,
      method: method === 'door' ? 'cash' : method,
      ...(payer.trim() ? { payerName: payer.trim() } : {}),
      ...(method === 'door' ? { collectorIds: collectors } : {}),
    };
    try {
      const r = await postPayment(body, keyRef.current);
      keyRef.current = null;
      setLost(false);
      setDone(r);
      void qc.invalidateQueries({ queryKey: ['billing'] });
    } catch (e) {
      // A lost answer may hide a payment that went through: keep the key so the retry replays it.
      setLost(e instanceof ApiError && (e.code === 'NETWORK' || e.status >= 500 || e.code === 'IDEMPOTENCY_IN_PROGRESS'));
      if (!(e instanceof ApiError && (e.code === 'NETWORK' || e.status >= 500 || e.code === 'IDEMPOTENCY_IN_PROGRESS'))) keyRef.current = null;
      setError(e);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  /** Give up the frozen attempt after checking the history: the next submit is a new payment. */
  function abandonAttempt() {
    keyRef.current = null;
    setLost(false);
    setError(null);
    void qc.invalidateQueries({ queryKey: ['billing'] });
  }

  function nextPayment() {
    setDone(null);
    setChosen([]);
    setAmountTouched(false);
    setPayer('');
    setCollectors([]);
    searchRef.current?.focus();
  }

  const receiptUrl = (id: string) => `/api/v1/payments/${id}/receipt.pdf`;
  const pendingReversal = new Set((adjustments.data?.items ?? []).filter((a) => a.kind === 'reversal' && a.status === 'requested').map((a) => a.paymentId));
  const staffName = (id: string) => staff.data?.items.find((s) => s.id === id)?.name ?? id.slice(0, 8);

  return (
    <div>
      <h2 className="pms-page-title">{b('navPayments')}</h2>
      <BillingNav />
      {!mayCollect && <Alert type="info" showIcon title={b('noPermission')} style={{ marginBottom: 12 }} />}
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Space align="center" wrap style={{ width: '100%' }}>
              <Select
                ref={searchRef as never}
                autoFocus
                // "/" focuses the search from anywhere; typed while already inside it, it is ignored.
                showSearch={{ filterOption: false, onSearch: (v) => setQ(v.replace(/^\//, '')), searchValue: q }}
                style={{ width: 360 }}
                size="large"
                placeholder={b('searchRoom')}
                value={roomId ? { value: roomId, label: roomCode } : undefined}
                labelInValue
                allowClear
                disabled={lost}
                notFoundContent={q ? (rooms.isFetching ? '…' : b('notFoundRoom')) : null}
                options={roomOptions}
                onChange={(o) => {
                  const opt = o as { value: string; label: string } | undefined;
                  pickRoom(opt?.value ?? null, opt ? String(opt.label) : undefined);
                }}
                data-testid="pay-room"
              />
              {roomId && (
                <Space size={32} style={{ marginLeft: 16 }}>
                  <Statistic title={b('openTotal')} value={formatFen(openTotal)} valueStyle={{ color: openTotal ? '#cf1322' : undefined, fontSize: 20 }} />
                  <Statistic title={b('prepaidBalance')} value={formatFen(bills.data?.balanceFen ?? 0)} valueStyle={{ fontSize: 20 }} />
                  {mayRequest && (bills.data?.balanceFen ?? 0) > 0 && <RefundButton roomId={roomId} balanceFen={bills.data?.balanceFen ?? 0} />}
                </Space>
              )}
            </Space>
          </Card>
          <Card size="small" title={roomId ? `${b('openBills')} · ${roomCode}` : b('openBills')} style={{ marginBottom: 16 }}>
            <ErrorAlert error={bills.error} />
            {roomId ? (
              <Table<Bill>
                size="small"
                rowKey="id"
                loading={bills.isLoading}
                dataSource={open}
                pagination={false}
                scroll={{ y: 320 }}
                locale={{ emptyText: b('noOpenBills') }}
                rowSelection={
                  alloc === 'chosen'
                    ? { selectedRowKeys: chosen, onChange: (keys) => setChosen(keys as string[]), getCheckboxProps: () => ({ disabled: lost }) }
                    : undefined
                }
                onRow={(r) => ({ onClick: () => alloc === 'chosen' && !lost && setChosen((c) => (c.includes(r.id) ? c.filter((x) => x !== r.id) : [...c, r.id])) })}
                columns={[
                  { title: b('period'), dataIndex: 'period', width: 90 },
                  { title: b('item'), dataIndex: 'itemName', render: (v: string, r) => (r.clause ? <Tooltip title={r.clause}>{v} ⓘ</Tooltip> : v) },
                  { title: b('due'), dataIndex: 'amountFen', align: 'right', render: formatFen },
                  { title: b('paid'), dataIndex: 'paidFen', align: 'right', render: formatFen },
                  { title: b('outstanding'), align: 'right', render: (_, r) => <b>{formatFen(r.amountFen - r.paidFen)}</b> },
                  { title: b('dueDate'), dataIndex: 'dueDate', width: 110 },
                  { title: b('status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS_COLOR[s]}>{b(`st_${s}`)}</Tag> },
                ]}
                data-testid="pay-bills"
              />
            ) : (
              <Empty description={b('pickRoomFirst')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={b('collect')} style={{ marginBottom: 16 }} data-testid="pay-form">
            {done ? (
              <Result
                status="success"
                title={`${b('paidOk')} ${formatFen(done.amountFen)}`}
                subTitle={
                  <span data-testid="pay-receipt-no">
                    {b('receiptNo')}：{done.receiptNo}
                  </span>
                }
                extra={[
                  <Button key="print" type="primary" icon={<PrinterOutlined />} onClick={() => window.open(receiptUrl(done.id), '_blank')}>
                    {b('printReceipt')}
                  </Button>,
                  <Button key="dl" icon={<DownloadOutlined />} data-testid="pay-receipt-download" onClick={() => void download(receiptUrl(done.id), undefined, `receipt-${done.receiptNo}.pdf`).catch((e: Error) => message.error(e.message))}>
                    {b('downloadReceipt')}
                  </Button>,
                  <Button key="next" autoFocus onClick={nextPayment} data-testid="pay-next">
                    {b('nextPayment')}
                  </Button>,
                ]}
              >
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={b('allocated')}>{formatFen(done.allocations.reduce((s, a) => s + a.amountFen, 0))}</Descriptions.Item>
                  <Descriptions.Item label={b('toPrepaid')}>{formatFen(done.amountFen - done.allocations.reduce((s, a) => s + a.amountFen, 0))}</Descriptions.Item>
                </Descriptions>
              </Result>
            ) : (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void submit();
                }}
              >
                <div className="billing-field">
                  <label>{b('allocation')}</label>
                  <Segmented
                    block
                    disabled={lost}
                    value={alloc}
                    onChange={(v) => setAlloc(v as 'oldest' | 'chosen')}
                    options={[
                      { value: 'oldest', label: b('allocOldest') },
                      { value: 'chosen', label: b('allocChosen') },
                    ]}
                    data-testid="pay-alloc"
                  />
                  <div className="billing-hint">{b('allocHint')}</div>
                </div>
                <div className="billing-field">
                  <label>{b('method')}</label>
                  <Radio.Group disabled={lost} value={method} onChange={(e) => setMethod(e.target.value as DeskMethod)} optionType="button" buttonStyle="solid" data-testid="pay-method">
                    {DESK_METHODS.map((m) => (
                      <Radio.Button key={m} value={m}>
                        {b(`m_${m}`)}
                      </Radio.Button>
                    ))}
                  </Radio.Group>
                </div>
                {method === 'door' && (
                  <div className="billing-field">
                    <label>{b('collectors')}</label>
                    <Select
                      mode="multiple"
                      disabled={lost}
                      maxCount={2}
                      style={{ width: '100%' }}
                      value={collectors}
                      onChange={setCollectors}
                      options={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
                      optionFilterProp="label"
                      placeholder={b('collectorsHint')}
                      data-testid="pay-collectors"
                    />
                  </div>
                )}
                <div className="billing-field">
                  <label>{b('amountYuan')}</label>
                  <Input
                    ref={amountRef as never}
                    size="large"
                    prefix="¥"
                    disabled={lost}
                    value={amount}
                    onChange={(e) => {
                      setAmountTouched(true);
                      setAmount(e.target.value);
                    }}
                    status={amount && !fen ? 'error' : undefined}
                    inputMode="decimal"
                    data-testid="pay-amount"
                  />
                </div>
                <div className="billing-field">
                  <label>{b('payerOptional')}</label>
                  <Input disabled={lost} value={payer} onChange={(e) => setPayer(e.target.value)} maxLength={64} data-testid="pay-payer" />
                </div>
                {lost ? (
                  <Alert
                    type="warning"
                    showIcon
                    title={b('retrySafe')}
                    action={
                      <Button size="small" type="text" onClick={abandonAttempt}>
                        {b('abandon')}
                      </Button>
                    }
                    style={{ marginBottom: 12 }}
                    data-testid="pay-retry-hint"
                  />
                ) : (
                  !!error && <Alert type="error" showIcon title={b('payFailed')} description={(error as Error).message} style={{ marginBottom: 12 }} data-testid="pay-error" />
                )}
                <Tooltip title={problem}>
                  <Button type="primary" htmlType="submit" size="large" block loading={busy} disabled={!mayCollect || !!problem} data-testid="pay-submit">
                    {b('collect')} {fen ? formatFen(fen) : ''}
                  </Button>
                </Tooltip>
              </form>
            )}
          </Card>
        </Col>
      </Row>
      {roomId && (
        <Card size="small" title={`${b('history')} · ${roomCode}`}>
          <ErrorAlert error={history.error ?? adjustments.error} />
          <Table<Payment>
            size="small"
            rowKey="id"
            loading={history.isLoading}
            dataSource={history.data?.items ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: b('receiptNo'), dataIndex: 'receiptNo', render: (v: string | null) => v ?? '—' },
              { title: b('time'), dataIndex: 'createdAt', render: formatDateTime },
              { title: b('method'), render: (_, p) => (p.collectorIds.length ? `${b(`m_${p.method}`)} · ${b('m_door')}（${p.collectorIds.map(staffName).join('、')}）` : b(`m_${p.method}`)) },
              { title: b('payer'), dataIndex: 'payerName', render: (v: string | null) => v ?? '—' },
              { title: b('amount'), dataIndex: 'amountFen', align: 'right', render: formatFen },
              {
                title: b('status'),
                render: (_, p) => (
                  <Space size={4}>
                    <Tag color={STATUS_COLOR[p.status]}>{b(`ps_${p.status}`)}</Tag>
                    {pendingReversal.has(p.id) && <Tag color="gold">{b('reversalPending')}</Tag>}
                  </Space>
                ),
              },
              {
                title: b('actions'),
                render: (_, p) => (
                  <Space size={4}>
                    {p.receiptNo && (
                      <Button size="small" type="link" icon={<PrinterOutlined />} onClick={() => window.open(receiptUrl(p.id), '_blank')}>
                        {b('printReceipt')}
                      </Button>
                    )}
                    {mayRequest && p.status === 'confirmed' && !pendingReversal.has(p.id) && <ReversalButton payment={p} />}
                  </Space>
                ),
              },
            ]}
            data-testid="pay-history"
          />
        </Card>
      )}
    </div>
  );
}

/** Asks for a reason and files the reversal request; someone else approves it. */
function ReversalButton({ payment }: { payment: Payment }) {
  const b = useBillingText();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function send() {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/v1/payments/${payment.id}/reversal`, { reason: reason.trim() });
      void message.success(b('requested'));
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ['billing'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button size="small" type="link" danger onClick={() => setOpen(true)} data-testid={`pay-reverse-${payment.receiptNo}`}>
        {b('requestReversal')}
      </Button>
      <Modal
        open={open}
        title={`${b('reversalTitle')} · ${payment.receiptNo} · ${formatFen(payment.amountFen)}`}
        onCancel={() => setOpen(false)}
        onOk={() => void send()}
        okText={b('submit')}
        cancelText={b('cancel')}
        okButtonProps={{ disabled: reason.trim().length < 2, loading: busy, danger: true, 'data-testid': 'reversal-submit' } as never}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={b('reversalHint')} style={{ marginBottom: 12 }} />
        <Input.TextArea autoFocus rows={3} maxLength={500} placeholder={b('reasonRequired')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reversal-reason" />
        <div style={{ marginTop: 12 }}>
          <ActionError error={error} />
        </div>
      </Modal>
    </>
  );
}

/** Refund of (part of) the prepaid balance: amount and reason, approved by someone else. */
function RefundButton({ roomId, balanceFen }: { roomId: string; balanceFen: number }) {
  const b = useBillingText();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState(fenToYuanInput(balanceFen));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fen = yuanToFen(amount);
  async function send() {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/v1/rooms/${roomId}/refunds`, { amountFen: fen, reason: reason.trim() });
      void message.success(b('requested'));
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ['billing'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button onClick={() => setOpen(true)}>{b('requestRefund')}</Button>
      <Modal open={open} title={b('refundTitle')} onCancel={() => setOpen(false)} onOk={() => void send()} okText={b('submit')} cancelText={b('cancel')} okButtonProps={{ disabled: !fen || reason.trim().length < 2, loading: busy }} destroyOnHidden>
        <div className="billing-field">
          <label>{b('amountYuan')}</label>
          <Input prefix="¥" value={amount} onChange={(e) => setAmount(e.target.value)} status={amount && !fen ? 'error' : undefined} />
        </div>
        <div className="billing-field">
          <label>{b('reason')}</label>
          <Input.TextArea rows={3} maxLength={500} placeholder={b('reasonRequired')} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <ActionError error={error} />
      </Modal>
    </>
  );
}

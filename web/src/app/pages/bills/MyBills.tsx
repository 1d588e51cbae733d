/** 我的账单 (R-APP-1, R-FEE-4/5): bills per room, prepaid balance, pay online, receipts. */
import { useState } from 'react';
import { Button, Checkbox, DotLoading, ErrorBlock, List, Tag, Toast } from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../../shared/api.ts';
import { formatDate, formatFen } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { useLiveUpdates } from '../../../shared/live.ts';
import type { SessionUser } from '../../../shared/session.ts';

interface Bill {
  id: string;
  itemName: string;
  period: string;
  amountFen: number;
  paidFen: number;
  status: 'unpaid' | 'partial' | 'paid';
  dueDate: string;
  clause: string | null;
  /** 优惠: gross − discount = amountFen (net); the rules are cited by name. */
  grossFen?: number;
  discountFen?: number;
  discounts?: Array<{ name: string; fen: number }>;
  periodStart?: string;
  periodEnd?: string;
}
interface Payment { id: string; amountFen: number; method: string; status: string; receiptNo: string | null; createdAt: string }

const TEXT = {
  'zh-CN': { title: '我的账单', room: '房屋', balance: '预存余额', open: '待缴', paid: '已缴清', partial: '部分缴纳', unpaid: '未缴', due: '缴费期限', pay: '微信支付', payAll: '缴清全部', none: '暂无账单', receipts: '缴费记录', receipt: '收据', pending: '待确认', sent: '请在微信中完成支付；到账后自动更新', chosen: '已选', gross: '原价', discount: '优惠', net: '应缴', days: '计费' },
  'en-US': { title: 'My bills', room: 'Room', balance: 'Prepaid balance', open: 'To pay', paid: 'Paid', partial: 'Partly paid', unpaid: 'Unpaid', due: 'Due', pay: 'Pay with WeChat', payAll: 'Pay all', none: 'No bills yet', receipts: 'Payments', receipt: 'Receipt', pending: 'Awaiting confirmation', sent: 'Finish the payment in WeChat; this page updates when it is confirmed', chosen: 'Selected', gross: 'Gross', discount: 'Discount', net: 'Net', days: 'Billed' },
};

/** Last day of a 'YYYY-MM' period: lines that cover less (move-in, transfer) show their own dates. */
function lastDay(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return `${period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

function RoomBills({ roomId, tx }: { roomId: string; tx: (typeof TEXT)['zh-CN'] }) {
  const qc = useQueryClient();
  const bills = useQuery({ queryKey: ['payment', 'bills', roomId], queryFn: () => api.get<{ items: Bill[]; balanceFen: number }>(`/api/v1/rooms/${roomId}/bills`) });
  const pays = useQuery({ queryKey: ['payment', 'list', roomId], queryFn: () => api.get<{ items: Payment[] }>(`/api/v1/rooms/${roomId}/payments`) });
  const [chosen, setChosen] = useState<string[]>([]);
  // One key per payment attempt: a retried tap never pays twice.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  if (bills.isLoading) return <DotLoading color="primary" />;
  if (bills.error) return <ErrorBlock status="default" description={(bills.error as Error).message} />;
  const open = (bills.data?.items ?? []).filter((b) => b.status !== 'paid');
  const owed = (list: Bill[]) => list.reduce((s, b) => s + b.amountFen - b.paidFen, 0);
  const amount = chosen.length ? owed(open.filter((b) => chosen.includes(b.id))) : owed(open);

  async function pay() {
    setBusy(true);
    try {
      const r = await request<{ checkout: { payUrl: string } | null }>('POST', '/api/v1/payments', { roomId, billIds: chosen, amountFen: amount, method: 'wechat' }, { headers: { 'idempotency-key': key } });
      setKey(crypto.randomUUID());
      setChosen([]);
      Toast.show({ content: tx.sent });
      if (r.checkout?.payUrl) window.location.href = r.checkout.payUrl;
      void qc.invalidateQueries({ queryKey: ['payment'] });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <List mode="card" header={`${tx.balance}：${formatFen(bills.data?.balanceFen ?? 0)}`} data-testid="owner-bills">
        {(bills.data?.items ?? []).length === 0 && <List.Item>{tx.none}</List.Item>}
        {(bills.data?.items ?? []).map((b) => (
          <List.Item
            key={b.id}
            prefix={b.status !== 'paid' ? <Checkbox checked={chosen.includes(b.id)} onChange={(v) => setChosen(v ? [...chosen, b.id] : chosen.filter((c) => c !== b.id))} /> : undefined}
            description={
              <>
                {`${b.period} · ${tx.due} ${formatDate(b.dueDate)}${b.clause ? ` · ${b.clause}` : ''}`}
                {b.discountFen ? (
                  <div data-testid="owner-bill-discount">
                    {`${tx.gross} ${formatFen(b.grossFen ?? b.amountFen)} · ${tx.discount} −${formatFen(b.discountFen)}（${(b.discounts ?? []).map((d) => d.name).join('、')}）· ${tx.net} ${formatFen(b.amountFen)}`}
                  </div>
                ) : null}
                {b.periodStart && b.periodEnd && (b.periodStart.slice(8) !== '01' || b.periodEnd !== lastDay(b.period)) ? <div>{`${tx.days} ${b.periodStart} ~ ${b.periodEnd}`}</div> : null}
              </>
            }
            extra={
              <div style={{ textAlign: 'right' }}>
                <div>{formatFen(b.amountFen - b.paidFen || b.amountFen)}</div>
                <Tag color={b.status === 'paid' ? 'success' : b.status === 'partial' ? 'warning' : 'danger'}>{tx[b.status]}</Tag>
              </div>
            }
          >
            {b.itemName}
          </List.Item>
        ))}
      </List>
      {open.length > 0 && (
        <div style={{ padding: '0 12px 12px' }}>
          <Button block color="primary" size="large" loading={busy} disabled={amount <= 0} onClick={() => void pay()} data-testid="owner-pay">
            {chosen.length ? `${tx.pay}（${tx.chosen} ${chosen.length}）` : tx.payAll} {formatFen(amount)}
          </Button>
        </div>
      )}
      <List mode="card" header={tx.receipts}>
        {(pays.data?.items ?? []).map((p) => (
          <List.Item
            key={p.id}
            description={formatDate(p.createdAt)}
            extra={p.receiptNo ? <a href={`/api/v1/payments/${p.id}/receipt.pdf`} target="_blank" rel="noreferrer">{tx.receipt}</a> : <Tag>{tx.pending}</Tag>}
          >
            {formatFen(p.amountFen)} {p.receiptNo ?? ''}
          </List.Item>
        ))}
      </List>
    </>
  );
}

export function MyBills({ user }: { user: SessionUser }) {
  const { lang } = useI18n();
  const tx = TEXT[lang === 'en-US' ? 'en-US' : 'zh-CN'];
  useLiveUpdates(user.rooms[0]?.communityId ?? null);
  const rooms = [...new Map(user.rooms.map((r) => [r.roomId, r])).values()];
  return (
    <div>
      <div className="owner-hero">
        <h1>{tx.title}</h1>
      </div>
      {rooms.length === 0 && <ErrorBlock status="empty" title={tx.none} description="" />}
      {rooms.map((r, i) => (
        <div key={r.roomId}>
          {rooms.length > 1 && <div style={{ padding: '8px 16px', color: '#666' }}>{tx.room} {i + 1}</div>}
          <RoomBills roomId={r.roomId} tx={tx} />
        </div>
      ))}
    </div>
  );
}

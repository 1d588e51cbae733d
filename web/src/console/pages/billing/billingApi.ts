/** Types and small helpers of the billing console pages (API: server/src/modules/billing/*.routes.ts). */
import { request } from '../../../shared/api.ts';

export interface Bill {
  id: string;
  itemCode: string;
  itemName: string;
  period: string;
  amountFen: number;
  paidFen: number;
  status: 'unpaid' | 'partial' | 'paid';
  dueDate: string;
  clause: string | null;
}
export interface RoomBills {
  items: Bill[];
  balanceFen: number;
}
export interface Payment {
  id: string;
  roomId: string;
  amountFen: number;
  method: string;
  status: 'pending' | 'confirmed' | 'reversed' | 'failed';
  receiptNo: string | null;
  payerName: string | null;
  collectorIds: string[];
  createdAt: string;
}
export interface PaymentReply extends Payment {
  allocations: Array<{ billId: string; amountFen: number }>;
}
export interface Adjustment {
  id: string;
  kind: 'refund' | 'reversal';
  status: 'requested' | 'approved' | 'rejected';
  amountFen: number;
  reason: string;
  roomId: string;
  roomCode: string;
  paymentId: string | null;
  receiptNo: string | null;
  method: string | null;
  requestedBy: string;
  requestedByName: string | null;
  createdAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
}
export interface Staff {
  id: string;
  name: string;
}

/** Offline methods a cashier takes at the desk; door-to-door is cash taken by two staff. */
export const DESK_METHODS = ['cash', 'card', 'bank_transfer', 'door'] as const;
export type DeskMethod = (typeof DESK_METHODS)[number];

/** "1,234.5" / "1234.50" → 123450 fen by string arithmetic (no floats); null if not a money amount. */
export function yuanToFen(input: string): number | null {
  const s = input.replace(/[,，\s¥]/g, '');
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 123450 → "1234.50" for an input field. */
export function fenToYuanInput(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

export function newIdempotencyKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `k-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** POST /api/v1/payments with the attempt's Idempotency-Key (a retry of the same attempt reuses it). */
export function postPayment(body: unknown, key: string) {
  return request<PaymentReply>('POST', '/api/v1/payments', body, { headers: { 'idempotency-key': key } });
}

/** Today in Asia/Shanghai as YYYY-MM-DD. */
export function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The month of a Shanghai date, shifted by `delta` months: ('2026-11-24', -2) → '2026-09'. */
export function monthOf(day: string, delta = 0): string {
  const [y, m] = day.split('-').map(Number);
  const k = y * 12 + (m - 1) + delta;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** Basis points → "87.65%" by integer arithmetic; null → "—". */
export function formatBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—';
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

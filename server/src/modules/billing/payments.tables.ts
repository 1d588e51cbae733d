import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, bigint, bigserial, jsonb, timestamp, index, uniqueIndex, check, primaryKey } from 'drizzle-orm/pg-core';
import { idColumn, createdAt } from '../../kernel/db/columns.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { rooms } from '../property/property.tables.ts';
import { bills } from './billing.tables.ts';
import { registerConstraint } from '../../kernel/errors/index.ts';

/** 预存余额 per room. The ledger is the truth; this row is its running total, locked per payment. */
export const roomAccounts = pgTable(
  'room_accounts',
  {
    roomId: uuid('room_id').primaryKey().references(() => rooms.id),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    balanceFen: bigint('balance_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('room_accounts_balance_ck', sql`${t.balanceFen} >= 0`)],
);

/**
 * Receipt counter per community: a row locked inside the payment transaction, so numbers
 * are sequential with no gaps (a rolled-back payment rolls its number back too).
 */
export const receiptCounters = pgTable('receipt_counters', {
  communityId: uuid('community_id').primaryKey().references(() => communities.id),
  lastNo: bigint('last_no', { mode: 'number' }).notNull().default(0),
});

/** 收款. Online payments stay `pending` until a verified notification confirms them. */
export const payments = pgTable(
  'payments',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    method: text('method', { enum: ['cash', 'card', 'bank_transfer', 'bank_withholding', 'wechat', 'alipay'] }).notNull(),
    status: text('status', { enum: ['pending', 'confirmed', 'reversed', 'failed'] }).notNull(),
    receiptSeq: bigint('receipt_seq', { mode: 'number' }),
    receiptNo: text('receipt_no'),
    /** Chosen bills (empty = oldest first). */
    billIds: jsonb('bill_ids').$type<string[]>().notNull().default([]),
    payerName: text('payer_name'),
    /** Door-to-door collection: the two staff present (R-FEE-4). */
    collectorIds: jsonb('collector_ids').$type<string[]>().notNull().default([]),
    createdBy: uuid('created_by'),
    outTradeNo: text('out_trade_no'),
    providerTradeNo: text('provider_trade_no'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('payments_receipt_uq').on(t.communityId, t.receiptSeq),
    uniqueIndex('payments_out_trade_no_uq').on(t.outTradeNo),
    index('payments_room_idx').on(t.roomId),
    check('payments_amount_ck', sql`${t.amountFen} > 0`),
  ],
);

/**
 * 台账 (R-FEE-5): every money movement, append-only (trigger), double entry — the entries of
 * one `txn_id` sum to zero. Accounts: `cash` (money held, + in), `bill` (− settles a bill),
 * `prepaid` (− owes the owner a balance). Corrections are new entries, never edits.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    txnId: uuid('txn_id').notNull(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    account: text('account', { enum: ['cash', 'bill', 'prepaid'] }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    kind: text('kind', { enum: ['payment', 'prepaid_draw', 'refund', 'reversal'] }).notNull(),
    paymentId: uuid('payment_id').references(() => payments.id),
    billId: uuid('bill_id').references(() => bills.id),
    method: text('method'),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('ledger_room_idx').on(t.roomId), index('ledger_bill_idx').on(t.billId), index('ledger_payment_idx').on(t.paymentId), index('ledger_community_at_idx').on(t.communityId, t.at)],
);

/** Refunds and reversals need a reason and a second person's approval (payment.approve). */
export const paymentAdjustments = pgTable(
  'payment_adjustments',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    kind: text('kind', { enum: ['refund', 'reversal'] }).notNull(),
    paymentId: uuid('payment_id').references(() => payments.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['requested', 'approved', 'rejected'] }).notNull().default('requested'),
    requestedBy: uuid('requested_by').notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Refunds: how the money went back (cash at the desk, bank transfer, the original online channel). */
    payoutMethod: text('payout_method', { enum: ['cash', 'bank_transfer', 'original_channel'] }),
    /** Bank transfer: account number encrypted (PiiCipher) and its masked form for display. */
    payoutAccountEnc: text('payout_account_enc'),
    payoutAccountMasked: text('payout_account_masked'),
    payoutBank: text('payout_bank'),
    payoutAccountName: text('payout_account_name'),
    /** Original channel: the confirmed online payment the money returns through. */
    payoutPaymentId: uuid('payout_payment_id').references(() => payments.id),
    payoutReference: text('payout_reference'),
    paidOutBy: uuid('paid_out_by'),
    paidOutAt: timestamp('paid_out_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('payment_adjustments_reversal_uq').on(t.paymentId).where(sql`kind = 'reversal' and status <> 'rejected'`),
    check('payment_adjustments_amount_ck', sql`${t.amountFen} > 0`),
    index('payment_adjustments_payout_idx').on(t.communityId, t.paidOutBy, t.paidOutAt),
  ],
);
registerConstraint('payment_adjustments_reversal_uq', 'DUPLICATE', { what: '该收款的冲正申请' });

/** Verified online notifications, kept so a replay (same id or nonce) is refused. */
export const paymentNotifications = pgTable(
  'payment_notifications',
  {
    provider: text('provider', { enum: ['wechat', 'alipay'] }).notNull(),
    notifyId: text('notify_id').notNull(),
    nonce: text('nonce'),
    outTradeNo: text('out_trade_no').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    payload: jsonb('payload').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.notifyId] }), uniqueIndex('payment_notifications_nonce_uq').on(t.provider, t.nonce)],
);

/** Daily cash count per cashier (资金盘点): counted vs ledger, variance kept. */
export const cashCounts = pgTable(
  'cash_counts',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    cashierId: uuid('cashier_id').notNull(),
    day: text('day').notNull(),
    expectedFen: bigint('expected_fen', { mode: 'number' }).notNull(),
    countedFen: bigint('counted_fen', { mode: 'number' }).notNull(),
    varianceFen: bigint('variance_fen', { mode: 'number' }).notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('cash_counts_cashier_day_uq').on(t.communityId, t.cashierId, t.day)],
);
registerConstraint('cash_counts_cashier_day_uq', 'DUPLICATE', { what: '当日盘点' });

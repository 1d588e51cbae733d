import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, bigint, boolean, jsonb, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { idColumn, createdAt } from '../../kernel/db/columns.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { rooms } from '../property/property.tables.ts';
import { bills } from './billing.tables.ts';
import { payments } from './payments.tables.ts';
import { registerConstraint } from '../../kernel/errors/index.ts';

/**
 * Invoice counter per community, separate from receipts (R-FEE-5): locked inside the issuing
 * transaction, so numbers are sequential and gapless; a voided invoice keeps its number.
 */
export const invoiceCounters = pgTable('invoice_counters', {
  communityId: uuid('community_id').primaryKey().references(() => communities.id),
  lastNo: bigint('last_no', { mode: 'number' }).notNull().default(0),
});

/** 发票 register: for one or more confirmed payments, or for paid bills, of one room. */
export const invoices = pgTable(
  'invoices',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    invoiceNo: text('invoice_no').notNull(),
    buyerName: text('buyer_name').notNull(),
    buyerTaxId: text('buyer_tax_id'),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['issued', 'void'] }).notNull().default('issued'),
    issuedBy: uuid('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    voidReason: text('void_reason'),
    voidedBy: uuid('voided_by'),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invoices_community_seq_uq').on(t.communityId, t.seq),
    index('invoices_room_idx').on(t.roomId),
    check('invoices_amount_ck', sql`${t.amountFen} > 0`),
    check('invoices_void_ck', sql`${t.status} = 'issued' or ${t.voidReason} is not null`),
  ],
);

/**
 * What an invoice covers. `active` turns false when the invoice is voided, so the partial
 * unique indexes refuse invoicing the same payment or bill twice while its invoice stands.
 */
export const invoiceItems = pgTable(
  'invoice_items',
  {
    id: idColumn(),
    invoiceId: uuid('invoice_id').notNull().references(() => invoices.id),
    paymentId: uuid('payment_id').references(() => payments.id),
    billId: uuid('bill_id').references(() => bills.id),
    description: text('description').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    active: boolean('active').notNull().default(true),
    detail: jsonb('detail').notNull().default({}),
  },
  (t) => [
    index('invoice_items_invoice_idx').on(t.invoiceId),
    uniqueIndex('invoice_items_payment_uq').on(t.paymentId).where(sql`active and payment_id is not null`),
    uniqueIndex('invoice_items_bill_uq').on(t.billId).where(sql`active and bill_id is not null`),
    check('invoice_items_source_ck', sql`(${t.paymentId} is null) <> (${t.billId} is null)`),
  ],
);
registerConstraint('invoice_items_payment_uq', 'INVOICE_ALREADY_ISSUED', { what: '收款' });
registerConstraint('invoice_items_bill_uq', 'INVOICE_ALREADY_ISSUED', { what: '账单' });

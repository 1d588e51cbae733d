import { pgTable, text, uuid, timestamp } from 'drizzle-orm/pg-core';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';

/**
 * What a printed due notice (R-FEE-3) tells owners about paying: the front desk and the bank
 * account for transfers, configured per community.
 */
export const noticeSettings = pgTable('billing_notice_settings', {
  communityId: uuid('community_id').primaryKey().references(() => communities.id),
  bankName: text('bank_name'),
  bankAccountName: text('bank_account_name'),
  bankAccountNo: text('bank_account_no'),
  frontDesk: text('front_desk'),
  contactPhone: text('contact_phone'),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

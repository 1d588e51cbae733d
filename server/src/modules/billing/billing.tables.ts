import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, integer, smallint, bigint, numeric, date, boolean, jsonb, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { idColumn, createdAt } from '../../kernel/db/columns.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';
import { buildings, rooms } from '../property/property.tables.ts';
import { persons } from '../people/people.tables.ts';
import { users } from '../../kernel/auth/auth.tables.ts';
import { files } from '../../kernel/files/files.tables.ts';
import { registerConstraint } from '../../kernel/errors/index.ts';

/**
 * 收费项目. `formula` says how a line's quantity is found; the money is always
 * quantity × rate × coefficient (× days share for per-month items), rounded once per line.
 */
export const feeItems = pgTable(
  'fee_items',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['property', 'shared_utility', 'metered', 'parking', 'service', 'deposit', 'one_off', 'rent', 'late_fee'] }).notNull(),
    formula: text('formula', { enum: ['gross_area', 'indoor_area', 'fixed', 'metered', 'apportioned'] }).notNull(),
    /** half_up | down | up, to a unit of 1 fen (2 decimals), 10 fen (角) or 100 fen (元). */
    rounding: text('rounding', { enum: ['half_up', 'down', 'up'] }).notNull().default('half_up'),
    roundingUnitFen: integer('rounding_unit_fen').notNull().default(1),
    prepaid: boolean('prepaid').notNull().default(false),
    cycleMonths: integer('cycle_months').notNull().default(1),
    /** Days after the period's first (prepaid) or last (postpaid) day until a bill is due. */
    dueDays: integer('due_days').notNull().default(0),
    active: boolean('active').notNull().default(true),
    /** 空置优惠 applies to this item (R-FEE-2): approved vacancy days bill at the community's vacancy rate. */
    vacancyDiscountable: boolean('vacancy_discountable').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('fee_items_community_code_uq').on(t.communityId, t.code),
    check('fee_items_rounding_unit_ck', sql`${t.roundingUnitFen} in (1, 10, 100)`),
    check('fee_items_cycle_ck', sql`${t.cycleMonths} between 1 and 12`),
  ],
);
registerConstraint('fee_items_community_code_uq', 'DUPLICATE', { what: '收费项目编码' });

/**
 * 单价, versioned: a version is valid from `effective_from` until the day before the next
 * version's start. Price is fen ×100 per unit (per m² per month, per month, per kWh …),
 * so 2.50 yuan/m² = 25000 and 0.45 yuan = 4500: exact integers, never floats.
 */
export const feeRates = pgTable(
  'fee_rates',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    feeItemId: uuid('fee_item_id').notNull().references(() => feeItems.id),
    effectiveFrom: date('effective_from').notNull(),
    priceFenX100: bigint('price_fen_x100', { mode: 'number' }).notNull(),
    /** Metered tiers [{upTo: number|null, priceFenX100}] ascending; empty = flat price. */
    tiers: jsonb('tiers').$type<Array<{ upTo: number | null; priceFenX100: number }>>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('fee_rates_item_from_uq').on(t.feeItemId, t.effectiveFrom), check('fee_rates_price_ck', sql`${t.priceFenX100} >= 0`)],
);
registerConstraint('fee_rates_item_from_uq', 'DUPLICATE', { what: '该生效日期的单价' });

/** Which rooms an item applies to; the most specific match (room > building > use > community) wins. */
export const feeAssignments = pgTable(
  'fee_assignments',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    feeItemId: uuid('fee_item_id').notNull().references(() => feeItems.id),
    scope: text('scope', { enum: ['community', 'building', 'use', 'room'] }).notNull(),
    buildingId: uuid('building_id').references(() => buildings.id),
    roomUse: text('room_use', { enum: ['residential', 'commercial', 'parking'] }),
    roomId: uuid('room_id').references(() => rooms.id),
    /** 收费系数: multiplies the line (1.000 normal; 0 exempts a room from the item). */
    coefficient: numeric('coefficient', { precision: 6, scale: 3 }).notNull().default('1'),
    effectiveFrom: date('effective_from').notNull(),
    effectiveTo: date('effective_to'),
    createdAt: createdAt(),
  },
  (t) => [
    index('fee_assignments_item_idx').on(t.communityId, t.feeItemId),
    check('fee_assignments_coef_ck', sql`${t.coefficient} >= 0`),
    check(
      'fee_assignments_target_ck',
      sql`(${t.scope} = 'community') or (${t.scope} = 'building' and ${t.buildingId} is not null) or (${t.scope} = 'use' and ${t.roomUse} is not null) or (${t.scope} = 'room' and ${t.roomId} is not null)`,
    ),
  ],
);

/** 抄表: one reading per room, metered item and period; usage = this − the previous reading. */
export const meterReadings = pgTable(
  'meter_readings',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    feeItemId: uuid('fee_item_id').notNull().references(() => feeItems.id),
    period: text('period').notNull(),
    reading: numeric('reading', { precision: 14, scale: 2 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('meter_readings_room_item_period_uq').on(t.roomId, t.feeItemId, t.period)],
);
registerConstraint('meter_readings_room_item_period_uq', 'DUPLICATE', { what: '本期读数' });

/**
 * 公摊: a community-wide usage for a period shared by area among the item's rooms.
 * `base_area_m2` is fixed on the first run so a resumed run shares by the same base.
 */
export const apportionPools = pgTable(
  'apportion_pools',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    feeItemId: uuid('fee_item_id').notNull().references(() => feeItems.id),
    period: text('period').notNull(),
    totalUsage: numeric('total_usage', { precision: 14, scale: 2 }).notNull(),
    baseAreaM2: numeric('base_area_m2', { precision: 14, scale: 2 }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('apportion_pools_item_period_uq').on(t.feeItemId, t.period)],
);

/** One billing run per community and period; re-runs and resumes update the same row. */
export const billingRuns = pgTable(
  'billing_runs',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    period: text('period').notNull(),
    status: text('status', { enum: ['running', 'done'] }).notNull().default('running'),
    attempts: integer('attempts').notNull().default(1),
    report: jsonb('report').notNull().default({}),
    startedBy: uuid('started_by'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('billing_runs_community_period_uq').on(t.communityId, t.period)],
);

/**
 * 账单 line: exactly one per room, item and period — the UNIQUE constraint (not code) is
 * what makes re-runs, concurrent runs and resumed runs safe. Status follows the money.
 */
export const bills = pgTable(
  'bills',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    feeItemId: uuid('fee_item_id').notNull().references(() => feeItems.id),
    period: text('period').notNull(),
    runId: uuid('run_id'),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    daysBilled: integer('days_billed').notNull(),
    quantity: numeric('quantity', { precision: 14, scale: 4 }).notNull(),
    coefficient: numeric('coefficient', { precision: 6, scale: 3 }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
    status: text('status').generatedAlwaysAs(sql`case when paid_fen >= amount_fen then 'paid' when paid_fen > 0 then 'partial' else 'unpaid' end`),
    dueDate: date('due_date').notNull(),
    /** Late-fee lines cite the contract clause they come from (R-FEE-6). */
    clause: text('clause'),
    /** 优惠: amount_fen is the net due; gross = amount + discount. Fixed at creation, never edited. */
    discountFen: bigint('discount_fen', { mode: 'number' }).notNull().default(0),
    grossFen: bigint('gross_fen', { mode: 'number' }).generatedAlwaysAs(sql`amount_fen + discount_fen`),
    /** The rules behind discount_fen: [{ruleId, kind, name, fen, days}] — cited on the bill and receipt. */
    discounts: jsonb('discounts').$type<Array<{ ruleId: string | null; kind: string; name: string; fen: number; days: number }>>().notNull().default([]),
    /** 付款人: the owner of the room during this line's days (null: no owner recorded). */
    payerPersonId: uuid('payer_person_id').references(() => persons.id),
    /** 过户 split: 0, 1, … for each ownership within the period (0 when there is no transfer). */
    segment: smallint('segment').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('bills_room_item_period_uq').on(t.roomId, t.feeItemId, t.period, t.segment),
    index('bills_community_period_idx').on(t.communityId, t.period),
    // Open bills for aging/dunning: a covering partial index created in migration billing_aging_index
    // (drizzle cannot declare INCLUDE columns).
    check('bills_paid_ck', sql`${t.paidFen} >= 0 and ${t.paidFen} <= ${t.amountFen}`),
    check('bills_amount_ck', sql`${t.amountFen} >= 0`),
    check('bills_discount_ck', sql`${t.discountFen} >= 0`),
  ],
);
registerConstraint('bills_room_item_period_uq', 'DUPLICATE', { what: '该期账单' });
registerConstraint('bills_paid_ck', 'CONFLICT', { reason: '实收不能超过应收 / paid may not exceed the amount due' });

/**
 * Online payment keys per company (R-FEE-4). Secrets (WeChat APIv3 key, merchant/app private
 * keys) are stored encrypted with the kernel PiiCipher; the API never returns them. Without a
 * row the env keys (online.ts) apply.
 */
export const paymentProviderKeys = pgTable(
  'payment_provider_keys',
  {
    companyId: uuid('company_id').notNull(),
    provider: text('provider', { enum: ['wechat', 'alipay'] }).notNull(),
    /** WeChat mchid or Alipay app_id: how an incoming notification finds its company. */
    merchantId: text('merchant_id').notNull(),
    /** WeChat platform public key id (Wechatpay-Serial); null for Alipay. */
    serial: text('serial'),
    /** The provider's public key (verifies notifications and query answers). */
    publicKeyPem: text('public_key_pem').notNull(),
    /** Encrypted: WeChat APIv3 key. */
    secretEnc: text('secret_enc'),
    /** Encrypted: our private key for signing requests to the provider. */
    privateKeyEnc: text('private_key_enc'),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('payment_provider_keys_uq').on(t.companyId, t.provider), uniqueIndex('payment_provider_keys_merchant_uq').on(t.provider, t.merchantId)],
);
registerConstraint('payment_provider_keys_merchant_uq', 'DUPLICATE', { what: '商户号' });

/**
 * 优惠规则 (R-FEE-1), data applied by the billing run. Each rule reduces a line from its gross;
 * it only applies once approved by someone other than its author.
 * - `prepay`   预存优惠: a line of the item bills at `rate_pct` % while the room's prepaid balance at the
 *              run covers at least `months` × the line's gross (e.g. 12 months ahead → 95).
 * - `fixed`    固定减免: `amount_fen` off per full period, pro-rated by the days of the rule's validity.
 * - `free`     免费月份: the days inside [valid_from, valid_to] are free; with `months` set, the first
 *              `months` months of each ownership starting on or after valid_from are free instead.
 * - `vacancy`  空置优惠: the community's rate for approved vacancy days on vacancy-discountable items.
 */
export const discountRules = pgTable(
  'discount_rules',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    kind: text('kind', { enum: ['prepay', 'fixed', 'free', 'vacancy'] }).notNull(),
    name: text('name').notNull(),
    /** null: every item (vacancy: every vacancy-discountable item). */
    feeItemId: uuid('fee_item_id').references(() => feeItems.id),
    scope: text('scope', { enum: ['community', 'building', 'room'] }).notNull().default('community'),
    buildingId: uuid('building_id').references(() => buildings.id),
    roomId: uuid('room_id').references(() => rooms.id),
    /** prepay / vacancy: the percentage still charged (95 = 5 % off). */
    ratePct: numeric('rate_pct', { precision: 5, scale: 2 }),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    months: integer('months'),
    /** vacancy: how many days back an application may start (refused beyond). */
    backdateDays: integer('backdate_days'),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'withdrawn'] }).notNull().default('pending'),
    createdBy: uuid('created_by').notNull().references(() => users.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('discount_rules_community_idx').on(t.communityId, t.status),
    check('discount_rules_rate_ck', sql`${t.ratePct} IS NULL OR (${t.ratePct} >= 0 AND ${t.ratePct} <= 100)`),
    check('discount_rules_amount_ck', sql`${t.amountFen} IS NULL OR ${t.amountFen} > 0`),
    check('discount_rules_months_ck', sql`${t.months} IS NULL OR ${t.months} BETWEEN 1 AND 120`),
    check('discount_rules_dates_ck', sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
    check(
      'discount_rules_kind_ck',
      sql`(${t.kind} = 'prepay' AND ${t.ratePct} IS NOT NULL AND ${t.months} IS NOT NULL) OR (${t.kind} = 'fixed' AND ${t.amountFen} IS NOT NULL)
        OR ${t.kind} = 'free' OR (${t.kind} = 'vacancy' AND ${t.ratePct} IS NOT NULL AND ${t.scope} = 'community')`,
    ),
    check('discount_rules_target_ck', sql`(${t.scope} = 'community') OR (${t.scope} = 'building' AND ${t.buildingId} IS NOT NULL) OR (${t.scope} = 'room' AND ${t.roomId} IS NOT NULL)`),
  ],
);

/**
 * 空置申请: a room left empty for [from_date, to_date]; once approved (by someone other than the
 * applicant) the run bills those days of vacancy-discountable items at the community's vacancy rate.
 * Overlapping live applications of one room are refused by the service under a lock on the room row.
 */
export const vacancyApplications = pgTable(
  'vacancy_applications',
  {
    id: idColumn(),
    communityId: uuid('community_id').notNull().references(() => communities.id),
    roomId: uuid('room_id').notNull().references(() => rooms.id),
    fromDate: date('from_date').notNull(),
    toDate: date('to_date').notNull(),
    reason: text('reason').notNull(),
    evidenceFileId: uuid('evidence_file_id').references(() => files.id),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'withdrawn'] }).notNull().default('pending'),
    appliedBy: uuid('applied_by').notNull().references(() => users.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
  },
  (t) => [index('vacancy_applications_room_idx').on(t.roomId, t.status), check('vacancy_applications_dates_ck', sql`${t.toDate} >= ${t.fromDate}`)],
);
registerConstraint('vacancy_applications_dates_ck', 'VALIDATION_FAILED', { reason: '结束日期不能早于开始日期 / the end date is before the start date' });

CREATE TABLE "dunning_contacts" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"letter_id" uuid,
	"channel" text NOT NULL,
	"staff_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "dunning_letters" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"run_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"overdue_fen" bigint NOT NULL,
	"oldest_due_date" date NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dunning_runs" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"min_days_overdue" integer NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"rolled_back_by" uuid,
	"rolled_back_at" timestamp with time zone,
	"rollback_reason" text
);
--> statement-breakpoint
CREATE TABLE "late_fee_terms" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid,
	"late_fee_item_id" uuid NOT NULL,
	"clause" text NOT NULL,
	"grace_days" integer DEFAULT 0 NOT NULL,
	"mode" text NOT NULL,
	"basis" text NOT NULL,
	"value" integer NOT NULL,
	"cap_fen" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "late_fee_terms_value_ck" CHECK ("late_fee_terms"."value" > 0 and "late_fee_terms"."grace_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "public_income_entries" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"category" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"occurred_on" date NOT NULL,
	"description" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_income_amount_ck" CHECK ("public_income_entries"."amount_fen" <> 0)
);
--> statement-breakpoint
CREATE TABLE "public_income_publications" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"from_day" date NOT NULL,
	"to_day" date NOT NULL,
	"income_fen" bigint NOT NULL,
	"expense_fen" bigint NOT NULL,
	"published_by" uuid NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "apportion_pools" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"fee_item_id" uuid NOT NULL,
	"period" text NOT NULL,
	"total_usage" numeric(14, 2) NOT NULL,
	"base_area_m2" numeric(14, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_runs" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"period" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"report" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_by" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "bills" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"fee_item_id" uuid NOT NULL,
	"period" text NOT NULL,
	"run_id" uuid,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"days_billed" integer NOT NULL,
	"quantity" numeric(14, 4) NOT NULL,
	"coefficient" numeric(6, 3) NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"status" text GENERATED ALWAYS AS (case when paid_fen >= amount_fen then 'paid' when paid_fen > 0 then 'partial' else 'unpaid' end) STORED,
	"due_date" date NOT NULL,
	"clause" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bills_paid_ck" CHECK ("bills"."paid_fen" >= 0 and "bills"."paid_fen" <= "bills"."amount_fen"),
	CONSTRAINT "bills_amount_ck" CHECK ("bills"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "fee_assignments" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"fee_item_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"building_id" uuid,
	"room_use" text,
	"room_id" uuid,
	"coefficient" numeric(6, 3) DEFAULT '1' NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fee_assignments_coef_ck" CHECK ("fee_assignments"."coefficient" >= 0),
	CONSTRAINT "fee_assignments_target_ck" CHECK (("fee_assignments"."scope" = 'community') or ("fee_assignments"."scope" = 'building' and "fee_assignments"."building_id" is not null) or ("fee_assignments"."scope" = 'use' and "fee_assignments"."room_use" is not null) or ("fee_assignments"."scope" = 'room' and "fee_assignments"."room_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "fee_items" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"formula" text NOT NULL,
	"rounding" text DEFAULT 'half_up' NOT NULL,
	"rounding_unit_fen" integer DEFAULT 1 NOT NULL,
	"prepaid" boolean DEFAULT false NOT NULL,
	"cycle_months" integer DEFAULT 1 NOT NULL,
	"due_days" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fee_items_rounding_unit_ck" CHECK ("fee_items"."rounding_unit_fen" in (1, 10, 100)),
	CONSTRAINT "fee_items_cycle_ck" CHECK ("fee_items"."cycle_months" between 1 and 12)
);
--> statement-breakpoint
CREATE TABLE "fee_rates" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"fee_item_id" uuid NOT NULL,
	"effective_from" date NOT NULL,
	"price_fen_x100" bigint NOT NULL,
	"tiers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fee_rates_price_ck" CHECK ("fee_rates"."price_fen_x100" >= 0)
);
--> statement-breakpoint
CREATE TABLE "meter_readings" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"fee_item_id" uuid NOT NULL,
	"period" text NOT NULL,
	"reading" numeric(14, 2) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cash_counts" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"cashier_id" uuid NOT NULL,
	"day" text NOT NULL,
	"expected_fen" bigint NOT NULL,
	"counted_fen" bigint NOT NULL,
	"variance_fen" bigint NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"txn_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"account" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"kind" text NOT NULL,
	"payment_id" uuid,
	"bill_id" uuid,
	"method" text,
	"reason" text,
	"actor_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"payment_id" uuid,
	"amount_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_by" uuid NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_adjustments_amount_ck" CHECK ("payment_adjustments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_notifications" (
	"provider" text NOT NULL,
	"notify_id" text NOT NULL,
	"nonce" text,
	"out_trade_no" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	CONSTRAINT "payment_notifications_provider_notify_id_pk" PRIMARY KEY("provider","notify_id")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"status" text NOT NULL,
	"receipt_seq" bigint,
	"receipt_no" text,
	"bill_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"payer_name" text,
	"collector_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"out_trade_no" text,
	"provider_trade_no" text,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_ck" CHECK ("payments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "receipt_counters" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"last_no" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_accounts" (
	"room_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"balance_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "room_accounts_balance_ck" CHECK ("room_accounts"."balance_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "dunning_contacts" ADD CONSTRAINT "dunning_contacts_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_contacts" ADD CONSTRAINT "dunning_contacts_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_contacts" ADD CONSTRAINT "dunning_contacts_letter_id_dunning_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."dunning_letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD CONSTRAINT "dunning_letters_run_id_dunning_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."dunning_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD CONSTRAINT "dunning_letters_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD CONSTRAINT "dunning_letters_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_runs" ADD CONSTRAINT "dunning_runs_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "late_fee_terms" ADD CONSTRAINT "late_fee_terms_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "late_fee_terms" ADD CONSTRAINT "late_fee_terms_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "late_fee_terms" ADD CONSTRAINT "late_fee_terms_late_fee_item_id_fee_items_id_fk" FOREIGN KEY ("late_fee_item_id") REFERENCES "public"."fee_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_income_entries" ADD CONSTRAINT "public_income_entries_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_income_publications" ADD CONSTRAINT "public_income_publications_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apportion_pools" ADD CONSTRAINT "apportion_pools_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apportion_pools" ADD CONSTRAINT "apportion_pools_fee_item_id_fee_items_id_fk" FOREIGN KEY ("fee_item_id") REFERENCES "public"."fee_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_fee_item_id_fee_items_id_fk" FOREIGN KEY ("fee_item_id") REFERENCES "public"."fee_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_assignments" ADD CONSTRAINT "fee_assignments_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_assignments" ADD CONSTRAINT "fee_assignments_fee_item_id_fee_items_id_fk" FOREIGN KEY ("fee_item_id") REFERENCES "public"."fee_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_assignments" ADD CONSTRAINT "fee_assignments_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_assignments" ADD CONSTRAINT "fee_assignments_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_items" ADD CONSTRAINT "fee_items_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_rates" ADD CONSTRAINT "fee_rates_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_rates" ADD CONSTRAINT "fee_rates_fee_item_id_fee_items_id_fk" FOREIGN KEY ("fee_item_id") REFERENCES "public"."fee_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_readings" ADD CONSTRAINT "meter_readings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_readings" ADD CONSTRAINT "meter_readings_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_readings" ADD CONSTRAINT "meter_readings_fee_item_id_fee_items_id_fk" FOREIGN KEY ("fee_item_id") REFERENCES "public"."fee_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_counts" ADD CONSTRAINT "cash_counts_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD CONSTRAINT "payment_adjustments_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD CONSTRAINT "payment_adjustments_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD CONSTRAINT "payment_adjustments_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_counters" ADD CONSTRAINT "receipt_counters_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_accounts" ADD CONSTRAINT "room_accounts_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_accounts" ADD CONSTRAINT "room_accounts_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dunning_contacts_room_idx" ON "dunning_contacts" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "dunning_letters_room_idx" ON "dunning_letters" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "dunning_letters_run_idx" ON "dunning_letters" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "public_income_community_idx" ON "public_income_entries" USING btree ("community_id","occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "apportion_pools_item_period_uq" ON "apportion_pools" USING btree ("fee_item_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_runs_community_period_uq" ON "billing_runs" USING btree ("community_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_room_item_period_uq" ON "bills" USING btree ("room_id","fee_item_id","period");--> statement-breakpoint
CREATE INDEX "bills_community_period_idx" ON "bills" USING btree ("community_id","period");--> statement-breakpoint
CREATE INDEX "bills_open_due_idx" ON "bills" USING btree ("community_id","due_date") WHERE paid_fen < amount_fen;--> statement-breakpoint
CREATE INDEX "fee_assignments_item_idx" ON "fee_assignments" USING btree ("community_id","fee_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fee_items_community_code_uq" ON "fee_items" USING btree ("community_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "fee_rates_item_from_uq" ON "fee_rates" USING btree ("fee_item_id","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "meter_readings_room_item_period_uq" ON "meter_readings" USING btree ("room_id","fee_item_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "cash_counts_cashier_day_uq" ON "cash_counts" USING btree ("community_id","cashier_id","day");--> statement-breakpoint
CREATE INDEX "ledger_room_idx" ON "ledger_entries" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "ledger_bill_idx" ON "ledger_entries" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "ledger_payment_idx" ON "ledger_entries" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "ledger_community_at_idx" ON "ledger_entries" USING btree ("community_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_adjustments_reversal_uq" ON "payment_adjustments" USING btree ("payment_id") WHERE kind = 'reversal' and status <> 'rejected';--> statement-breakpoint
CREATE UNIQUE INDEX "payment_notifications_nonce_uq" ON "payment_notifications" USING btree ("provider","nonce");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_receipt_uq" ON "payments" USING btree ("community_id","receipt_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_out_trade_no_uq" ON "payments" USING btree ("out_trade_no");--> statement-breakpoint
CREATE INDEX "payments_room_idx" ON "payments" USING btree ("room_id");
CREATE TABLE "payment_provider_keys" (
	"company_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"merchant_id" text NOT NULL,
	"serial" text,
	"public_key_pem" text NOT NULL,
	"secret_enc" text,
	"private_key_enc" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_counters" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"last_no" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_items" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"payment_id" uuid,
	"bill_id" uuid,
	"description" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "invoice_items_source_ck" CHECK (("invoice_items"."payment_id" is null) <> ("invoice_items"."bill_id" is null))
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"invoice_no" text NOT NULL,
	"buyer_name" text NOT NULL,
	"buyer_tax_id" text,
	"amount_fen" bigint NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"issued_by" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"void_reason" text,
	"voided_by" uuid,
	"voided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_amount_ck" CHECK ("invoices"."amount_fen" > 0),
	CONSTRAINT "invoices_void_ck" CHECK ("invoices"."status" = 'issued' or "invoices"."void_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "billing_notice_settings" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"bank_name" text,
	"bank_account_name" text,
	"bank_account_no" text,
	"front_desk" text,
	"contact_phone" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dunning_contacts" ADD COLUMN "evidence_file_id" uuid;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD COLUMN "content" jsonb;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD COLUMN "pay_by" date;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD COLUMN "payout_method" text;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD COLUMN "payout_account_enc" text;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD COLUMN "payout_account_masked" text;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD COLUMN "payout_bank" text;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD COLUMN "payout_account_name" text;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD COLUMN "payout_payment_id" uuid;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD COLUMN "payout_reference" text;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD COLUMN "paid_out_by" uuid;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD COLUMN "paid_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoice_counters" ADD CONSTRAINT "invoice_counters_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD CONSTRAINT "invoice_items_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD CONSTRAINT "invoice_items_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD CONSTRAINT "invoice_items_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_notice_settings" ADD CONSTRAINT "billing_notice_settings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_provider_keys_uq" ON "payment_provider_keys" USING btree ("company_id","provider");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_provider_keys_merchant_uq" ON "payment_provider_keys" USING btree ("provider","merchant_id");--> statement-breakpoint
CREATE INDEX "invoice_items_invoice_idx" ON "invoice_items" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_items_payment_uq" ON "invoice_items" USING btree ("payment_id") WHERE active and payment_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_items_bill_uq" ON "invoice_items" USING btree ("bill_id") WHERE active and bill_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_community_seq_uq" ON "invoices" USING btree ("community_id","seq");--> statement-breakpoint
CREATE INDEX "invoices_room_idx" ON "invoices" USING btree ("room_id");--> statement-breakpoint
ALTER TABLE "dunning_contacts" ADD CONSTRAINT "dunning_contacts_evidence_file_id_files_id_fk" FOREIGN KEY ("evidence_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD CONSTRAINT "dunning_letters_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_adjustments" ADD CONSTRAINT "payment_adjustments_payout_payment_id_payments_id_fk" FOREIGN KEY ("payout_payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_adjustments_payout_idx" ON "payment_adjustments" USING btree ("community_id","paid_out_by","paid_out_at");
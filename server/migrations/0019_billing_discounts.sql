CREATE TABLE "discount_rules" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"fee_item_id" uuid,
	"scope" text DEFAULT 'community' NOT NULL,
	"building_id" uuid,
	"room_id" uuid,
	"rate_pct" numeric(5, 2),
	"amount_fen" bigint,
	"months" integer,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_by" uuid NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discount_rules_rate_ck" CHECK ("discount_rules"."rate_pct" IS NULL OR ("discount_rules"."rate_pct" >= 0 AND "discount_rules"."rate_pct" <= 100)),
	CONSTRAINT "discount_rules_amount_ck" CHECK ("discount_rules"."amount_fen" IS NULL OR "discount_rules"."amount_fen" > 0),
	CONSTRAINT "discount_rules_months_ck" CHECK ("discount_rules"."months" IS NULL OR "discount_rules"."months" BETWEEN 1 AND 120),
	CONSTRAINT "discount_rules_dates_ck" CHECK ("discount_rules"."valid_to" IS NULL OR "discount_rules"."valid_to" >= "discount_rules"."valid_from"),
	CONSTRAINT "discount_rules_kind_ck" CHECK (("discount_rules"."kind" = 'prepay' AND "discount_rules"."rate_pct" IS NOT NULL AND "discount_rules"."months" IS NOT NULL) OR ("discount_rules"."kind" = 'fixed' AND "discount_rules"."amount_fen" IS NOT NULL)
        OR "discount_rules"."kind" = 'free' OR ("discount_rules"."kind" = 'vacancy' AND "discount_rules"."rate_pct" IS NOT NULL AND "discount_rules"."scope" = 'community')),
	CONSTRAINT "discount_rules_target_ck" CHECK (("discount_rules"."scope" = 'community') OR ("discount_rules"."scope" = 'building' AND "discount_rules"."building_id" IS NOT NULL) OR ("discount_rules"."scope" = 'room' AND "discount_rules"."room_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "vacancy_applications" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"reason" text NOT NULL,
	"evidence_file_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"applied_by" uuid NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vacancy_applications_dates_ck" CHECK ("vacancy_applications"."to_date" >= "vacancy_applications"."from_date")
);
--> statement-breakpoint
DROP INDEX "bills_room_item_period_uq";--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "discount_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "gross_fen" bigint GENERATED ALWAYS AS (amount_fen + discount_fen) STORED;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "discounts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "payer_person_id" uuid;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "segment" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fee_items" ADD COLUMN "vacancy_discountable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD CONSTRAINT "discount_rules_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD CONSTRAINT "discount_rules_fee_item_id_fee_items_id_fk" FOREIGN KEY ("fee_item_id") REFERENCES "public"."fee_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD CONSTRAINT "discount_rules_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD CONSTRAINT "discount_rules_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD CONSTRAINT "discount_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD CONSTRAINT "discount_rules_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vacancy_applications" ADD CONSTRAINT "vacancy_applications_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vacancy_applications" ADD CONSTRAINT "vacancy_applications_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vacancy_applications" ADD CONSTRAINT "vacancy_applications_evidence_file_id_files_id_fk" FOREIGN KEY ("evidence_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vacancy_applications" ADD CONSTRAINT "vacancy_applications_applied_by_users_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vacancy_applications" ADD CONSTRAINT "vacancy_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discount_rules_community_idx" ON "discount_rules" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "vacancy_applications_room_idx" ON "vacancy_applications" USING btree ("room_id","status");--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_payer_person_id_persons_id_fk" FOREIGN KEY ("payer_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bills_payer_idx" ON "bills" USING btree ("payer_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_room_item_period_uq" ON "bills" USING btree ("room_id","fee_item_id","period","segment");--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_discount_ck" CHECK ("bills"."discount_fen" >= 0);
CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"company_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"mime" text NOT NULL,
	"size" bigint NOT NULL,
	"original_name" text DEFAULT '' NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"company_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid,
	"common_area_id" uuid,
	"equipment_id" uuid,
	"location" text DEFAULT '' NOT NULL,
	"channel" text NOT NULL,
	"description" text NOT NULL,
	"description_key" text NOT NULL,
	"contact_phone_enc" text,
	"contact_phone_masked" text,
	"photos" uuid[] DEFAULT '{}' NOT NULL,
	"category" text NOT NULL,
	"urgency" text NOT NULL,
	"proposed_category" text NOT NULL,
	"proposed_urgency" text NOT NULL,
	"matched" text[] DEFAULT '{}' NOT NULL,
	"classified_by" uuid,
	"classified_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"reporter_user_id" uuid,
	"first_contact_id" uuid,
	"after_hours" boolean DEFAULT false NOT NULL,
	"handed_over_at" timestamp with time zone,
	"handed_over_to" uuid,
	"work_order_id" uuid,
	"delay_reason" text,
	"expected_at" timestamp with time zone,
	"delay_notices" integer DEFAULT 0 NOT NULL,
	"reply" text,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"subject_type" text NOT NULL,
	"kind" text NOT NULL,
	"category" text,
	"urgency" text,
	"minutes" integer,
	"working_days" integer,
	"milestones" double precision[] DEFAULT '{}' NOT NULL,
	"repeat_every_minutes" integer,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch_settings" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"type" text,
	"mode" text DEFAULT 'assign' NOT NULL,
	"max_open_per_technician" integer DEFAULT 10 NOT NULL,
	"last_assignee_id" uuid
);
--> statement-breakpoint
CREATE TABLE "work_order_form_counters" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"last_no" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_roster" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"date" date NOT NULL,
	"shift" text DEFAULT 'day' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_items" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" text,
	"price_fen" bigint NOT NULL,
	"unit" text DEFAULT '次' NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_history" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"work_order_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_orders" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"company_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"form_no" integer NOT NULL,
	"request_id" uuid,
	"room_id" uuid,
	"location" text DEFAULT '' NOT NULL,
	"equipment_id" uuid,
	"type" text NOT NULL,
	"urgency" text NOT NULL,
	"scope" text NOT NULL,
	"repair_now" boolean DEFAULT false NOT NULL,
	"appointment_at" timestamp with time zone,
	"description" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"assignee_id" uuid,
	"handlers" uuid[] DEFAULT '{}' NOT NULL,
	"in_pool" boolean DEFAULT false NOT NULL,
	"reporter_user_id" uuid,
	"created_by" uuid,
	"photos" uuid[] DEFAULT '{}' NOT NULL,
	"eta_at" timestamp with time zone,
	"wait_reason" text,
	"wait_note" text,
	"summary" text,
	"completion_photos" uuid[] DEFAULT '{}' NOT NULL,
	"signature_file_id" uuid,
	"satisfaction" integer,
	"punctuality" integer,
	"attitude" integer,
	"rating_comment" text,
	"callback_fixed" boolean,
	"callback_satisfaction" integer,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"operation_record" text,
	"test_report_file_id" uuid,
	"service_item_id" uuid,
	"quote" jsonb,
	"charge_fen" bigint,
	"charge_handed_at" timestamp with time zone,
	"cancel_reason" text,
	"accepted_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_settings" ADD CONSTRAINT "dispatch_settings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_form_counters" ADD CONSTRAINT "work_order_form_counters_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_roster" ADD CONSTRAINT "duty_roster_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_roster" ADD CONSTRAINT "duty_roster_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_items" ADD CONSTRAINT "service_items_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_history" ADD CONSTRAINT "work_order_history_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "files_community_idx" ON "files" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "files_sha_idx" ON "files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "requests_community_idx" ON "requests" USING btree ("community_id","id");--> statement-breakpoint
CREATE INDEX "requests_reporter_idx" ON "requests" USING btree ("reporter_user_id","created_at");--> statement-breakpoint
CREATE INDEX "requests_handover_idx" ON "requests" USING btree ("community_id","after_hours","handed_over_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_position_uq" ON "sla_policies" USING btree ("community_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "dispatch_settings_uq" ON "dispatch_settings" USING btree ("community_id",coalesce("type", ''));--> statement-breakpoint
CREATE UNIQUE INDEX "duty_roster_uq" ON "duty_roster" USING btree ("community_id","user_id","date","shift");--> statement-breakpoint
CREATE INDEX "duty_roster_day_idx" ON "duty_roster" USING btree ("community_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "service_items_code_uq" ON "service_items" USING btree ("community_id","code");--> statement-breakpoint
CREATE INDEX "work_order_history_wo_idx" ON "work_order_history" USING btree ("work_order_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "work_orders_form_no_uq" ON "work_orders" USING btree ("community_id","form_no");--> statement-breakpoint
CREATE INDEX "work_orders_community_idx" ON "work_orders" USING btree ("community_id","id");--> statement-breakpoint
CREATE INDEX "work_orders_status_idx" ON "work_orders" USING btree ("community_id","status","id");--> statement-breakpoint
CREATE INDEX "work_orders_assignee_idx" ON "work_orders" USING btree ("assignee_id","status","id");--> statement-breakpoint
CREATE INDEX "work_orders_request_idx" ON "work_orders" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "work_orders_pool_idx" ON "work_orders" USING btree ("community_id","id") WHERE in_pool;
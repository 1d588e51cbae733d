CREATE TABLE "calendar_overrides" (
	"community_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"date" date NOT NULL,
	"working" boolean NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "calendar_overrides_community_id_date_pk" PRIMARY KEY("community_id","date")
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"company_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"workdays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"entered_by" uuid,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "calendar_years_company_id_year_pk" PRIMARY KEY("company_id","year")
);
--> statement-breakpoint
CREATE TABLE "archive_audit_rooms" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"audit_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"result" text DEFAULT 'pending' NOT NULL,
	"findings" text DEFAULT '' NOT NULL,
	"inspector_id" uuid,
	"checked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "archive_audits" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"room_total" integer NOT NULL,
	"sample_size" integer NOT NULL,
	"drawn_by" uuid NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "archive_checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"package_kind" text NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "important_events" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"room_id" uuid,
	"person_id" uuid,
	"occurred_on" date NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"file_ids" uuid[] DEFAULT '{}' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"reviewer_id" uuid,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_owner_profiles" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"birthday" date,
	"character" text DEFAULT '' NOT NULL,
	"preferences" text DEFAULT '' NOT NULL,
	"skills" text DEFAULT '' NOT NULL,
	"special_needs" text DEFAULT '' NOT NULL,
	"opinions" text DEFAULT '' NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "archive_package_documents" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"package_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"file_ids" uuid[] DEFAULT '{}' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"received_on" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "archive_room_packages" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"package_kind" text NOT NULL,
	"opened_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "archive_access_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"company_id" uuid NOT NULL,
	"community_id" uuid,
	"actor_id" uuid NOT NULL,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"person_id" uuid,
	"room_id" uuid,
	"field" text,
	"reason" text,
	"borrowing_request_id" uuid,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "borrowing_requests" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	"requester_name" text NOT NULL,
	"purpose" text NOT NULL,
	"scope" text NOT NULL,
	"room_ids" uuid[] DEFAULT '{}' NOT NULL,
	"person_ids" uuid[] DEFAULT '{}' NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone NOT NULL,
	"external" boolean DEFAULT false NOT NULL,
	"external_party" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"approver_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"approval_file_id" uuid,
	"approval_text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "community_id" uuid;--> statement-breakpoint
ALTER TABLE "room_occupancies" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "calendar_overrides" ADD CONSTRAINT "calendar_overrides_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_overrides" ADD CONSTRAINT "calendar_overrides_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_years" ADD CONSTRAINT "calendar_years_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_audit_rooms" ADD CONSTRAINT "archive_audit_rooms_audit_id_archive_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."archive_audits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_audit_rooms" ADD CONSTRAINT "archive_audit_rooms_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_audit_rooms" ADD CONSTRAINT "archive_audit_rooms_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_audits" ADD CONSTRAINT "archive_audits_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_checklist_items" ADD CONSTRAINT "archive_checklist_items_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "important_events" ADD CONSTRAINT "important_events_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "important_events" ADD CONSTRAINT "important_events_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "important_events" ADD CONSTRAINT "important_events_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_owner_profiles" ADD CONSTRAINT "key_owner_profiles_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_owner_profiles" ADD CONSTRAINT "key_owner_profiles_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_package_documents" ADD CONSTRAINT "archive_package_documents_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_package_documents" ADD CONSTRAINT "archive_package_documents_package_id_archive_room_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."archive_room_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_package_documents" ADD CONSTRAINT "archive_package_documents_item_id_archive_checklist_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."archive_checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_room_packages" ADD CONSTRAINT "archive_room_packages_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_room_packages" ADD CONSTRAINT "archive_room_packages_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_access_log" ADD CONSTRAINT "archive_access_log_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_access_log" ADD CONSTRAINT "archive_access_log_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "borrowing_requests" ADD CONSTRAINT "borrowing_requests_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "archive_audit_rooms_uq" ON "archive_audit_rooms" USING btree ("audit_id","room_id");--> statement-breakpoint
CREATE INDEX "archive_audit_rooms_room_idx" ON "archive_audit_rooms" USING btree ("room_id");--> statement-breakpoint
CREATE UNIQUE INDEX "archive_audits_period_uq" ON "archive_audits" USING btree ("community_id","kind","period");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_items_uq" ON "archive_checklist_items" USING btree ("community_id","package_kind","code");--> statement-breakpoint
CREATE INDEX "important_events_community_idx" ON "important_events" USING btree ("community_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "key_owner_profiles_person_uq" ON "key_owner_profiles" USING btree ("community_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "package_documents_uq" ON "archive_package_documents" USING btree ("package_id","item_id");--> statement-breakpoint
CREATE INDEX "room_packages_room_idx" ON "archive_room_packages" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "room_packages_community_idx" ON "archive_room_packages" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "access_log_person_idx" ON "archive_access_log" USING btree ("person_id","at");--> statement-breakpoint
CREATE INDEX "access_log_room_idx" ON "archive_access_log" USING btree ("room_id","at");--> statement-breakpoint
CREATE INDEX "access_log_actor_idx" ON "archive_access_log" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "access_log_community_at_idx" ON "archive_access_log" USING btree ("community_id","at");--> statement-breakpoint
CREATE INDEX "borrowing_community_idx" ON "borrowing_requests" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "borrowing_requester_idx" ON "borrowing_requests" USING btree ("requester_id","status");--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "persons_community_idx" ON "persons" USING btree ("community_id");
CREATE TABLE "deadlines" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"company_id" uuid,
	"community_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer,
	"duration_working_days" integer,
	"paused_at" timestamp with time zone,
	"paused_ms" bigint DEFAULT 0 NOT NULL,
	"met_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"milestones" double precision[] DEFAULT '{}' NOT NULL,
	"fired_milestones" double precision[] DEFAULT '{}' NOT NULL,
	"repeat_every_minutes" integer,
	"repeat_count" integer DEFAULT 0 NOT NULL,
	"next_fire_at" timestamp with time zone,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deadlines_due_idx" ON "deadlines" USING btree ("next_fire_at") WHERE met_at IS NULL AND cancelled_at IS NULL AND paused_at IS NULL AND next_fire_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "deadlines_subject_idx" ON "deadlines" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deadlines_open_uq" ON "deadlines" USING btree ("subject_type","subject_id","kind") WHERE met_at IS NULL AND cancelled_at IS NULL;
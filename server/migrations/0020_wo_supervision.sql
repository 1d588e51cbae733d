ALTER TABLE "work_orders" ADD COLUMN "supervised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "supervised_by" uuid;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "supervision_result" text;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "supervision_late_minutes" integer;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "supervision_note" text;
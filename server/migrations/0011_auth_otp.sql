CREATE TABLE "auth_otps" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"phone_bidx" text NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "auth_otps_phone_idx" ON "auth_otps" USING btree ("phone_bidx","created_at");
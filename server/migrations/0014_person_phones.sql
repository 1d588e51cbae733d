CREATE TABLE "person_phones" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"person_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"label" text DEFAULT 'self' NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_bidx" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "person_phones" ADD CONSTRAINT "person_phones_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_phones" ADD CONSTRAINT "person_phones_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_phones_bidx_idx" ON "person_phones" USING btree ("company_id","phone_bidx");--> statement-breakpoint
CREATE UNIQUE INDEX "person_phones_person_bidx_uq" ON "person_phones" USING btree ("person_id","phone_bidx");--> statement-breakpoint
CREATE UNIQUE INDEX "person_phones_one_primary_uq" ON "person_phones" USING btree ("person_id") WHERE "person_phones"."is_primary";
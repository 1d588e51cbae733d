CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"company_id" uuid NOT NULL,
	"name" text NOT NULL,
	"gender" text DEFAULT 'unknown' NOT NULL,
	"phone_enc" text,
	"phone_bidx" text,
	"id_number_enc" text,
	"id_number_bidx" text,
	"native_place" text,
	"hukou_location" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_occupancies" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "buildings" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'residential' NOT NULL,
	"floors_above" integer DEFAULT 1 NOT NULL,
	"floors_below" integer DEFAULT 0 NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "common_areas" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"building_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'other' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entrances" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"building_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equipment" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"building_id" uuid,
	"common_area_id" uuid,
	"location" text DEFAULT '' NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'normal' NOT NULL,
	"installed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parking_spaces" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"code" text NOT NULL,
	"area_m2" numeric(10, 2),
	"kind" text DEFAULT 'rented' NOT NULL,
	"status" text DEFAULT 'free' NOT NULL,
	"room_id" uuid,
	"location" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" uuid PRIMARY KEY DEFAULT uuid7() NOT NULL,
	"community_id" uuid NOT NULL,
	"building_id" uuid NOT NULL,
	"entrance_id" uuid,
	"floor" integer NOT NULL,
	"number" text NOT NULL,
	"code" text NOT NULL,
	"area_m2" numeric(10, 2) NOT NULL,
	"indoor_area_m2" numeric(10, 2),
	"use" text DEFAULT 'residential' NOT NULL,
	"status" text DEFAULT 'vacant' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_occupancies" ADD CONSTRAINT "room_occupancies_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_occupancies" ADD CONSTRAINT "room_occupancies_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_occupancies" ADD CONSTRAINT "room_occupancies_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "common_areas" ADD CONSTRAINT "common_areas_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "common_areas" ADD CONSTRAINT "common_areas_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entrances" ADD CONSTRAINT "entrances_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entrances" ADD CONSTRAINT "entrances_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_common_area_id_common_areas_id_fk" FOREIGN KEY ("common_area_id") REFERENCES "public"."common_areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parking_spaces" ADD CONSTRAINT "parking_spaces_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parking_spaces" ADD CONSTRAINT "parking_spaces_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_entrance_id_entrances_id_fk" FOREIGN KEY ("entrance_id") REFERENCES "public"."entrances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "persons_phone_bidx_idx" ON "persons" USING btree ("company_id","phone_bidx");--> statement-breakpoint
CREATE INDEX "persons_id_bidx_idx" ON "persons" USING btree ("company_id","id_number_bidx");--> statement-breakpoint
CREATE INDEX "occupancies_room_idx" ON "room_occupancies" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "occupancies_person_idx" ON "room_occupancies" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "buildings_community_code_uq" ON "buildings" USING btree ("community_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "common_areas_community_code_uq" ON "common_areas" USING btree ("community_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "entrances_building_code_uq" ON "entrances" USING btree ("building_id","code");--> statement-breakpoint
CREATE INDEX "entrances_community_idx" ON "entrances" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_community_code_uq" ON "equipment" USING btree ("community_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "parking_community_code_uq" ON "parking_spaces" USING btree ("community_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_community_code_uq" ON "rooms" USING btree ("community_id","code");--> statement-breakpoint
CREATE INDEX "rooms_community_code_prefix_idx" ON "rooms" USING btree ("community_id","code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "rooms_building_idx" ON "rooms" USING btree ("building_id");
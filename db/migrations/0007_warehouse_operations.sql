CREATE TYPE "public"."pick_line_status" AS ENUM('pending', 'picked', 'short', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."picklist_status" AS ENUM('open', 'in_progress', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."short_pick_reason" AS ENUM('not_found', 'damaged', 'insufficient_quantity', 'wrong_item_in_bin');--> statement-breakpoint
CREATE TYPE "public"."wave_status" AS ENUM('open', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."qc_result" AS ENUM('pass', 'fail');--> statement-breakpoint
CREATE TYPE "public"."shipment_status" AS ENUM('label_pending', 'manual', 'labelled', 'shipped', 'in_transit', 'delivered', 'exception', 'cancelled');--> statement-breakpoint
CREATE SEQUENCE "public"."picklist_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 10001 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."wave_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1001 CACHE 1;--> statement-breakpoint
CREATE TABLE "pick_confirmations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"line_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"picked_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "picklist_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"picklist_id" uuid NOT NULL,
	"fulfillment_id" uuid NOT NULL,
	"fulfillment_item_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"walk_sequence" integer NOT NULL,
	"quantity" integer NOT NULL,
	"picked_quantity" integer DEFAULT 0 NOT NULL,
	"status" "pick_line_status" DEFAULT 'pending' NOT NULL,
	"short_reason" "short_pick_reason",
	"picked_by" uuid,
	"picked_at" timestamp with time zone,
	CONSTRAINT "picklist_lines_quantities" CHECK ("picklist_lines"."quantity" > 0 and "picklist_lines"."picked_quantity" >= 0 and "picklist_lines"."picked_quantity" <= "picklist_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "picklists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"wave_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"assignee_id" uuid,
	"status" "picklist_status" DEFAULT 'open' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "picklists_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "waves" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"status" "wave_status" DEFAULT 'open' NOT NULL,
	"max_orders" integer NOT NULL,
	"max_units" integer NOT NULL,
	"zone" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "waves_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "qc_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fulfillment_id" uuid NOT NULL,
	"result" "qc_result" NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"checked_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipment_status_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shipment_id" uuid NOT NULL,
	"from_status" "shipment_status",
	"to_status" "shipment_status" NOT NULL,
	"reason" text NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fulfillment_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"carrier" text NOT NULL,
	"service" text NOT NULL,
	"tracking_number" text,
	"status" "shipment_status" DEFAULT 'label_pending' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"box_code" text NOT NULL,
	"weight_grams" integer NOT NULL,
	"label_pdf" "bytea",
	"label_attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"manual_entry_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"shipped_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "shipments_carrier_tracking_uq" UNIQUE("carrier","tracking_number")
);
--> statement-breakpoint
ALTER TABLE "fulfillment_items" ADD COLUMN "reservation_id" uuid;--> statement-breakpoint
ALTER TABLE "fulfillment_items" ADD COLUMN "cancelled_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillment_items" ADD COLUMN "packed_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD COLUMN "pick_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD COLUMN "pack_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD COLUMN "attention" text;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD COLUMN "sla_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD COLUMN "shipped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pick_confirmations" ADD CONSTRAINT "pick_confirmations_line_id_picklist_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."picklist_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pick_confirmations" ADD CONSTRAINT "pick_confirmations_picked_by_users_id_fk" FOREIGN KEY ("picked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picklist_lines" ADD CONSTRAINT "picklist_lines_picklist_id_picklists_id_fk" FOREIGN KEY ("picklist_id") REFERENCES "public"."picklists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picklist_lines" ADD CONSTRAINT "picklist_lines_fulfillment_id_fulfillments_id_fk" FOREIGN KEY ("fulfillment_id") REFERENCES "public"."fulfillments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picklist_lines" ADD CONSTRAINT "picklist_lines_fulfillment_item_id_fulfillment_items_id_fk" FOREIGN KEY ("fulfillment_item_id") REFERENCES "public"."fulfillment_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picklist_lines" ADD CONSTRAINT "picklist_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picklist_lines" ADD CONSTRAINT "picklist_lines_location_id_warehouse_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."warehouse_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picklist_lines" ADD CONSTRAINT "picklist_lines_picked_by_users_id_fk" FOREIGN KEY ("picked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picklists" ADD CONSTRAINT "picklists_wave_id_waves_id_fk" FOREIGN KEY ("wave_id") REFERENCES "public"."waves"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picklists" ADD CONSTRAINT "picklists_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "picklists" ADD CONSTRAINT "picklists_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waves" ADD CONSTRAINT "waves_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waves" ADD CONSTRAINT "waves_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_checks" ADD CONSTRAINT "qc_checks_fulfillment_id_fulfillments_id_fk" FOREIGN KEY ("fulfillment_id") REFERENCES "public"."fulfillments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_checks" ADD CONSTRAINT "qc_checks_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_status_history" ADD CONSTRAINT "shipment_status_history_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_fulfillment_id_fulfillments_id_fk" FOREIGN KEY ("fulfillment_id") REFERENCES "public"."fulfillments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_manual_entry_by_users_id_fk" FOREIGN KEY ("manual_entry_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "picklist_lines_walk_idx" ON "picklist_lines" USING btree ("picklist_id","walk_sequence");--> statement-breakpoint
CREATE INDEX "picklist_lines_fulfillment_idx" ON "picklist_lines" USING btree ("fulfillment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "picklist_lines_item_live_uq" ON "picklist_lines" USING btree ("fulfillment_item_id") WHERE "picklist_lines"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "picklists_wave_idx" ON "picklists" USING btree ("wave_id");--> statement-breakpoint
CREATE INDEX "picklists_assignee_idx" ON "picklists" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "picklists_warehouse_status_idx" ON "picklists" USING btree ("warehouse_id","status");--> statement-breakpoint
CREATE INDEX "waves_warehouse_status_idx" ON "waves" USING btree ("warehouse_id","status","created_at");--> statement-breakpoint
CREATE INDEX "qc_checks_fulfillment_idx" ON "qc_checks" USING btree ("fulfillment_id","created_at");--> statement-breakpoint
CREATE INDEX "shipment_status_history_idx" ON "shipment_status_history" USING btree ("shipment_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_fulfillment_uq" ON "shipments" USING btree ("fulfillment_id");--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "shipments_queue_idx" ON "shipments" USING btree ("status","updated_at") WHERE "shipments"."status" in ('label_pending', 'manual');--> statement-breakpoint
ALTER TABLE "fulfillment_items" ADD CONSTRAINT "fulfillment_items_reservation_id_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fulfillments_order_idx" ON "fulfillments" USING btree ("order_id");--> statement-breakpoint
ALTER TABLE "fulfillment_items" ADD CONSTRAINT "fulfillment_items_packed_within" CHECK ("fulfillment_items"."packed_quantity" >= 0 and "fulfillment_items"."cancelled_quantity" >= 0 and "fulfillment_items"."packed_quantity" + "fulfillment_items"."cancelled_quantity" <= "fulfillment_items"."quantity");--> statement-breakpoint
ALTER TABLE "fulfillments" ADD CONSTRAINT "fulfillments_attempts_non_negative" CHECK ("fulfillments"."pick_attempts" >= 0 and "fulfillments"."pack_attempts" >= 0);
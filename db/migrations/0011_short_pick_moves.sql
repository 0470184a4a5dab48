ALTER TABLE "fulfillment_items" DROP CONSTRAINT "fulfillment_items_packed_within";--> statement-breakpoint
DROP INDEX "fulfillments_order_warehouse_uq";--> statement-breakpoint
ALTER TABLE "fulfillment_items" ADD COLUMN "moved_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfillment_items" ADD COLUMN "moved_from_item_id" uuid;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD COLUMN "origin_fulfillment_id" uuid;--> statement-breakpoint
ALTER TABLE "fulfillment_items" ADD CONSTRAINT "fulfillment_items_moved_from_item_id_fulfillment_items_id_fk" FOREIGN KEY ("moved_from_item_id") REFERENCES "public"."fulfillment_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD CONSTRAINT "fulfillments_origin_fulfillment_id_fulfillments_id_fk" FOREIGN KEY ("origin_fulfillment_id") REFERENCES "public"."fulfillments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fulfillments_order_warehouse_uq" ON "fulfillments" USING btree ("order_id","warehouse_id") WHERE "fulfillments"."origin_fulfillment_id" is null;--> statement-breakpoint
ALTER TABLE "fulfillment_items" ADD CONSTRAINT "fulfillment_items_packed_within" CHECK ("fulfillment_items"."packed_quantity" >= 0 and "fulfillment_items"."cancelled_quantity" >= 0 and "fulfillment_items"."moved_quantity" >= 0 and "fulfillment_items"."packed_quantity" + "fulfillment_items"."cancelled_quantity" + "fulfillment_items"."moved_quantity" <= "fulfillment_items"."quantity");
ALTER TABLE "audit_log" ADD COLUMN "target_label" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" drop column "search";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', replace(action, '.', ' ') || ' ' || target_type || ' ' || target_id || ' ' || target_label || ' ' || actor_email || ' ' || reason)) STORED;--> statement-breakpoint
-- hand-written:
-- drizzle-kit emits the ADD COLUMN "target_label" after the "search" column that reads it: it is moved first above.
-- Dropping "search" dropped its GIN index; the snapshot still has it, so it is made again here.
CREATE INDEX "audit_log_search_idx" ON "audit_log" USING gin ("search");--> statement-breakpoint
-- Labels of the rows written before labels existed, where one join finds them (the page shows "(id …)" for the rest).
UPDATE "audit_log" SET "target_label" = "target_id" WHERE "target_type" = 'order';--> statement-breakpoint
UPDATE "audit_log" a SET "target_label" = r."number" FROM "returns" r WHERE a."target_type" = 'return' AND r."id"::text = a."target_id";--> statement-breakpoint
UPDATE "audit_log" a SET "target_label" = p."sku" FROM "products" p WHERE a."target_type" = 'product' AND p."id"::text = a."target_id";--> statement-breakpoint
UPDATE "audit_log" a SET "target_label" = p."sku" || ' at ' || w."code" FROM "products" p, "warehouses" w
  WHERE a."target_type" = 'inventory_level' AND w."id"::text = split_part(a."target_id", ':', 1) AND p."id"::text = split_part(a."target_id", ':', 2);--> statement-breakpoint
UPDATE "audit_log" a SET "target_label" = p."sku" || ' for ' || o."number" FROM "reservations" r, "products" p, "orders" o
  WHERE a."target_type" = 'reservation' AND r."id"::text = a."target_id" AND p."id" = r."product_id" AND o."id" = r."order_id";--> statement-breakpoint
UPDATE "audit_log" a SET "target_label" = o."number" || ' from ' || w."code" FROM "fulfillments" f, "orders" o, "warehouses" w
  WHERE a."target_type" = 'fulfillment' AND f."id"::text = a."target_id" AND o."id" = f."order_id" AND w."id" = f."warehouse_id";--> statement-breakpoint
UPDATE "audit_log" a SET "target_label" = replace(c."operation"::text, '_', ' ') || coalesce(' of ' || o."number", '') FROM "failed_compensations" c LEFT JOIN "orders" o ON o."id" = c."order_id"
  WHERE a."target_type" = 'failed_compensation' AND c."id"::text = a."target_id";--> statement-breakpoint
UPDATE "audit_log" a SET "target_label" = replace(al."kind", '_', ' ') FROM "ops_alerts" al WHERE a."target_type" = 'ops_alert' AND al."id"::text = a."target_id";--> statement-breakpoint
UPDATE "audit_log" a SET "target_label" = e."name" FROM "outbox" e WHERE a."target_type" = 'outbox_event' AND e."id"::text = a."target_id";--> statement-breakpoint
UPDATE "audit_log" SET "target_label" = "target_id" WHERE "target_type" = 'outbox_event_name';--> statement-breakpoint
UPDATE "audit_log" SET "target_label" = "reason" WHERE "target_type" IN ('stock_import', 'price_import');

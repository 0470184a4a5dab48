-- Unlogged: counters need no crash safety or replication, and their writes skip the WAL.
CREATE UNLOGGED TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "placed_from" "inet";--> statement-breakpoint
CREATE INDEX "rate_limits_expire_idx" ON "rate_limits" USING btree ("expire");--> statement-breakpoint
CREATE INDEX "orders_unpaid_guest_idx" ON "orders" USING btree ("guest_token_hash") WHERE "orders"."status" = 'pending_payment';--> statement-breakpoint
CREATE INDEX "orders_unpaid_address_idx" ON "orders" USING btree ("placed_from") WHERE "orders"."status" = 'pending_payment';
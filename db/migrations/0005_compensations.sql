CREATE TYPE "public"."compensation_operation" AS ENUM('void_authorization', 'refund', 'release_reservations', 'payment_capture', 'restock', 'cancel_shipment');--> statement-breakpoint
CREATE TYPE "public"."compensation_status" AS ENUM('pending', 'resolved', 'exhausted', 'discarded');--> statement-breakpoint
CREATE TABLE "failed_compensations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operation" "compensation_operation" NOT NULL,
	"order_id" uuid,
	"metadata" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text NOT NULL,
	"status" "compensation_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "failed_compensations" ADD CONSTRAINT "failed_compensations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "failed_compensations_due_idx" ON "failed_compensations" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "failed_compensations_order_idx" ON "failed_compensations" USING btree ("order_id");
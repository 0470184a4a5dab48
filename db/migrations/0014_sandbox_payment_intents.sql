CREATE TYPE "public"."sandbox_webhook_status" AS ENUM('pending', 'delivered', 'failed');--> statement-breakpoint
CREATE TABLE "sandbox_idempotency_replies" (
	"key" text PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_payment_intents" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"amount" bigint NOT NULL,
	"amount_capturable" bigint DEFAULT 0 NOT NULL,
	"amount_received" bigint DEFAULT 0 NOT NULL,
	"amount_refunded" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"description" text NOT NULL,
	"receipt_email" text NOT NULL,
	"latest_charge" text NOT NULL,
	"metadata" jsonb NOT NULL,
	"last_payment_error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_payment_intents_amounts" CHECK ("sandbox_payment_intents"."amount_capturable" >= 0 and "sandbox_payment_intents"."amount_capturable" <= "sandbox_payment_intents"."amount" and "sandbox_payment_intents"."amount_received" >= 0 and "sandbox_payment_intents"."amount_received" <= "sandbox_payment_intents"."amount" and "sandbox_payment_intents"."amount_refunded" >= 0 and "sandbox_payment_intents"."amount_refunded" <= "sandbox_payment_intents"."amount_received")
);
--> statement-breakpoint
CREATE TABLE "sandbox_webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"type" text NOT NULL,
	"body" text NOT NULL,
	"status" "sandbox_webhook_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "sandbox_webhook_deliveries_pending_idx" ON "sandbox_webhook_deliveries" USING btree ("url","next_attempt_at") WHERE "sandbox_webhook_deliveries"."status" = 'pending';
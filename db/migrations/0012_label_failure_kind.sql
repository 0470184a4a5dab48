CREATE TYPE "public"."label_failure" AS ENUM('carrier_unavailable', 'call_failed', 'refused', 'duplicate_tracking');--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "label_failure" "label_failure";--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "label_call_started_at" timestamp with time zone;--> statement-breakpoint
-- Shipments already in the manual queue keep their kind, read from the message they were given.
UPDATE "shipments" SET "label_failure" = CASE
  WHEN starts_with("last_error", 'The carrier could not make the label: ') THEN 'carrier_unavailable'::"label_failure"
  WHEN starts_with("last_error", 'The label request failed unexpectedly (') THEN 'call_failed'::"label_failure"
  WHEN starts_with("last_error", 'The carrier refused the label: ') THEN 'refused'::"label_failure"
  -- A call that was in flight when the process stopped: its outcome is unknown, so it is retried.
  WHEN "last_error" = 'Asking the carrier for the label.' THEN 'call_failed'::"label_failure"
  ELSE NULL END
WHERE "status" = 'manual';

DROP INDEX "outbox_pending_idx";--> statement-breakpoint
CREATE INDEX "outbox_pending_position_idx" ON "outbox" USING btree ("position") WHERE "outbox"."status" = 'pending';
import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { compensationOperations, compensationStatuses } from "@/server/vocabulary/compensations";
import { orders } from "./orders";
import { users } from "./users";

export const compensationOperationEnum = pgEnum("compensation_operation", compensationOperations);
export const compensationStatusEnum = pgEnum("compensation_status", compensationStatuses);

/**
 * A compensation that still failed after its function's retries (P0-2024-01): everything
 * needed to retry it is in `metadata` (e.g. intent id, reservation ids — NEW-P0-001).
 */
export const failedCompensations = pgTable(
  "failed_compensations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operation: compensationOperationEnum("operation").notNull(),
    orderId: uuid("order_id").references(() => orders.id),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error").notNull(),
    status: compensationStatusEnum("status").notNull().default("pending"),
    /** Set when ops discard it: why, and who. */
    discardReason: text("discard_reason"),
    discardedBy: uuid("discarded_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("failed_compensations_due_idx").on(t.status, t.nextAttemptAt),
    index("failed_compensations_order_idx").on(t.orderId),
    // The DLQ list: newest first within a status/operation, keyset-paginated on (created_at, id).
    index("failed_compensations_list_idx").on(t.status, t.operation, t.createdAt, t.id),
    index("failed_compensations_created_idx").on(t.createdAt, t.id),
  ],
);

/** Each try of a failed compensation, automatic or an operator's replay, with its error. */
export const compensationAttempts = pgTable(
  "compensation_attempts",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    compensationId: uuid("compensation_id")
      .notNull()
      .references(() => failedCompensations.id),
    attempt: integer("attempt").notNull(),
    /** cron | replay */
    trigger: text("trigger").notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    outcome: text("outcome").notNull(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("compensation_attempts_idx").on(t.compensationId, t.attempt)],
);

export type FailedCompensation = typeof failedCompensations.$inferSelect;
export type CompensationAttempt = typeof compensationAttempts.$inferSelect;

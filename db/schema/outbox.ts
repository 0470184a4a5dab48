import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { outboxStatuses } from "@/server/vocabulary/outbox";

export const outboxStatusEnum = pgEnum("outbox_status", outboxStatuses);

/**
 * Transactional outbox: domain transactions insert here; the relay sends rows to Inngest with
 * the row id as the event id (Inngest dedupes on it), so a re-send after a crash is harmless.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Commit-ish order for claiming; ids are random. */
    position: bigserial("position", { mode: "number" }).notNull().unique(),
    aggregateType: text("aggregate_type").notNull(),
    aggregateId: text("aggregate_id").notNull(),
    /** 1, 2, 3... per aggregate, so consumers can drop stale events (INT-P1-01). */
    sequence: integer("sequence").notNull(),
    name: text("name").notNull(),
    schemaVersion: integer("schema_version").notNull(),
    payload: jsonb("payload").notNull(),
    status: outboxStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    availableAt: timestamp("available_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    unique("outbox_aggregate_sequence_uq").on(t.aggregateType, t.aggregateId, t.sequence),
    // The relay scans pending rows in position order and filters available_at; only rows in
    // backoff are not yet available, so a claim reads about one batch of index entries.
    index("outbox_pending_position_idx").on(t.position).where(sql`${t.status} = 'pending'`),
    index("outbox_sent_idx").on(t.sentAt).where(sql`${t.status} = 'sent'`),
    index("outbox_failed_idx").on(t.position).where(sql`${t.status} = 'failed'`),
    check("outbox_sequence_positive", sql`${t.sequence} > 0`),
  ],
);

/** Last sequence handed out per aggregate; the upsert's row lock serialises concurrent emitters. */
export const outboxSequences = pgTable(
  "outbox_sequences",
  {
    aggregateType: text("aggregate_type").notNull(),
    aggregateId: text("aggregate_id").notNull(),
    lastSequence: integer("last_sequence").notNull(),
  },
  (t) => [primaryKey({ columns: [t.aggregateType, t.aggregateId] })],
);

/** Consumer idempotency: one row per (consumer, event id) applied. */
export const processedEvents = pgTable(
  "processed_events",
  {
    consumer: text("consumer").notNull(),
    eventId: text("event_id").notNull(),
    processedAt: timestamp("processed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);

/** Highest sequence a consumer has applied per aggregate; lower ones are stale. */
export const consumerPositions = pgTable(
  "consumer_positions",
  {
    consumer: text("consumer").notNull(),
    aggregateType: text("aggregate_type").notNull(),
    aggregateId: text("aggregate_id").notNull(),
    lastSequence: integer("last_sequence").notNull(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.aggregateType, t.aggregateId] })],
);

export type OutboxRow = typeof outbox.$inferSelect;

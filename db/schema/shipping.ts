import { sql } from "drizzle-orm";
import { customType, index, integer, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { labelFailures, qcResults, shipmentStatuses } from "@/server/vocabulary/shipping";
import { fulfillments } from "./fulfillment";
import { orders } from "./orders";
import { users } from "./users";

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

export const qcResultEnum = pgEnum("qc_result", qcResults);

/** A quality check at the pack station; the latest one of a fulfillment decides if it may ship. */
export const qcChecks = pgTable(
  "qc_checks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fulfillmentId: uuid("fulfillment_id")
      .notNull()
      .references(() => fulfillments.id),
    result: qcResultEnum("result").notNull(),
    notes: text("notes").notNull().default(""),
    checkedBy: uuid("checked_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("qc_checks_fulfillment_idx").on(t.fulfillmentId, t.createdAt)],
);

export const shipmentStatusEnum = pgEnum("shipment_status", shipmentStatuses);

export const labelFailureEnum = pgEnum("label_failure", labelFailures);

/**
 * The parcel of one fulfillment. A carrier failure never blocks packing: the shipment waits in
 * the manual queue (status `manual`) for a retry or a hand-entered tracking number (SHIP-P0-01).
 */
export const shipments = pgTable(
  "shipments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fulfillmentId: uuid("fulfillment_id")
      .notNull()
      .references(() => fulfillments.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    carrier: text("carrier").notNull(),
    service: text("service").notNull(),
    trackingNumber: text("tracking_number"),
    status: shipmentStatusEnum("status").notNull().default("label_pending"),
    version: integer("version").notNull().default(1),
    boxCode: text("box_code").notNull(),
    weightGrams: integer("weight_grams").notNull(),
    labelPdf: bytea("label_pdf"),
    labelAttempts: integer("label_attempts").notNull().default(0),
    lastError: text("last_error"),
    /** What kind of failure `last_error` describes; null once the label is made. */
    labelFailure: labelFailureEnum("label_failure"),
    /** Set while a caller is asking the carrier for the label (its claim); cleared by the call's result. */
    labelCallStartedAt: timestamp("label_call_started_at", { withTimezone: true }),
    /** Who entered a tracking number by hand, when the carrier could not make the label. */
    manualEntryBy: uuid("manual_entry_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    shippedAt: timestamp("shipped_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("shipments_fulfillment_uq").on(t.fulfillmentId),
    // SHIP-P0-02: a tracking number belongs to one shipment of a carrier.
    unique("shipments_carrier_tracking_uq").on(t.carrier, t.trackingNumber),
    index("shipments_order_idx").on(t.orderId),
    index("shipments_queue_idx").on(t.status, t.updatedAt).where(sql`${t.status} in ('label_pending', 'manual')`),
  ],
);

export const shipmentHistory = pgTable(
  "shipment_status_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    shipmentId: uuid("shipment_id")
      .notNull()
      .references(() => shipments.id),
    fromStatus: shipmentStatusEnum("from_status"),
    toStatus: shipmentStatusEnum("to_status").notNull(),
    reason: text("reason").notNull(),
    actor: text("actor").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("shipment_status_history_idx").on(t.shipmentId, t.createdAt)],
);

export type QcCheck = typeof qcChecks.$inferSelect;
export type Shipment = typeof shipments.$inferSelect;

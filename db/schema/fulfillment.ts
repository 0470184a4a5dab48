import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { fulfillmentStatuses } from "@/server/vocabulary/fulfillment";
import { products } from "./catalog";
import { reservations } from "./inventory";
import { orderItems, orders } from "./orders";
import { warehouses } from "./warehouses";

export const fulfillmentStatusEnum = pgEnum("fulfillment_status", fulfillmentStatuses);

/**
 * What one warehouse ships of an order. Created when the order is confirmed, one per warehouse;
 * a short pick moved to another warehouse later adds one there (`origin_fulfillment_id` says
 * which fulfillment the units came from).
 */
export const fulfillments = pgTable(
  "fulfillments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    warehouseId: uuid("warehouse_id")
      .notNull()
      .references(() => warehouses.id),
    status: fulfillmentStatusEnum("status").notNull().default("pending"),
    /** Set when this fulfillment was opened for units moved here from another warehouse's short pick. */
    originFulfillmentId: uuid("origin_fulfillment_id").references((): AnyPgColumn => fulfillments.id),
    version: integer("version").notNull().default(1),
    /** Pick and pack tries so far; a failure past the limit needs the manager. */
    pickAttempts: integer("pick_attempts").notNull().default(0),
    packAttempts: integer("pack_attempts").notNull().default(0),
    /** Why the warehouse manager must act (short pick, repeated pack failure), cleared when resolved. */
    attention: text("attention"),
    /** Set by the SLA cron when the fulfillment was not shipped within the SLA. */
    slaBreachedAt: timestamp("sla_breached_at", { withTimezone: true }),
    shippedAt: timestamp("shipped_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The order's confirmation creates one per warehouse, once; moves after a short pick may add more.
    uniqueIndex("fulfillments_order_warehouse_uq").on(t.orderId, t.warehouseId).where(sql`${t.originFulfillmentId} is null`),
    index("fulfillments_warehouse_status_idx").on(t.warehouseId, t.status),
    // Today's fulfillments per warehouse, counted on every checkout against its daily capacity.
    index("fulfillments_warehouse_created_idx").on(t.warehouseId, t.createdAt),
    index("fulfillments_order_idx").on(t.orderId),
    // SLA breaches still open, for the manager board and the ops dashboard.
    index("fulfillments_sla_open_idx")
      .on(t.warehouseId, t.createdAt)
      .where(sql`${t.slaBreachedAt} is not null and ${t.status} not in ('shipped', 'completed', 'cancelled')`),
    check("fulfillments_attempts_non_negative", sql`${t.pickAttempts} >= 0 and ${t.packAttempts} >= 0`),
  ],
);

export const fulfillmentItems = pgTable(
  "fulfillment_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fulfillmentId: uuid("fulfillment_id")
      .notNull()
      .references(() => fulfillments.id),
    orderItemId: uuid("order_item_id")
      .notNull()
      .references(() => orderItems.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    /** The confirmed reservation this line ships; committing it on shipment is idempotent (WH-P0-02). */
    reservationId: uuid("reservation_id").references(() => reservations.id),
    quantity: integer("quantity").notNull(),
    /**
     * Units taken off after a short pick (refunded, never shipped). The line ships
     * quantity − cancelledQuantity − movedQuantity (see `unitsToShip`).
     */
    cancelledQuantity: integer("cancelled_quantity").notNull().default(0),
    /** Units a short pick moved to another warehouse's fulfillment (shipped from there, not refunded). */
    movedQuantity: integer("moved_quantity").notNull().default(0),
    /** On a line created by such a move: the line the units came from. */
    movedFromItemId: uuid("moved_from_item_id").references((): AnyPgColumn => fulfillmentItems.id),
    /** Of the cancelled units, how many the customer has been refunded for (or owed nothing for). */
    refundedQuantity: integer("refunded_quantity").notNull().default(0),
    /** Units scanned at the pack station so far. */
    packedQuantity: integer("packed_quantity").notNull().default(0),
  },
  (t) => [
    index("fulfillment_items_fulfillment_idx").on(t.fulfillmentId),
    check("fulfillment_items_quantity_positive", sql`${t.quantity} > 0`),
    check("fulfillment_items_refunded_within", sql`${t.refundedQuantity} >= 0 and ${t.refundedQuantity} <= ${t.cancelledQuantity}`),
    index("fulfillment_items_unrefunded_idx").on(t.id).where(sql`${t.cancelledQuantity} > ${t.refundedQuantity}`),
    check(
      "fulfillment_items_packed_within",
      sql`${t.packedQuantity} >= 0 and ${t.cancelledQuantity} >= 0 and ${t.movedQuantity} >= 0 and ${t.packedQuantity} + ${t.cancelledQuantity} + ${t.movedQuantity} <= ${t.quantity}`,
    ),
  ],
);

export const fulfillmentStatusHistory = pgTable(
  "fulfillment_status_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fulfillmentId: uuid("fulfillment_id")
      .notNull()
      .references(() => fulfillments.id),
    fromStatus: fulfillmentStatusEnum("from_status"),
    toStatus: fulfillmentStatusEnum("to_status").notNull(),
    reason: text("reason").notNull(),
    actor: text("actor").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("fulfillment_status_history_idx").on(t.fulfillmentId, t.createdAt)],
);

export type Fulfillment = typeof fulfillments.$inferSelect;
export type FulfillmentItem = typeof fulfillmentItems.$inferSelect;

import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { products } from "./catalog";
import { orderItems, orders } from "./orders";
import { warehouses } from "./warehouses";

export const fulfillmentStatuses = [
  "pending",
  "planning",
  "picking",
  "picked",
  "packing",
  "packed",
  "ready",
  "shipped",
  "completed",
  "pick_failed",
  "pack_failed",
  "cancelled",
] as const;
export type FulfillmentStatus = (typeof fulfillmentStatuses)[number];
export const fulfillmentStatusEnum = pgEnum("fulfillment_status", fulfillmentStatuses);

/** What one warehouse ships of an order. Created when the order is confirmed, one per warehouse. */
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
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("fulfillments_order_warehouse_uq").on(t.orderId, t.warehouseId), index("fulfillments_warehouse_status_idx").on(t.warehouseId, t.status)],
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
    quantity: integer("quantity").notNull(),
  },
  (t) => [index("fulfillment_items_fulfillment_idx").on(t.fulfillmentId), check("fulfillment_items_quantity_positive", sql`${t.quantity} > 0`)],
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

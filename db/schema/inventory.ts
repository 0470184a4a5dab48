import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { reservationStatuses, stockMovementReasons } from "@/server/vocabulary/inventory";
import { products } from "./catalog";
import { orderItems, orders } from "./orders";
import { warehouseLocations, warehouses } from "./warehouses";

export const stockMovementReasonEnum = pgEnum("stock_movement_reason", stockMovementReasons);

export const inventoryLevels = pgTable(
  "inventory_levels",
  {
    warehouseId: uuid("warehouse_id")
      .notNull()
      .references(() => warehouses.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    locationId: uuid("location_id").references(() => warehouseLocations.id),
    onHand: integer("on_hand").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
    lowStockThreshold: integer("low_stock_threshold").notNull().default(5),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.warehouseId, t.productId] }),
    index("inventory_levels_product_idx").on(t.productId),
    check("inventory_on_hand_non_negative", sql`${t.onHand} >= 0`),
    check("inventory_reserved_non_negative", sql`${t.reserved} >= 0`),
    check("inventory_reserved_within_on_hand", sql`${t.reserved} <= ${t.onHand}`),
  ],
);

/** Every stock change writes one row here in the same transaction (WH-P1-03). */
export const inventoryLedger = pgTable(
  "inventory_ledger",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    warehouseId: uuid("warehouse_id")
      .notNull()
      .references(() => warehouses.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    onHandDelta: integer("on_hand_delta").notNull(),
    reservedDelta: integer("reserved_delta").notNull(),
    reason: stockMovementReasonEnum("reason").notNull(),
    referenceType: text("reference_type"),
    referenceId: text("reference_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("inventory_ledger_item_idx").on(t.productId, t.warehouseId, t.createdAt)],
);

export type InventoryLevel = typeof inventoryLevels.$inferSelect;

export const reservationStatusEnum = pgEnum("reservation_status", reservationStatuses);

/**
 * Stock held for an order line in one warehouse. `inventory_levels.reserved` always equals the
 * sum of active + confirmed reservations of that (warehouse, product).
 */
export const reservations = pgTable(
  "reservations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    orderItemId: uuid("order_item_id")
      .notNull()
      .references(() => orderItems.id),
    warehouseId: uuid("warehouse_id")
      .notNull()
      .references(() => warehouses.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    quantity: integer("quantity").notNull(),
    status: reservationStatusEnum("status").notNull().default("active"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("reservations_order_idx").on(t.orderId),
    index("reservations_item_idx").on(t.warehouseId, t.productId).where(sql`${t.status} in ('active', 'confirmed')`),
    check("reservations_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

export type Reservation = typeof reservations.$inferSelect;

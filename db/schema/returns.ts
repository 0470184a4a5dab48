import { sql } from "drizzle-orm";
import { boolean, check, index, integer, numeric, pgEnum, pgSequence, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { itemConditions, returnKinds, returnReasons, returnStatuses } from "@/server/vocabulary/returns";
import { products } from "./catalog";
import { orderItems, orders } from "./orders";
import { users } from "./users";
import { warehouses } from "./warehouses";

export const returnNumberSeq = pgSequence("return_number_seq", { startWith: 5001 });

export const returnStatusEnum = pgEnum("return_status", returnStatuses);
export const returnKindEnum = pgEnum("return_kind", returnKinds);
export const returnReasonEnum = pgEnum("return_reason", returnReasons);
export const itemConditionEnum = pgEnum("item_condition", itemConditions);

/** A customer's return of some units of a delivered order: request → approve → receive/inspect → refund (+ restock). */
export const returns = pgTable(
  "returns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull().unique(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    /** Where the parcel comes back to (restock happens there). */
    warehouseId: uuid("warehouse_id").references(() => warehouses.id),
    kind: returnKindEnum("kind").notNull().default("refund"),
    status: returnStatusEnum("status").notNull().default("requested"),
    customerNote: text("customer_note").notNull().default(""),
    /** What was (or will be) refunded, decided at inspection. */
    refundAmount: numeric("refund_amount", { precision: 19, scale: 4 }),
    currency: text("currency").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("returns_order_idx").on(t.orderId), index("returns_status_idx").on(t.status, t.createdAt)],
);

export const returnItems = pgTable(
  "return_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id),
    orderItemId: uuid("order_item_id")
      .notNull()
      .references(() => orderItems.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    quantity: integer("quantity").notNull(),
    reason: returnReasonEnum("reason").notNull(),
    /** Set at inspection. */
    condition: itemConditionEnum("condition"),
    restock: boolean("restock"),
    /**
     * Why an item inspected as damaged or unsellable goes back on the shelf as sellable anyway:
     * set only by an explicit override at inspection (audited); null otherwise.
     */
    restockOverrideReason: text("restock_override_reason"),
    /** When the units went back on hand; restocking twice is impossible (guarded on this). */
    restockedAt: timestamp("restocked_at", { withTimezone: true }),
  },
  (t) => [index("return_items_return_idx").on(t.returnId), index("return_items_order_item_idx").on(t.orderItemId), check("return_items_quantity_positive", sql`${t.quantity} > 0`)],
);

export const returnStatusHistory = pgTable(
  "return_status_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    returnId: uuid("return_id")
      .notNull()
      .references(() => returns.id),
    fromStatus: returnStatusEnum("from_status"),
    toStatus: returnStatusEnum("to_status").notNull(),
    reason: text("reason").notNull(),
    actor: text("actor").notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("return_status_history_idx").on(t.returnId, t.createdAt)],
);

export type Return = typeof returns.$inferSelect;
export type ReturnItem = typeof returnItems.$inferSelect;

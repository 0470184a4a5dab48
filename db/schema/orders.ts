import { sql } from "drizzle-orm";
import { check, index, inet, integer, jsonb, numeric, pgEnum, pgSequence, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { orderStatuses, paymentMethods } from "@/server/vocabulary/orders";
import { products } from "./catalog";
import { users } from "./users";

export const orderStatusEnum = pgEnum("order_status", orderStatuses);

export const paymentMethodEnum = pgEnum("payment_method", paymentMethods);

export const orderNumberSeq = pgSequence("order_number_seq", { startWith: 100001 });

export type ShippingAddress = {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  phone?: string;
};

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** What customers see and type: "D100001". */
    number: text("number").notNull(),
    customerId: uuid("customer_id").references(() => users.id),
    /** For a guest order: the hash of the guest cart token that placed it (its confirmation page). */
    guestTokenHash: text("guest_token_hash"),
    /** The client address the order was placed from (per-address caps on unpaid orders, fraud review). */
    placedFrom: inet("placed_from"),
    email: text("email").notNull(),
    status: orderStatusEnum("status").notNull().default("pending_payment"),
    paymentMethod: paymentMethodEnum("payment_method").notNull().default("card"),
    currency: text("currency").notNull(),
    subtotal: numeric("subtotal", { precision: 19, scale: 4 }).notNull(),
    discountTotal: numeric("discount_total", { precision: 19, scale: 4 }).notNull(),
    shippingTotal: numeric("shipping_total", { precision: 19, scale: 4 }).notNull(),
    taxTotal: numeric("tax_total", { precision: 19, scale: 4 }).notNull(),
    total: numeric("total", { precision: 19, scale: 4 }).notNull(),
    shippingMethod: text("shipping_method").notNull(),
    shippingAddress: jsonb("shipping_address").$type<ShippingAddress>().notNull(),
    promotionCodes: text("promotion_codes").array().notNull().default(sql`'{}'::text[]`),
    /** A double submit with the same key returns this order. */
    idempotencyKey: text("idempotency_key").notNull(),
    /** Unpaid orders are cancelled and their stock released after this (WH-P0-02). */
    reservationExpiresAt: timestamp("reservation_expires_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("orders_number_uq").on(t.number),
    uniqueIndex("orders_idempotency_key_uq").on(t.idempotencyKey),
    index("orders_customer_idx").on(t.customerId, t.createdAt),
    index("orders_email_idx").on(sql`lower(${t.email})`),
    // Ops order search (OR-1-05): keyset pages by (created_at, id), per status too.
    index("orders_created_idx").on(t.createdAt, t.id),
    index("orders_status_created_idx").on(t.status, t.createdAt, t.id),
    index("orders_search_idx").using("gin", sql`to_tsvector('simple', ${t.number} || ' ' || ${t.email} || ' ' || coalesce(${t.shippingAddress}->>'name', ''))`),
    index("orders_expiring_idx").on(t.reservationExpiresAt).where(sql`${t.status} = 'pending_payment'`),
    // The caps on unpaid orders per buyer and per address count these (server/checkout/unpaid-cap.ts).
    index("orders_unpaid_guest_idx").on(t.guestTokenHash).where(sql`${t.status} = 'pending_payment'`),
    index("orders_unpaid_address_idx").on(t.placedFrom).where(sql`${t.status} = 'pending_payment'`),
    check("orders_total_non_negative", sql`${t.total} >= 0 and ${t.discountTotal} >= 0 and ${t.discountTotal} <= ${t.subtotal}`),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    quantity: integer("quantity").notNull(),
    unitPrice: numeric("unit_price", { precision: 19, scale: 4 }).notNull(),
    lineTotal: numeric("line_total", { precision: 19, scale: 4 }).notNull(),
  },
  (t) => [index("order_items_order_idx").on(t.orderId), index("order_items_sku_idx").on(t.sku), check("order_items_quantity_positive", sql`${t.quantity} > 0`)],
);

export const orderStatusHistory = pgTable(
  "order_status_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    fromStatus: orderStatusEnum("from_status"),
    toStatus: orderStatusEnum("to_status").notNull(),
    reason: text("reason").notNull(),
    /** `user:<id>`, `system:<job>` or `guest`. */
    actor: text("actor").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("order_status_history_order_idx").on(t.orderId, t.createdAt)],
);

export type Order = typeof orders.$inferSelect;
export type OrderItem = typeof orderItems.$inferSelect;

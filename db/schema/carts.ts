import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { cartStatuses } from "@/server/vocabulary/carts";
import { products } from "./catalog";
import { users } from "./users";

export const cartStatusEnum = pgEnum("cart_status", cartStatuses);

/**
 * A cart belongs to a customer or to a guest token (stored as its SHA-256, never in clear);
 * every operation resolves the cart from the caller's identity, never from an id the client
 * sends (OR-P0-02). `version` makes absolute edits optimistic (NEW-03).
 */
export const carts = pgTable(
  "carts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id").references(() => users.id),
    guestTokenHash: text("guest_token_hash"),
    status: cartStatusEnum("status").notNull().default("active"),
    currency: text("currency").notNull().default("USD"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("carts_active_customer_uq").on(t.customerId).where(sql`${t.status} = 'active' and ${t.customerId} is not null`),
    // A guest keeps their token after ordering (their confirmation page needs it), so only the
    // active cart is unique per token; converted ones stay with their orders.
    uniqueIndex("carts_active_guest_uq").on(t.guestTokenHash).where(sql`${t.status} = 'active' and ${t.guestTokenHash} is not null`),
    index("carts_updated_idx").on(t.updatedAt),
    check("carts_has_owner", sql`${t.customerId} is not null or ${t.guestTokenHash} is not null`),
  ],
);

export const cartItems = pgTable(
  "cart_items",
  {
    cartId: uuid("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    quantity: integer("quantity").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.productId] }), check("cart_items_quantity_range", sql`${t.quantity} between 1 and 99`)],
);

export type Cart = typeof carts.$inferSelect;
export type CartItem = typeof cartItems.$inferSelect;

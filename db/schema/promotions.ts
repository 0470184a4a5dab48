import { sql } from "drizzle-orm";
import { boolean, check, index, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { promotionKinds } from "@/server/vocabulary/promotions";
import { users } from "./users";

export const promotionKindEnum = pgEnum("promotion_kind", promotionKinds);

export const promotions = pgTable(
  "promotions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stored upper-case; customers type it in any case. */
    code: text("code").notNull(),
    description: text("description").notNull().default(""),
    kind: promotionKindEnum("kind").notNull(),
    /** Percent (0-100] for percentage, an amount in `currency` for fixed, unused for free shipping. */
    value: numeric("value", { precision: 19, scale: 4 }).notNull().default("0"),
    currency: text("currency").notNull().default("USD"),
    minSubtotal: numeric("min_subtotal", { precision: 19, scale: 4 }).notNull().default("0"),
    maxDiscount: numeric("max_discount", { precision: 19, scale: 4 }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    usageLimit: integer("usage_limit"),
    usedCount: integer("used_count").notNull().default(0),
    perCustomerLimit: integer("per_customer_limit"),
    /** Stackable codes combine with each other; a non-stackable code must be used alone (PM-P1-01). */
    stackable: boolean("stackable").notNull().default(false),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("promotions_code_uq").on(t.code),
    check("promotions_code_upper", sql`${t.code} = upper(${t.code})`),
    check("promotions_used_within_limit", sql`${t.usageLimit} is null or ${t.usedCount} <= ${t.usageLimit}`),
    check("promotions_used_non_negative", sql`${t.usedCount} >= 0`),
    check("promotions_value_range", sql`${t.kind} <> 'percentage' or (${t.value} > 0 and ${t.value} <= 100)`),
    check("promotions_value_non_negative", sql`${t.value} >= 0`),
    check("promotions_period", sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
  ],
);

/** Uses per customer (or guest email), bumped with a guarded upsert so the limit holds under concurrency. */
export const promotionCustomerUsage = pgTable(
  "promotion_customer_usage",
  {
    promotionId: uuid("promotion_id")
      .notNull()
      .references(() => promotions.id),
    /** `user:<id>` or `email:<lower-case email>` for guests. */
    customerKey: text("customer_key").notNull(),
    used: integer("used").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.promotionId, t.customerKey] }), check("promotion_customer_usage_non_negative", sql`${t.used} >= 0`)],
);

export const promotionRedemptions = pgTable(
  "promotion_redemptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    promotionId: uuid("promotion_id")
      .notNull()
      .references(() => promotions.id),
    orderId: uuid("order_id").notNull(),
    customerId: uuid("customer_id").references(() => users.id),
    customerKey: text("customer_key").notNull(),
    discount: numeric("discount", { precision: 19, scale: 4 }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when the order is cancelled and the use is given back. */
    releasedAt: timestamp("released_at", { withTimezone: true }),
  },
  (t) => [index("promotion_redemptions_order_idx").on(t.orderId), uniqueIndex("promotion_redemptions_order_promo_uq").on(t.orderId, t.promotionId)],
);

export type Promotion = typeof promotions.$inferSelect;

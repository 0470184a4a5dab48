import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { REVIEW_BODY_MAX, REVIEW_RATING_MAX, REVIEW_RATING_MIN, REVIEW_TITLE_MAX, reviewStatuses } from "@/server/vocabulary/reviews";
import { products } from "./catalog";
import { orderItems } from "./orders";
import { users } from "./users";

export const reviewStatusEnum = pgEnum("review_status", reviewStatuses);

/** A customer's review of a product they received (RV-P1-02), published only once ops approve it (RV-P1-01). */
export const reviews = pgTable(
  "reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => users.id),
    /** The delivered order line that makes it a verified purchase. */
    orderItemId: uuid("order_item_id")
      .notNull()
      .references(() => orderItems.id),
    rating: integer("rating").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    status: reviewStatusEnum("status").notNull().default("pending"),
    rejectionReason: text("rejection_reason"),
    moderatorId: uuid("moderator_id").references(() => users.id),
    moderatedAt: timestamp("moderated_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("reviews_customer_product_uq").on(t.customerId, t.productId),
    index("reviews_product_status_idx").on(t.productId, t.status, t.createdAt),
    index("reviews_status_created_idx").on(t.status, t.createdAt, t.id),
    check("reviews_rating_range", sql`${t.rating} BETWEEN ${sql.raw(String(REVIEW_RATING_MIN))} AND ${sql.raw(String(REVIEW_RATING_MAX))}`),
    check("reviews_title_length", sql`char_length(${t.title}) <= ${sql.raw(String(REVIEW_TITLE_MAX))}`),
    check("reviews_body_length", sql`char_length(${t.body}) <= ${sql.raw(String(REVIEW_BODY_MAX))}`),
  ],
);

export type Review = typeof reviews.$inferSelect;

import { and, asc, avg, count, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orderItems, orders, products, reviews, users } from "@/db/schema";
import type { ReviewStatus } from "@/server/vocabulary/reviews";

export type PublishedReview = { id: string; rating: number; title: string; body: string; author: string; verifiedPurchase: boolean; createdAt: Date };
export type ProductReviews = { count: number; averageRating: number | null; reviews: PublishedReview[] };

/** The first name only: a review shows who wrote it without publishing the customer's full name. */
const firstName = (name: string) => name.trim().split(/\s+/)[0] || "A customer";

/** What the product page shows: approved reviews only, newest first, with their count and average rating. */
export async function productReviews(tx: DbOrTx, productId: string, limit = 20): Promise<ProductReviews> {
  const approved = and(eq(reviews.productId, productId), eq(reviews.status, "approved"));
  const [[summary], rows] = await Promise.all([
    tx.select({ count: count(), average: avg(reviews.rating) }).from(reviews).where(approved),
    tx
      .select({ id: reviews.id, rating: reviews.rating, title: reviews.title, body: reviews.body, name: users.name, createdAt: reviews.createdAt })
      .from(reviews)
      .innerJoin(users, eq(users.id, reviews.customerId))
      .where(approved)
      .orderBy(desc(reviews.createdAt), desc(reviews.id))
      .limit(limit),
  ]);
  return {
    count: summary?.count ?? 0,
    averageRating: summary?.average == null ? null : Math.round(Number(summary.average) * 10) / 10,
    // Every review is verified: it cannot exist without the delivered order line it names (order_item_id NOT NULL).
    reviews: rows.map(({ name, ...r }) => ({ ...r, author: firstName(name), verifiedPurchase: true })),
  };
}

export type QueuedReview = {
  id: string;
  version: number;
  status: ReviewStatus;
  rating: number;
  title: string;
  body: string;
  sku: string;
  productName: string;
  customerEmail: string;
  orderNumber: string;
  createdAt: Date;
};

/** The moderation queue (RV-P1-01): reviews of one status, oldest first, with the order that verifies each. */
export async function moderationQueue(tx: DbOrTx, options: { status: ReviewStatus; limit?: number }): Promise<QueuedReview[]> {
  return tx
    .select({
      id: reviews.id,
      version: reviews.version,
      status: reviews.status,
      rating: reviews.rating,
      title: reviews.title,
      body: reviews.body,
      sku: products.sku,
      productName: products.name,
      customerEmail: users.email,
      orderNumber: orders.number,
      createdAt: reviews.createdAt,
    })
    .from(reviews)
    .innerJoin(products, eq(products.id, reviews.productId))
    .innerJoin(users, eq(users.id, reviews.customerId))
    .innerJoin(orderItems, eq(orderItems.id, reviews.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(eq(reviews.status, options.status))
    .orderBy(asc(reviews.createdAt), asc(reviews.id))
    .limit(options.limit ?? 100);
}

export type CustomerReview = { product: string; sku: string; rating: number; title: string; body: string; status: ReviewStatus; rejectionReason: string | null; createdAt: Date };

/** Every review a customer wrote, whatever its status, newest first (their data export). */
export async function customerReviews(tx: DbOrTx, customerId: string): Promise<CustomerReview[]> {
  return tx
    .select({
      product: products.name,
      sku: products.sku,
      rating: reviews.rating,
      title: reviews.title,
      body: reviews.body,
      status: reviews.status,
      rejectionReason: reviews.rejectionReason,
      createdAt: reviews.createdAt,
    })
    .from(reviews)
    .innerJoin(products, eq(products.id, reviews.productId))
    .where(eq(reviews.customerId, customerId))
    .orderBy(desc(reviews.createdAt), asc(reviews.id));
}

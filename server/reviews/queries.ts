import { and, asc, avg, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orderItems, orders, products, reviews, users } from "@/db/schema";
import { cursorTimestamp, decodeCursor, encodeCursor, isUuid } from "@/server/lib/keyset-cursor";
import { REVIEW_PAGE_MAX, REVIEW_PAGE_SIZE, REVIEW_QUEUE_PAGE_MAX, REVIEW_QUEUE_PAGE_SIZE, type ReviewStatus } from "@/server/vocabulary/reviews";

export type PublishedReview = { id: string; rating: number; title: string; body: string; author: string; verifiedPurchase: boolean; createdAt: Date };
/** The count and average are over every approved review of the product; `reviews` is one page of them. */
export type ProductReviews = { count: number; averageRating: number | null; reviews: PublishedReview[]; nextCursor: string | null };
export type Paging = { cursor?: string | null; limit?: number };

/** The first name only: a review shows who wrote it without publishing the customer's full name. */
const firstName = (name: string) => name.trim().split(/\s+/)[0] || "A customer";

const pageLimit = (limit: number | undefined, fallback: number, max: number) => Math.min(Math.max(Math.trunc(limit ?? fallback), 1), max);

/** Rows after the cursor on (created_at, id), in the direction the list is sorted; a tampered cursor is bad input. */
function afterCursor(cursor: string | null | undefined, direction: "asc" | "desc"): SQL | undefined {
  if (!cursor) return undefined;
  const at = decodeCursor(cursor, isUuid);
  const position = sql`(${at.createdAt}::timestamptz, ${at.id}::uuid)`;
  return direction === "desc" ? sql`(${reviews.createdAt}, ${reviews.id}) < ${position}` : sql`(${reviews.createdAt}, ${reviews.id}) > ${position}`;
}

/** One page of rows fetched with limit + 1: the page, and the cursor of its last row when more follow. */
function paged<T extends { id: string; cursorAt: string }>(rows: T[], limit: number): { items: Omit<T, "cursorAt">[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorAt: _cursor, ...row }) => row),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
  };
}

/**
 * What the product page shows: approved reviews only, newest first, keyset-paged on
 * (created_at desc, id desc) so reviews written in the same instant are neither skipped nor
 * repeated; the count and average rating are over all approved reviews, not the page.
 */
export async function productReviews(tx: DbOrTx, productId: string, paging: Paging = {}): Promise<ProductReviews> {
  const limit = pageLimit(paging.limit, REVIEW_PAGE_SIZE, REVIEW_PAGE_MAX);
  const approved = and(eq(reviews.productId, productId), eq(reviews.status, "approved"));
  const [[summary], rows] = await Promise.all([
    tx.select({ count: count(), average: avg(reviews.rating) }).from(reviews).where(approved),
    tx
      .select({
        id: reviews.id,
        rating: reviews.rating,
        title: reviews.title,
        body: reviews.body,
        name: users.name,
        createdAt: reviews.createdAt,
        cursorAt: cursorTimestamp(reviews.createdAt),
      })
      .from(reviews)
      .innerJoin(users, eq(users.id, reviews.customerId))
      .where(and(approved, afterCursor(paging.cursor, "desc")))
      .orderBy(desc(reviews.createdAt), desc(reviews.id))
      .limit(limit + 1),
  ]);
  const { items, nextCursor } = paged(rows, limit);
  return {
    count: summary?.count ?? 0,
    averageRating: summary?.average == null ? null : Math.round(Number(summary.average) * 10) / 10,
    // Every review is verified: it cannot exist without the delivered order line it names (order_item_id NOT NULL).
    reviews: items.map(({ name, ...r }) => ({ ...r, author: firstName(name), verifiedPurchase: true })),
    nextCursor,
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
export type ReviewQueuePage = { items: QueuedReview[]; nextCursor: string | null };

/** The moderation queue (RV-P1-01): reviews of one status, oldest first, keyset-paged, with the order that verifies each. */
export async function moderationQueue(tx: DbOrTx, options: { status: ReviewStatus } & Paging): Promise<ReviewQueuePage> {
  const limit = pageLimit(options.limit, REVIEW_QUEUE_PAGE_SIZE, REVIEW_QUEUE_PAGE_MAX);
  const rows = await tx
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
      cursorAt: cursorTimestamp(reviews.createdAt),
    })
    .from(reviews)
    .innerJoin(products, eq(products.id, reviews.productId))
    .innerJoin(users, eq(users.id, reviews.customerId))
    .innerJoin(orderItems, eq(orderItems.id, reviews.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(reviews.status, options.status), afterCursor(options.cursor, "asc")))
    .orderBy(asc(reviews.createdAt), asc(reviews.id))
    .limit(limit + 1);
  return paged(rows, limit);
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

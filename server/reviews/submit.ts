import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { orderItems, orders, reviews, type Review } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { reviewableOrderStatuses, reviewRefusalMessages } from "@/server/vocabulary/reviews";

export type ReviewInput = { productId: string; rating: number; title: string; body: string };

/** Whether this customer may review this product: a delivered (or completed) line of it, and no review of it yet. */
export type ReviewEligibility = { eligible: true; orderItemId: string } | { eligible: false; reason: "not_purchased" | "already_reviewed" };

/** The customer's latest delivered order line of the product (RV-P1-02: a verified purchase), or null. */
async function deliveredLine(tx: DbOrTx, customerId: string, productId: string): Promise<string | null> {
  const [line] = await tx
    .select({ id: orderItems.id })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(orders.customerId, customerId), eq(orderItems.productId, productId), inArray(orders.status, reviewableOrderStatuses)))
    .orderBy(desc(orders.createdAt))
    .limit(1);
  return line?.id ?? null;
}

export async function reviewEligibility(tx: DbOrTx, customerId: string, productId: string): Promise<ReviewEligibility> {
  const [existing] = await tx
    .select({ id: reviews.id })
    .from(reviews)
    .where(and(eq(reviews.customerId, customerId), eq(reviews.productId, productId)));
  if (existing) return { eligible: false, reason: "already_reviewed" };
  const orderItemId = await deliveredLine(tx, customerId, productId);
  return orderItemId ? { eligible: true, orderItemId } : { eligible: false, reason: "not_purchased" };
}

const alreadyReviewed = () => new DomainError("CONFLICT", reviewRefusalMessages.already_reviewed, { reason: "already_reviewed" });

/**
 * A customer reviews a product they received (RV-P1-01, RV-P1-02): only with a delivered or
 * completed order line of it, once per product (the unique index settles two submits at once).
 * The review waits in the moderation queue; nothing is shown until ops approve it.
 */
export async function submitReview(tx: Tx, customerId: string, input: ReviewInput): Promise<Review> {
  const eligibility = await reviewEligibility(tx, customerId, input.productId);
  if (!eligibility.eligible) {
    if (eligibility.reason === "already_reviewed") throw alreadyReviewed();
    throw new DomainError("PRECONDITION_FAILED", reviewRefusalMessages.not_purchased, { reason: "review_needs_delivered_purchase" });
  }
  const [created] = await tx
    .insert(reviews)
    .values({ productId: input.productId, customerId, orderItemId: eligibility.orderItemId, rating: input.rating, title: input.title, body: input.body })
    .onConflictDoNothing({ target: [reviews.customerId, reviews.productId] })
    .returning();
  if (!created) throw alreadyReviewed();
  return created;
}

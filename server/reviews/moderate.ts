import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { products, reviews, type Review } from "@/db/schema";
import { recordAudit } from "@/server/audit";
import { DomainError } from "@/server/lib/errors";
import type { SessionUser } from "@/server/vocabulary/session-user";

type Decision = { reviewId: string; expectedVersion: number } & ({ to: "approved" } | { to: "rejected"; reason: string });

/** Why a guarded decision touched no row: unknown review, already decided, or changed since the moderator loaded it. */
async function refusal(tx: Tx, reviewId: string): Promise<DomainError> {
  const [current] = await tx.select({ status: reviews.status }).from(reviews).where(eq(reviews.id, reviewId));
  if (!current) return new DomainError("NOT_FOUND", "That review does not exist.", { reason: "review_not_found" });
  if (current.status !== "pending") {
    return new DomainError("CONFLICT", `This review was already ${current.status}: a moderation decision is final. Reload the queue.`, { reason: "review_already_decided", status: current.status });
  }
  return new DomainError("CONFLICT", "This review changed elsewhere: reload it and decide again.", { reason: "stale_version" });
}

/**
 * Ops decide a pending review (RV-P1-01): one guarded update (pending and the version the
 * moderator saw), so a decided review is never decided again, and the audit row in the same
 * transaction.
 */
async function decide(tx: Tx, moderator: SessionUser, decision: Decision): Promise<Review> {
  const reason = decision.to === "rejected" ? decision.reason.trim() : null;
  if (decision.to === "rejected" && !reason) throw new DomainError("INVALID_INPUT", "Say why the review is rejected.", { reason: "reason_required" });
  const [moved] = await tx
    .update(reviews)
    .set({ status: decision.to, rejectionReason: reason, moderatorId: moderator.id, moderatedAt: sql`now()`, updatedAt: sql`now()`, version: sql`${reviews.version} + 1` })
    .where(and(eq(reviews.id, decision.reviewId), eq(reviews.status, "pending"), eq(reviews.version, decision.expectedVersion)))
    .returning();
  if (!moved) throw await refusal(tx, decision.reviewId);
  const [product] = await tx.select({ sku: products.sku }).from(products).where(eq(products.id, moved.productId));
  await recordAudit(tx, moderator, {
    action: decision.to === "approved" ? "review.approve" : "review.reject",
    targetType: "review",
    targetId: moved.id,
    targetLabel: `review of ${product?.sku ?? moved.productId}`,
    reason: reason ?? undefined,
    details: { productId: moved.productId, rating: moved.rating, orderItemId: moved.orderItemId },
  });
  return moved;
}

export const approveReview = (tx: Tx, moderator: SessionUser, reviewId: string, expectedVersion: number) => decide(tx, moderator, { reviewId, expectedVersion, to: "approved" });

export const rejectReview = (tx: Tx, moderator: SessionUser, reviewId: string, expectedVersion: number, reason: string) =>
  decide(tx, moderator, { reviewId, expectedVersion, to: "rejected", reason });

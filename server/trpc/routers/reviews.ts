import { z } from "zod";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { approveReview, moderationQueue, productReviews, rejectReview, reviewEligibility, submitReview } from "@/server/reviews";
import {
  REVIEW_BODY_MAX,
  REVIEW_BODY_MIN,
  REVIEW_PAGE_MAX,
  REVIEW_PAGE_SIZE,
  REVIEW_QUEUE_PAGE_MAX,
  REVIEW_QUEUE_PAGE_SIZE,
  REVIEW_RATING_MAX,
  REVIEW_RATING_MIN,
  REVIEW_REJECTION_MAX,
  REVIEW_REJECTION_MIN,
  REVIEW_TITLE_MAX,
  reviewStatuses,
} from "@/server/vocabulary/reviews";
import { customerProcedure, opsProcedure, publicProcedure, router } from "../init";

const productId = z.string().uuid("That is not a product");
const reviewId = z.string().uuid("That is not a review");
const expectedVersion = z.number().int().min(1).max(1_000_000);
// Nullish: a refetch of an infinite query sends the first page's cursor as null.
const cursor = z.string().max(200, "That page link is not valid").nullish();
const pageSize = (fallback: number, max: number) => z.number().int("Ask for a whole number of reviews").min(1, "Ask for at least one review").max(max, `Show at most ${max} at a time`).default(fallback);

const reviewInput = z.object({
  productId,
  rating: z
    .number({ error: "Choose a rating" })
    .int("Choose a whole number of stars")
    .min(REVIEW_RATING_MIN, `Choose ${REVIEW_RATING_MIN} to ${REVIEW_RATING_MAX} stars`)
    .max(REVIEW_RATING_MAX, `Choose ${REVIEW_RATING_MIN} to ${REVIEW_RATING_MAX} stars`),
  title: z
    .string({ error: "Give the review a title" })
    .trim()
    .min(1, "Give the review a title")
    .max(REVIEW_TITLE_MAX, `Keep the title under ${REVIEW_TITLE_MAX} characters`)
    .regex(/^[^\r\n\t]*$/, "Keep the title on one line"),
  body: z
    .string({ error: "Write the review" })
    .trim()
    .min(REVIEW_BODY_MIN, `Write at least ${REVIEW_BODY_MIN} characters`)
    .max(REVIEW_BODY_MAX, `Keep the review under ${REVIEW_BODY_MAX.toLocaleString("en-US")} characters`),
});

const decided = (review: { id: string; status: string; version: number }) => ({ id: review.id, status: review.status, version: review.version });

export const reviewsRouter = router({
  /** The product page: a page of approved reviews, newest first, with the count and average rating of all of them. */
  forProduct: publicProcedure
    .input(z.object({ productId, cursor, limit: pageSize(REVIEW_PAGE_SIZE, REVIEW_PAGE_MAX) }))
    .query(({ input }) => productReviews(db(), input.productId, input)),
  /** Whether the signed-in customer may review this product (a delivered purchase, not reviewed yet). */
  eligibility: customerProcedure.input(z.object({ productId })).query(({ ctx, input }) => reviewEligibility(db(), ctx.user.id, input.productId)),
  /** A verified buyer reviews the product (RV-P1-02); it waits for moderation (RV-P1-01). */
  submit: customerProcedure.input(reviewInput).mutation(async ({ ctx, input }) => {
    const review = await transaction((tx) => submitReview(tx, ctx.user.id, input));
    return { id: review.id, status: review.status };
  }),

  queue: opsProcedure
    .input(z.object({ status: z.enum(reviewStatuses, { error: "Choose a review status" }).default("pending"), cursor, limit: pageSize(REVIEW_QUEUE_PAGE_SIZE, REVIEW_QUEUE_PAGE_MAX) }))
    .query(({ input }) => moderationQueue(db(), input)),
  approve: opsProcedure
    .input(z.object({ reviewId, expectedVersion }))
    .mutation(async ({ ctx, input }) => decided(await transaction((tx) => approveReview(tx, ctx.user, input.reviewId, input.expectedVersion)))),
  reject: opsProcedure
    .input(
      z.object({
        reviewId,
        expectedVersion,
        reason: z
          .string({ error: "Say why the review is rejected" })
          .trim()
          .min(REVIEW_REJECTION_MIN, `Say why the review is rejected (at least ${REVIEW_REJECTION_MIN} characters)`)
          .max(REVIEW_REJECTION_MAX, `Keep the reason under ${REVIEW_REJECTION_MAX} characters`),
      }),
    )
    .mutation(async ({ ctx, input }) => decided(await transaction((tx) => rejectReview(tx, ctx.user, input.reviewId, input.expectedVersion, input.reason)))),
});

import "server-only";

/** The reviews module's public API (issue 14: reviews with verified purchase): other modules import only this file. */
export { approveReview, rejectReview } from "./moderate";
export { customerReviews, moderationQueue, productReviews, type CustomerReview, type ProductReviews, type PublishedReview, type QueuedReview, type ReviewQueuePage } from "./queries";
export { reviewEligibility, submitReview, type ReviewEligibility, type ReviewInput } from "./submit";

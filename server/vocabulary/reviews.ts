/** A review waits for moderation (pending), then is published (approved) or kept hidden (rejected); a decision is final. */
export const reviewStatuses = ["pending", "approved", "rejected"] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export const reviewStatusLabels: Record<ReviewStatus, string> = {
  pending: "Waiting for moderation",
  approved: "Published",
  rejected: "Rejected",
};

/** Order statuses whose lines count as a verified purchase (RV-P1-02): the goods reached the customer. */
export const reviewableOrderStatuses = ["delivered", "completed"] as const;

export const REVIEW_RATING_MIN = 1;
export const REVIEW_RATING_MAX = 5;
export const REVIEW_TITLE_MAX = 120;
export const REVIEW_BODY_MIN = 10;
export const REVIEW_BODY_MAX = 4000;
export const REVIEW_REJECTION_MIN = 3;
export const REVIEW_REJECTION_MAX = 500;

/** Approved reviews per page of the product page, and the most one request may ask for. */
export const REVIEW_PAGE_SIZE = 10;
export const REVIEW_PAGE_MAX = 50;
/** Reviews per page of the moderation queue, and the most one request may ask for. */
export const REVIEW_QUEUE_PAGE_SIZE = 50;
export const REVIEW_QUEUE_PAGE_MAX = 100;

/** Why a signed-in customer may not review a product, as the product page and the refused submit say it (RV-P1-02). */
export const reviewRefusalMessages = {
  not_purchased: "Only customers who received this product can review it: review it once your order of it is delivered.",
  already_reviewed: "You have already reviewed this product: there is one review per customer and product.",
} as const;

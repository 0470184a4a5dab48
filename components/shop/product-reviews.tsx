import type { ReactNode } from "react";
import type { ProductReviews as Reviews } from "@/server/reviews";
import { EmptyState } from "@/components/ui/empty-state";
import { ReviewList } from "./review-list";
import { stars } from "./stars";

/** The approved reviews of a product, paged, with the average and count of all of them; every one is a verified purchase (RV-P1-02). */
export function ProductReviews({ productId, data, children }: { productId: string; data: Reviews; children?: ReactNode }) {
  return (
    <section aria-labelledby="reviews-heading" className="mt-12 space-y-5 border-t border-slate-200 pt-8">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id="reviews-heading" className="text-xl font-semibold text-slate-900">
          Reviews
        </h2>
        {data.averageRating !== null && (
          <p className="text-sm text-slate-700">
            <span aria-hidden="true" className="text-amber-500">
              {stars(Math.round(data.averageRating))}
            </span>{" "}
            {data.averageRating.toFixed(1)} out of 5 · {data.count} {data.count === 1 ? "review" : "reviews"}
          </p>
        )}
      </div>
      {children}
      {data.reviews.length === 0 ? (
        <EmptyState>No reviews yet. Customers who received this product can review it.</EmptyState>
      ) : (
        <ReviewList productId={productId} firstPage={data} />
      )}
    </section>
  );
}

import type { ReactNode } from "react";
import type { ProductReviews as Reviews } from "@/server/reviews";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";

const stars = (rating: number) => "★".repeat(rating) + "☆".repeat(5 - rating);

/** The approved reviews of a product with their average and count; every one is a verified purchase (RV-P1-02). */
export function ProductReviews({ data, children }: { data: Reviews; children?: ReactNode }) {
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
        <ul className="space-y-4" aria-label="Customer reviews">
          {data.reviews.map((r) => (
            <li key={r.id} className="rounded-xl border border-slate-200 bg-white p-4">
              <p className="flex flex-wrap items-center gap-2">
                <span className="text-amber-500" aria-label={`${r.rating} out of 5 stars`}>
                  {stars(r.rating)}
                </span>
                <span className="font-semibold text-slate-900">{r.title}</span>
                {r.verifiedPurchase && <Badge tone="success">Verified purchase</Badge>}
              </p>
              <p className="mt-2 whitespace-pre-line text-slate-700">{r.body}</p>
              <p className="mt-2 text-xs text-slate-500">
                {r.author} · <DateTime value={r.createdAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

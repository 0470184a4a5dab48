"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { errorInfo } from "@/components/ui/trpc-error";
import type { ProductReviews, PublishedReview } from "@/server/reviews";
import { REVIEW_PAGE_SIZE } from "@/server/vocabulary/reviews";
import { stars } from "./stars";

/**
 * The approved reviews, newest first: the first page comes rendered with the product page,
 * "More reviews" fetches the next one after the last review shown (keyset cursor).
 */
export function ReviewList({ productId, firstPage }: { productId: string; firstPage: ProductReviews }) {
  const trpc = useTRPC();
  const more = useInfiniteQuery({
    ...trpc.reviews.forProduct.infiniteQueryOptions(
      { productId, limit: REVIEW_PAGE_SIZE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined, initialData: { pages: [firstPage], pageParams: [null] } },
    ),
    // Fresh from the server render; a later visit within the same client session refetches the pages it shows.
    staleTime: 30_000,
  });
  const reviews = more.data?.pages.flatMap((p) => p.reviews) ?? firstPage.reviews;

  return (
    <div className="space-y-4">
      <ul className="space-y-4" aria-label="Customer reviews">
        {reviews.map((r) => (
          <ReviewItem key={r.id} review={r} />
        ))}
      </ul>
      {more.isFetchNextPageError && <Alert tone="error">{errorInfo(more.error).message}</Alert>}
      {more.hasNextPage && (
        <Button variant="secondary" onClick={() => void more.fetchNextPage()} loading={more.isFetchingNextPage}>
          More reviews
        </Button>
      )}
    </div>
  );
}

function ReviewItem({ review: r }: { review: PublishedReview }) {
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4" aria-label={r.title}>
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
  );
}

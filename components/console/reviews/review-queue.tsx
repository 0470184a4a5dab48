"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { RowHeader, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { errorInfo } from "@/components/ui/trpc-error";
import { REVIEW_QUEUE_PAGE_SIZE, REVIEW_REJECTION_MAX, REVIEW_REJECTION_MIN, reviewStatusLabels, reviewStatuses, type ReviewStatus } from "@/server/vocabulary/reviews";

/** The moderation queue (RV-P1-01): pending reviews oldest first, a page at a time; approve publishes, reject keeps it hidden with a reason. */
export function ReviewQueue() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ReviewStatus>("pending");
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const queue = useInfiniteQuery({
    ...trpc.reviews.queue.infiniteQueryOptions({ status, limit: REVIEW_QUEUE_PAGE_SIZE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    refetchInterval: 15_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.reviews.queue.infiniteQueryKey() });
  const approve = useMutation(trpc.reviews.approve.mutationOptions({ onSettled: refresh }));
  const reject = useMutation(trpc.reviews.reject.mutationOptions({ onSettled: refresh }));
  const failure = approve.error ?? reject.error;
  const rows = queue.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-4">
      <div className="max-w-xs space-y-1.5">
        <Label htmlFor="reviews-status">Status</Label>
        <Select id="reviews-status" value={status} onChange={(e) => setStatus(e.target.value as ReviewStatus)}>
          {reviewStatuses.map((s) => (
            <option key={s} value={s}>
              {reviewStatusLabels[s]}
            </option>
          ))}
        </Select>
      </div>
      {failure && <Alert tone="error">{errorInfo(failure).message}</Alert>}
      {queue.isError && !queue.isFetchNextPageError ? (
        <Alert tone="error">{errorInfo(queue.error).message}</Alert>
      ) : !queue.data ? (
        <EmptyState>Loading…</EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title={status === "pending" ? "Nothing to moderate" : `No ${reviewStatusLabels[status].toLowerCase()} reviews`}>
          Reviews from customers with a delivered order show up here before they are published.
        </EmptyState>
      ) : (
        <Table caption={`${reviewStatusLabels[status]} reviews`} busy={queue.isFetching}>
          <TableHead>
            <Th>Product</Th>
            <Th numeric>Rating</Th>
            <Th>Review</Th>
            <Th>Verified by</Th>
            <Th>Written</Th>
            {status === "pending" && <Th>Decision</Th>}
          </TableHead>
          <TableBody>
            {rows.map((r) => {
              const reason = reasons[r.id] ?? "";
              const busy = (approve.isPending && approve.variables?.reviewId === r.id) || (reject.isPending && reject.variables?.reviewId === r.id);
              return (
                <tr key={r.id}>
                  <RowHeader>
                    <span className="font-mono">{r.sku}</span>
                    <span className="block text-xs text-slate-500">{r.productName}</span>
                  </RowHeader>
                  <Td numeric>{r.rating} / 5</Td>
                  <Td className="max-w-md">
                    <span className="font-medium text-slate-900">{r.title}</span>
                    <span className="block whitespace-pre-line text-slate-700">{r.body}</span>
                  </Td>
                  <Td>
                    <span className="font-mono">{r.orderNumber}</span>
                    <span className="block text-xs text-slate-500">{r.customerEmail}</span>
                  </Td>
                  <Td>
                    <DateTime value={r.createdAt} />
                  </Td>
                  {status === "pending" && (
                    <Td className="min-w-64 space-y-2">
                      <Button size="sm" disabled={busy} onClick={() => approve.mutate({ reviewId: r.id, expectedVersion: r.version })}>
                        Approve
                      </Button>
                      <div className="space-y-1">
                        <Label htmlFor={`reject-${r.id}`}>Reason to reject</Label>
                        <Input
                          id={`reject-${r.id}`}
                          value={reason}
                          maxLength={REVIEW_REJECTION_MAX}
                          onChange={(e) => setReasons((all) => ({ ...all, [r.id]: e.target.value }))}
                        />
                      </div>
                      <Button
                        size="sm"
                        variant="danger"
                        disabled={busy || reason.trim().length < REVIEW_REJECTION_MIN}
                        onClick={() => reject.mutate({ reviewId: r.id, expectedVersion: r.version, reason })}
                      >
                        Reject
                      </Button>
                    </Td>
                  )}
                </tr>
              );
            })}
          </TableBody>
        </Table>
      )}
      {queue.isFetchNextPageError && <Alert tone="error">{errorInfo(queue.error).message}</Alert>}
      {queue.hasNextPage && (
        <Button variant="secondary" onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </div>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import type { CustomerOrderView } from "@/server/orders";
import { errorInfo } from "@/components/ui/trpc-error";

/**
 * Lets the buyer cancel while the order is not yet being picked, and says until when beside the
 * button; the server checks the window again and says so if it has closed meanwhile.
 */
export function CancelOrder({ order }: { order: Pick<CustomerOrderView, "number" | "cancellableUntil"> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation(
    trpc.orders.cancel.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.orders.get.queryKey({ number: order.number }) }),
    }),
  );
  if (!order.cancellableUntil) return null;
  return (
    <div className="space-y-2">
      {cancel.isError && <Alert tone="error">{errorInfo(cancel.error).message}</Alert>}
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-700">Cancel order {order.number}? Any payment is released or refunded.</span>
          <Button variant="danger" size="sm" loading={cancel.isPending} onClick={() => cancel.mutate({ number: order.number })}>
            Yes, cancel order
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setConfirming(false)} disabled={cancel.isPending}>
            Keep order
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
            Cancel order
          </Button>
          <span className="text-sm text-slate-600">
            You can cancel until <DateTime value={order.cancellableUntil} />.
          </span>
        </div>
      )}
    </div>
  );
}

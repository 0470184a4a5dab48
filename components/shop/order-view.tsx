"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { CancelOrder } from "./cancel-order";
import { OrderDetails } from "./order-details";
import { paymentInFlight } from "./payment-status";
import { PaymentRetry } from "./payment-retry";
import { OrderReturnsPanel } from "./request-return";
import { errorInfo } from "@/components/ui/trpc-error";

export function OrderNotFound({ message }: { message?: string }) {
  return (
    <div className="mx-auto max-w-lg space-y-4 py-10 text-center">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">We couldn&apos;t find that order</h1>
      <p className="text-slate-600">
        {message && message !== "We couldn't find that order." ? `${message} ` : ""}
        If you ordered as a guest on another device, look it up with its number and the email you used.
      </p>
      <Link href="/orders/lookup" className={buttonClasses("primary")}>
        Look up an order
      </Link>
    </div>
  );
}

/** How often the page looks again while the payment settles, and for how long at most. */
const POLL_MS = 2_000;
const POLL_FOR_MS = 5 * 60_000;
/** An order placed this recently still gets the thank-you headline once it is confirmed. */
const NEW_ORDER_MS = 30 * 60_000;

/**
 * The order page: the signed-in customer's own order, or the one this guest browser placed.
 * `maxPaymentAttempts` and `stripePublishableKey` (server settings) are for paying again after a
 * declined card.
 */
export function OrderView({
  number,
  holdMinutes,
  maxPaymentAttempts,
  stripePublishableKey = null,
}: {
  number: string;
  holdMinutes: number;
  maxPaymentAttempts: number;
  stripePublishableKey?: string | null;
}) {
  const trpc = useTRPC();
  const [openedAt] = useState(() => Date.now());
  const order = useQuery({
    ...trpc.orders.get.queryOptions({ number }),
    // The payment settles in the background (webhook, confirmation job): follow it until it has.
    refetchInterval: (query) => {
      const data = query.state.data;
      return data && paymentInFlight(data) && Date.now() - openedAt < POLL_FOR_MS ? POLL_MS : false;
    },
  });
  if (order.isPending) {
    return (
      <p role="status" className="py-10 text-center text-slate-500">
        Loading your order…
      </p>
    );
  }
  if (order.isError) {
    const info = errorInfo(order.error);
    if (info.code === "NOT_FOUND" || info.code === "BAD_REQUEST") return <OrderNotFound />;
    return <Alert tone="error">{info.message}</Alert>;
  }
  // A fresh order gets the thank-you headline (also once confirmed, which a card order is within
  // seconds); a failed or cancelled one and later visits (from My orders) a plain one.
  const o = order.data;
  const fresh = openedAt - new Date(o.createdAt).getTime() < NEW_ORDER_MS;
  const confirmation = o.status !== "cancelled" && o.payment?.status !== "failed" && (o.status === "pending_payment" || (o.status === "confirmed" && fresh));
  return (
    <div className="space-y-6">
      <OrderDetails order={o} confirmation={confirmation} holdMinutes={holdMinutes} />
      <PaymentRetry order={o} maxAttempts={maxPaymentAttempts} stripePublishableKey={stripePublishableKey} />
      <CancelOrder order={o} />
      <OrderReturnsPanel order={o} />
    </div>
  );
}

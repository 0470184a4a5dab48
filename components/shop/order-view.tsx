"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { OrderDetails } from "./order-details";
import { errorInfo } from "./trpc-error";

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

/** The order page: the signed-in customer's own order, or the one this guest browser placed. */
export function OrderView({ number, holdMinutes }: { number: string; holdMinutes: number }) {
  const trpc = useTRPC();
  const order = useQuery(trpc.orders.get.queryOptions({ number }));
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
  // A fresh order gets the thank-you headline; later visits (from My orders) a plain one.
  return <OrderDetails order={order.data} confirmation={order.data.status === "pending_payment"} holdMinutes={holdMinutes} />;
}

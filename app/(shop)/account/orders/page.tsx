import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Money } from "@/components/shop/money";
import { StatusBadge, StatusHistory } from "@/components/shop/order-status";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { db } from "@/db/client";
import { currentUser } from "@/server/auth";
import { customerOrders } from "@/server/orders";

export const metadata: Metadata = { title: "My orders" };
export const dynamic = "force-dynamic";

export default async function MyOrdersPage() {
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=/account/orders");
  const body =
    user.role !== "customer" ? (
      <Alert tone="info">My orders lists the orders of customer accounts. Staff accounts don&apos;t place orders.</Alert>
    ) : (
      <OrderList orders={await customerOrders(db(), user.id)} />
    );
  return (
    <div className="mx-auto max-w-4xl px-4 py-8 sm:px-6 sm:py-10">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">My orders</h1>
      {body}
    </div>
  );
}

type OrderSummary = Awaited<ReturnType<typeof customerOrders>>[number];

function OrderList({ orders }: { orders: OrderSummary[] }) {
  if (orders.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <p className="font-semibold text-slate-900">You haven&apos;t placed any orders yet.</p>
        <Link href="/products" className={buttonClasses("primary", "md", "mt-4")}>
          Start shopping
        </Link>
      </div>
    );
  }
  return (
    <ul className="space-y-3">
      {orders.map((order) => (
        <li key={order.number} className="rounded-xl border border-slate-200 bg-white shadow-sm">
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-4">
            <Link href={`/orders/${order.number}`} className="font-semibold text-brand-700 hover:underline">
              <span className="sr-only">Order </span>
              {order.number}
            </Link>
            <StatusBadge status={order.status} paymentMethod={order.paymentMethod} />
            <DateTime value={order.createdAt} className="text-sm text-slate-500" />
            <Money value={order.total} currency={order.currency} className="ml-auto font-semibold tabular-nums text-slate-900" />
          </div>
          <details className="group border-t border-slate-100 px-5 py-3">
            <summary className="cursor-pointer text-sm font-medium text-slate-700 select-none hover:text-slate-900">
              Status history ({order.history.length})
            </summary>
            <div className="mt-3">
              <StatusHistory history={order.history} paymentMethod={order.paymentMethod} />
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}

import type { Metadata } from "next";
import { OrderLookup } from "@/components/shop/order-lookup";

export const metadata: Metadata = { title: "Find your order" };

export default function OrderLookupPage() {
  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Find your order</h1>
      <p className="mt-1 mb-6 max-w-xl text-sm text-slate-600">Enter the order number from your confirmation and the email you ordered with.</p>
      <OrderLookup />
    </div>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { CartLine } from "@/server/cart";
import { MAX_QUANTITY_PER_LINE } from "@/server/cart/shared";
import { Money } from "./money";
import { errorInfo } from "@/components/ui/trpc-error";

export function CartView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cart = useQuery({ ...trpc.cart.get.queryOptions(), staleTime: 0 });
  const [error, setError] = useState<string | null>(null);
  const setQuantity = useMutation(
    trpc.cart.setQuantity.mutationOptions({
      onMutate: () => setError(null),
      onSuccess: (next) => queryClient.setQueryData(trpc.cart.get.queryKey(), next),
      onError: (err) => {
        const info = errorInfo(err);
        setError(info.message);
        // Stale version (another tab) or stock moved: show what the cart is now.
        void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
      },
    }),
  );

  if (cart.isPending) return <p role="status" className="py-10 text-center text-slate-500">Loading your cart…</p>;
  if (cart.isError) return <Alert tone="error">{errorInfo(cart.error).message}</Alert>;

  const view = cart.data;
  if (view.lines.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <p className="font-semibold text-slate-900">Your cart is empty.</p>
        <p className="mt-1 text-sm text-slate-600">Find something you like and add it here.</p>
        <Link href="/products" className={buttonClasses("primary", "md", "mt-4")}>
          Browse products
        </Link>
      </div>
    );
  }

  const change = (line: CartLine, quantity: number) =>
    setQuantity.mutate({ productId: line.productId, quantity, expectedVersion: view.version });
  const busy = setQuantity.isPending || cart.isFetching;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem] lg:items-start">
      <div className="space-y-4">
        {error && <Alert tone="error">{error}</Alert>}
        <Card padded={false}>
          <ul className="divide-y divide-slate-100" aria-label="Cart items">
            {view.lines.map((line) => (
              <CartLineRow key={line.productId} line={line} currency={view.currency} busy={busy} onChange={(q) => change(line, q)} />
            ))}
          </ul>
        </Card>
      </div>
      <Card className="space-y-4 lg:sticky lg:top-20">
        <h2 className="font-semibold text-slate-900">Summary</h2>
        <dl className="flex justify-between text-sm">
          <dt className="text-slate-600">
            Subtotal ({view.itemCount} {view.itemCount === 1 ? "item" : "items"})
          </dt>
          <dd className="font-semibold text-slate-900">
            <Money value={view.subtotal} currency={view.currency} />
          </dd>
        </dl>
        <p className="text-xs text-slate-500">Shipping, discounts and tax are calculated at checkout.</p>
        {view.purchasable ? (
          <Link href="/checkout" className={buttonClasses("primary", "lg", "w-full")}>
            Checkout
          </Link>
        ) : (
          <>
            <Button size="lg" className="w-full" disabled aria-describedby="cart-blocked">
              Checkout
            </Button>
            <p id="cart-blocked" className="text-sm text-red-700">
              Fix the items marked above to check out.
            </p>
          </>
        )}
      </Card>
    </div>
  );
}

function CartLineRow({ line, currency, busy, onChange }: { line: CartLine; currency: string; busy: boolean; onChange: (quantity: number) => void }) {
  const max = Math.max(1, Math.min(MAX_QUANTITY_PER_LINE, line.available));
  return (
    <li className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <Link href={`/products/${encodeURIComponent(line.sku)}`} className="font-medium text-slate-900 hover:underline">
          {line.name}
        </Link>
        <p className="text-sm text-slate-500">{line.unitPrice ? <Money value={line.unitPrice} currency={currency} /> : "Not for sale"} each</p>
        {line.problem && <p className="mt-1 text-sm font-medium text-red-700">{line.problem}</p>}
      </div>
      <div className="flex items-center justify-between gap-4 sm:justify-end">
        <div className="flex items-center rounded-lg border border-slate-300 bg-white" role="group" aria-label={`Quantity of ${line.name}`}>
          <button
            type="button"
            className="grid size-10 place-items-center rounded-l-lg text-lg text-slate-700 hover:bg-slate-50 disabled:opacity-40"
            aria-label={`Decrease quantity of ${line.name}`}
            disabled={busy || line.quantity <= 1}
            onClick={() => onChange(line.quantity - 1)}
          >
            −
          </button>
          <span className="w-10 text-center text-sm font-medium tabular-nums" aria-live="polite">
            {line.quantity}
          </span>
          <button
            type="button"
            className="grid size-10 place-items-center rounded-r-lg text-lg text-slate-700 hover:bg-slate-50 disabled:opacity-40"
            aria-label={`Increase quantity of ${line.name}`}
            disabled={busy || line.quantity >= max}
            onClick={() => onChange(line.quantity + 1)}
          >
            +
          </button>
        </div>
        <span className="w-20 text-right font-medium text-slate-900">{line.lineTotal ? <Money value={line.lineTotal} currency={currency} /> : "—"}</span>
        <Button variant="ghost" size="sm" disabled={busy} onClick={() => onChange(0)} aria-label={`Remove ${line.name}`}>
          Remove
        </Button>
      </div>
    </li>
  );
}

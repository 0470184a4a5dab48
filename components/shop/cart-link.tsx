"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";

/** Header link to the cart with its item count (the guest cookie or the session picks the cart). */
export function CartLink({ className }: { className?: string }) {
  const trpc = useTRPC();
  const cart = useQuery({ ...trpc.cart.get.queryOptions(), staleTime: 0 });
  const count = cart.data?.itemCount ?? 0;
  return (
    <Link href="/cart" className={cn("inline-flex items-center gap-1.5", className)}>
      <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-5">
        <path strokeLinecap="round" strokeLinejoin="round" d="M3 4h2l2.4 10.2a1 1 0 0 0 1 .8h8.9a1 1 0 0 0 1-.8L20 8H6.2M9 20h.01M17 20h.01" />
      </svg>
      Cart
      <span
        className={cn(
          "min-w-5 rounded-full px-1.5 text-center text-xs font-semibold tabular-nums",
          count > 0 ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-600",
        )}
      >
        {count}
        <span className="sr-only"> {count === 1 ? "item" : "items"}</span>
      </span>
    </Link>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { errorInfo } from "@/components/ui/trpc-error";

/** Quantity and "Add to cart"; `max` is min(available, per-line limit), 0 when out of stock. */
export function AddToCart({ sku, max }: { sku: string; max: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [quantity, setQuantity] = useState("1");
  const add = useMutation(
    trpc.cart.add.mutationOptions({
      onSuccess: (cart) => queryClient.setQueryData(trpc.cart.get.queryKey(), cart),
    }),
  );

  if (max <= 0) {
    return (
      <Button disabled size="lg" variant="secondary" className="w-full sm:w-auto">
        Out of stock
      </Button>
    );
  }

  const parsed = Number.parseInt(quantity, 10);
  const valid = Number.isInteger(parsed) && parsed >= 1 && parsed <= max;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!valid) return;
    add.mutate({ sku, quantity: parsed });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      <div className="flex items-end gap-3">
        <div className="w-24 space-y-1.5">
          <Label htmlFor={`${id}-qty`}>Quantity</Label>
          <Input
            id={`${id}-qty`}
            type="number"
            inputMode="numeric"
            min={1}
            max={max}
            step={1}
            value={quantity}
            invalid={!valid}
            aria-describedby={`${id}-hint`}
            onChange={(e) => {
              setQuantity(e.target.value);
              add.reset();
            }}
          />
        </div>
        <Button type="submit" size="lg" loading={add.isPending} disabled={!valid} className="flex-1 sm:flex-none">
          Add to cart
        </Button>
      </div>
      <p id={`${id}-hint`} className={valid ? "text-sm text-slate-500" : "text-sm text-red-700"}>
        {valid ? `You can add up to ${max}.` : `Enter a quantity from 1 to ${max}.`}
      </p>
      {add.isSuccess && (
        <Alert tone="success">
          Added to your cart.{" "}
          <Link href="/cart" className="font-semibold underline">
            View cart
          </Link>
        </Alert>
      )}
      {add.isError && <Alert tone="error">{errorInfo(add.error).message}</Alert>}
    </form>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/input";
import { OrderDetails } from "./order-details";
import { errorInfo } from "@/components/ui/trpc-error";

/** Guests find an order with its number and the email it was placed with. */
export function OrderLookup() {
  const trpc = useTRPC();
  const [number, setNumber] = useState("");
  const [email, setEmail] = useState("");
  const [search, setSearch] = useState<{ number: string; email: string } | null>(null);
  const result = useQuery({ ...trpc.orders.lookup.queryOptions(search ?? { number: "", email: "" }), enabled: search !== null, retry: false });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = { number: number.trim().toUpperCase(), email: email.trim() };
    if (search && search.number === next.number && search.email === next.email) void result.refetch();
    else setSearch(next);
  }

  const info = result.isError ? errorInfo(result.error) : null;
  const numberErrors = info?.fieldErrors.number;
  const emailErrors = info?.fieldErrors.email;

  return (
    <div className="space-y-8">
      <Card className="max-w-xl">
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <TextField
            id="lookup-number"
            name="number"
            label="Order number"
            autoComplete="off"
            placeholder="D100001"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            errors={numberErrors}
            required
          />
          <TextField
            id="lookup-email"
            name="email"
            label="Email"
            type="email"
            autoComplete="email"
            inputMode="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            errors={emailErrors}
            required
          />
          {info && !numberErrors && !emailErrors && (
            <Alert tone="error">{info.code === "NOT_FOUND" ? "We couldn't find that order." : info.message}</Alert>
          )}
          <Button type="submit" loading={result.isFetching}>
            Find order
          </Button>
        </form>
      </Card>
      {result.data && !result.isError && (
        <section aria-label="Your order" className="border-t border-slate-200 pt-8">
          <OrderDetails order={result.data} confirmation={false} headingLevel="h2" />
        </section>
      )}
    </div>
  );
}

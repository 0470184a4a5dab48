"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { errorInfo } from "@/components/shop/trpc-error";
import { StatusBadge, statusLabel } from "@/components/shop/order-status";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { OrderStatus } from "@/db/schema/orders";
import { formatMoney } from "@/server/lib/money";

const orderStatuses = [
  "pending_payment",
  "confirmed",
  "processing",
  "partially_shipped",
  "shipped",
  "delivered",
  "completed",
  "cancelled",
] as const satisfies readonly OrderStatus[];

export type SearchCriteria = { q: string; status: string; from: string; to: string; sku: string };

const PAGE_SIZE = 25;
const placed = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const blank = (v: string) => (v.trim() === "" ? undefined : v.trim());

/**
 * Order search for ops: one box for a number, an email or words of the name, filters for
 * status, days and SKU, and keyset pages (Next page follows the server's cursor; Previous page
 * goes back through the cursors already seen).
 */
export function OrderSearch({ initial }: { initial: SearchCriteria }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<SearchCriteria>(initial);
  const [criteria, setCriteria] = useState<SearchCriteria>(initial);
  /** cursors[i] opens page i + 1; page 1 has none. */
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const input = {
    q: blank(criteria.q),
    status: (blank(criteria.status) as OrderStatus | undefined) ?? undefined,
    from: blank(criteria.from),
    to: blank(criteria.to),
    sku: blank(criteria.sku),
    cursor,
    limit: PAGE_SIZE,
  };
  const search = useQuery({ ...trpc.opsOrders.search.queryOptions(input), placeholderData: keepPreviousData });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCriteria(draft);
    setCursors([]);
  };
  const clear = () => {
    const empty = { q: "", status: "", from: "", to: "", sku: "" };
    setDraft(empty);
    setCriteria(empty);
    setCursors([]);
  };
  const set = (key: keyof SearchCriteria) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const error = search.isError ? errorInfo(search.error) : null;
  const page = cursors.length + 1;

  return (
    <div className="space-y-4">
      <Card>
        <form onSubmit={submit} role="search" aria-label="Order search" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_repeat(4,minmax(0,1fr))_auto] lg:items-end">
          <div className="space-y-1.5 sm:col-span-2 lg:col-span-1">
            <Label htmlFor="orders-q">Search orders</Label>
            <Input
              id="orders-q"
              type="search"
              value={draft.q}
              onChange={set("q")}
              placeholder="D100123, email or name"
              aria-describedby="orders-q-hint"
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="orders-status">Status</Label>
            <Select id="orders-status" value={draft.status} onChange={set("status")}>
              <option value="">Any status</option>
              {orderStatuses.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </Select>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="orders-from">From</Label>
            <Input id="orders-from" type="date" value={draft.from} onChange={set("from")} aria-describedby="orders-dates-hint" />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="orders-to">To</Label>
            <Input id="orders-to" type="date" value={draft.to} onChange={set("to")} aria-describedby="orders-dates-hint" />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="orders-sku">SKU</Label>
            <Input id="orders-sku" value={draft.sku} onChange={set("sku")} autoComplete="off" autoCapitalize="characters" spellCheck={false} className="font-mono" />
          </div>
          <div className="flex gap-2 sm:col-span-2 lg:col-span-1">
            <Button type="submit" loading={search.isFetching && !search.isPlaceholderData}>
              Search
            </Button>
            <Button variant="ghost" onClick={clear}>
              Clear
            </Button>
          </div>
          <p className="text-sm text-slate-500 sm:col-span-2 lg:col-span-6">
            <span id="orders-q-hint">An order number finds that order, an email finds that customer&apos;s orders, other words search numbers, emails and names.</span>{" "}
            <span id="orders-dates-hint">From and To are whole days in UTC, both included.</span>
          </p>
        </form>
      </Card>

      {error && <Alert tone="error">{Object.values(error.fieldErrors).flat()[0] ?? error.message}</Alert>}

      {search.data && (
        <section aria-labelledby="orders-results-heading" className="space-y-3">
          <h2 id="orders-results-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            Results, page {page}
          </h2>
          {search.data.rows.length === 0 ? (
            <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
              {page === 1 ? "No order matches this search." : "No more orders."}
            </p>
          ) : (
            <Card padded={false} className="overflow-x-auto">
              <table className="w-full text-left text-sm" aria-label="Orders found" aria-busy={search.isFetching || undefined}>
                <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="px-4 py-2">
                      Order
                    </th>
                    <th scope="col" className="px-4 py-2">
                      Status
                    </th>
                    <th scope="col" className="px-4 py-2">
                      Customer
                    </th>
                    <th scope="col" className="px-4 py-2 text-right">
                      Items
                    </th>
                    <th scope="col" className="px-4 py-2 text-right">
                      Total
                    </th>
                    <th scope="col" className="px-4 py-2">
                      Placed (UTC)
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {search.data.rows.map((o) => (
                    <tr key={o.id}>
                      <td className="px-4 py-2 font-mono font-semibold">
                        <Link href={`/console/orders/${o.number}`} className="text-brand-700 hover:underline">
                          {o.number}
                        </Link>
                      </td>
                      <td className="px-4 py-2">
                        <StatusBadge status={o.status} />
                      </td>
                      <td className="px-4 py-2">
                        <span className="block text-slate-900">{o.name || "—"}</span>
                        <span className="block text-xs text-slate-500">{o.email}</span>
                      </td>
                      <td className="px-4 py-2 text-right tabular-nums">
                        {o.units} <span className="text-xs text-slate-500">({o.lines} {o.lines === 1 ? "line" : "lines"})</span>
                      </td>
                      <td className="px-4 py-2 text-right tabular-nums">{formatMoney(o.total, o.currency)}</td>
                      <td className="px-4 py-2 whitespace-nowrap text-slate-600">
                        <time dateTime={new Date(o.createdAt).toISOString()}>{placed.format(new Date(o.createdAt))}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          )}
          <nav aria-label="Result pages" className="flex gap-2">
            <Button variant="secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous page
            </Button>
            <Button
              variant="secondary"
              disabled={!search.data.nextCursor || search.isPlaceholderData}
              onClick={() => search.data.nextCursor && setCursors([...cursors, search.data.nextCursor])}
            >
              Next page
            </Button>
          </nav>
        </section>
      )}
      {search.isPending && <p className="text-sm text-slate-600">Searching…</p>}
    </div>
  );
}

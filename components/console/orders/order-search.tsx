"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { FilterField, FilterSelect } from "@/components/console/filter-field";
import { FilterActions, FilterForm, useFilters } from "@/components/console/filter-form";
import { KeysetPager, useKeysetPages } from "@/components/console/keyset-pager";
import { errorInfo } from "@/components/ui/trpc-error";
import { StatusBadge, statusLabel } from "@/components/shop/order-status";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { formatMoney } from "@/server/vocabulary/money";
import { orderStatuses, type OrderStatus } from "@/server/vocabulary/orders";

export type SearchCriteria = { q: string; status: string; from: string; to: string; sku: string };
const noCriteria: SearchCriteria = { q: "", status: "", from: "", to: "", sku: "" };

const PAGE_SIZE = 25;
const blank = (v: string) => (v.trim() === "" ? undefined : v.trim());

/**
 * Order search for ops: one box for a number, an email or words of the name, filters for
 * status, days and SKU, and keyset pages (Next page follows the server's cursor; Previous page
 * goes back through the cursors already seen).
 */
export function OrderSearch({ initial }: { initial: SearchCriteria }) {
  const trpc = useTRPC();
  const pages = useKeysetPages<string>();
  const { draft, applied: criteria, edit, apply, clear } = useFilters(initial, noCriteria, pages.reset);
  const input = {
    q: blank(criteria.q),
    status: (blank(criteria.status) as OrderStatus | undefined) ?? undefined,
    from: blank(criteria.from),
    to: blank(criteria.to),
    sku: blank(criteria.sku),
    cursor: pages.cursor,
    limit: PAGE_SIZE,
  };
  const search = useQuery({ ...trpc.opsOrders.search.queryOptions(input), placeholderData: keepPreviousData });

  const error = search.isError ? errorInfo(search.error) : null;

  return (
    <div className="space-y-4">
      <FilterForm label="Order search" onSubmit={() => apply()} className="sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_repeat(4,minmax(0,1fr))_auto] lg:items-end">
        <FilterField
          id="orders-q"
          label="Search orders"
          type="search"
          value={draft.q}
          onValueChange={edit("q")}
          placeholder="D100123, email or name"
          describedBy="orders-q-hint"
          className="sm:col-span-2 lg:col-span-1"
        />
        <FilterSelect id="orders-status" label="Status" value={draft.status} onValueChange={edit("status")} anyLabel="Any status" options={orderStatuses.map((st) => ({ value: st, label: statusLabel(st) }))} />
        <FilterField id="orders-from" label="From" type="date" value={draft.from} onValueChange={edit("from")} describedBy="orders-dates-hint" />
        <FilterField id="orders-to" label="To" type="date" value={draft.to} onValueChange={edit("to")} describedBy="orders-dates-hint" />
        <FilterField id="orders-sku" label="SKU" value={draft.sku} onValueChange={edit("sku")} autoCapitalize="characters" mono />
        <FilterActions submitLabel="Search" clearLabel="Clear" onClear={clear} loading={search.isFetching && !search.isPlaceholderData} className="sm:col-span-2 lg:col-span-1" />
        <p className="text-sm text-slate-500 sm:col-span-2 lg:col-span-6">
          <span id="orders-q-hint">An order number finds that order, an email finds that customer&apos;s orders, other words search numbers, emails and names.</span>{" "}
          <span id="orders-dates-hint">From and To are whole days in UTC, both included.</span>
        </p>
      </FilterForm>

      {error && <Alert tone="error">{Object.values(error.fieldErrors).flat()[0] ?? error.message}</Alert>}

      {search.data && (
        <section aria-labelledby="orders-results-heading" className="space-y-3">
          <h2 id="orders-results-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            Results, page {pages.page}
          </h2>
          {search.data.rows.length === 0 ? (
            <EmptyState>{pages.page === 1 ? "No order matches this search." : "No more orders."}</EmptyState>
          ) : (
            <Table aria-label="Orders found" busy={search.isFetching}>
              <TableHead>
                <Th>Order</Th>
                <Th>Status</Th>
                <Th>Customer</Th>
                <Th numeric>Items</Th>
                <Th numeric>Total</Th>
                <Th>Placed</Th>
              </TableHead>
              <TableBody>
                {search.data.rows.map((o) => (
                  <tr key={o.id}>
                    <Td className="font-mono font-semibold">
                      <Link href={`/console/orders/${o.number}`} className="text-brand-700 hover:underline">
                        {o.number}
                      </Link>
                    </Td>
                    <Td>
                      <StatusBadge status={o.status} />
                    </Td>
                    <Td>
                      <span className="block text-slate-900">{o.name || "—"}</span>
                      <span className="block text-xs text-slate-500">{o.email}</span>
                    </Td>
                    <Td numeric>
                      {o.units} <span className="text-xs text-slate-500">({o.lines} {o.lines === 1 ? "line" : "lines"})</span>
                    </Td>
                    <Td numeric>{formatMoney(o.total, o.currency)}</Td>
                    <Td className="whitespace-nowrap text-slate-600">
                      <DateTime value={o.createdAt} />
                    </Td>
                  </tr>
                ))}
              </TableBody>
            </Table>
          )}
          <KeysetPager label="Result pages" pages={pages} nextCursor={search.data.nextCursor} stale={search.isPlaceholderData} />
        </section>
      )}
      {search.isPending && <p className="text-sm text-slate-600">Searching…</p>}
    </div>
  );
}

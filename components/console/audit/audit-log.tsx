"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { FilterField } from "@/components/console/filter-field";
import { FilterActions, FilterForm, useFilters } from "@/components/console/filter-form";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import type { AuditRow } from "@/server/audit";

const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

type Criteria = { q: string; actorEmail: string; action: string; orderNumber: string; from: string; to: string };
const empty: Criteria = { q: "", actorEmail: "", action: "", orderNumber: "", from: "", to: "" };
const blank = (v: string) => (v.trim() === "" ? undefined : v.trim());
/** A yyyy-mm-dd day in UTC; `to` days are included, so the bound is the next midnight. */
const day = (v: string, next = false) => (v ? new Date(Date.parse(`${v}T00:00:00Z`) + (next ? DAY_MS : 0)) : undefined);

/** Where an audit entry's target lives in the console, if it has a page. */
function targetHref(row: AuditRow): string | null {
  if (row.targetType === "failed_compensation") return `/console/compensations/${row.targetId}`;
  if (row.targetType === "order") return `/console/orders/${row.orderNumber ?? row.targetId}`;
  const sku = typeof row.details.sku === "string" ? row.details.sku : null;
  if (sku && (row.targetType === "inventory_level" || row.targetType === "product")) return `/console/inventory/${encodeURIComponent(sku)}`;
  return null;
}

/** The target as people know it; a row written before labels existed shows a short id instead of a bare UUID. */
function targetText(row: AuditRow): string {
  return row.targetLabel || `(id ${row.targetId.slice(0, 8)}…)`;
}

/** The audit log, newest first: a word search over actions, targets, actors and reasons, filters, and "Load more". */
export function AuditLog() {
  const trpc = useTRPC();
  const { draft, applied: criteria, edit, apply, clear } = useFilters(empty, empty);
  const input = {
    q: blank(criteria.q),
    actorEmail: blank(criteria.actorEmail),
    action: blank(criteria.action),
    orderNumber: blank(criteria.orderNumber),
    from: day(criteria.from),
    to: day(criteria.to, true),
    limit: PAGE_SIZE,
  };
  const search = useInfiniteQuery({
    ...trpc.audit.search.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const rows = search.data?.pages.flatMap((p) => p.items) ?? [];
  const error = search.isError ? errorInfo(search.error) : null;

  return (
    <div className="space-y-4">
      <FilterForm label="Audit log search" onSubmit={() => apply()} className="sm:grid-cols-2 lg:grid-cols-3">
        <FilterField
          id="audit-q"
          label="Search the audit log"
          type="search"
          value={draft.q}
          onValueChange={edit("q")}
          placeholder='replay refund, "past ttl", -discard'
          hint={<>Words of the action, the target (a picklist P10001, a wave, a SKU, EAST), the operator&apos;s email or the reason. &quot;Quotes&quot; for a phrase, -word to leave out, or for either.</>}
          className="sm:col-span-2 lg:col-span-3"
        />
        <FilterField id="audit-actor" label="Operator email" type="email" value={draft.actorEmail} onValueChange={edit("actorEmail")} placeholder="ops@depot.test" />
        <FilterField
          id="audit-action"
          label="Action"
          value={draft.action}
          onValueChange={edit("action")}
          placeholder="compensation or compensation.replay"
          hint="A whole action, or its first part for all of them."
          mono
        />
        <FilterField id="audit-order" label="Order number" value={draft.orderNumber} onValueChange={edit("orderNumber")} placeholder="D100123" mono />
        <FilterField id="audit-from" label="From" type="date" value={draft.from} onValueChange={edit("from")} describedBy="audit-dates-hint" />
        <FilterField id="audit-to" label="To" type="date" value={draft.to} onValueChange={edit("to")} describedBy="audit-dates-hint" />
        <FilterActions submitLabel="Search" clearLabel="Clear" onClear={clear} loading={search.isFetching && !search.isFetchingNextPage && !search.isPlaceholderData} className="items-end" />
        <p id="audit-dates-hint" className="text-sm text-slate-500 sm:col-span-2 lg:col-span-3">
          From and To are whole days in UTC, both included.
        </p>
      </FilterForm>

      {error && <Alert tone="error">{Object.values(error.fieldErrors).flat()[0] ?? error.message}</Alert>}

      <section aria-labelledby="audit-results-heading" className="space-y-3">
        <h2 id="audit-results-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          Operator actions, newest first
        </h2>
        {search.isPending ? (
          <p className="text-sm text-slate-600">Loading the audit log…</p>
        ) : rows.length === 0 ? (
          <EmptyState>No operator action matches this search.</EmptyState>
        ) : (
          <Card padded={false}>
            <ol className="divide-y divide-slate-100" aria-label="Audit entries" aria-busy={search.isFetching || undefined}>
              {rows.map((row) => (
                <AuditEntry key={row.id} row={row} />
              ))}
            </ol>
          </Card>
        )}
        {search.hasNextPage && (
          <Button variant="secondary" onClick={() => void search.fetchNextPage()} loading={search.isFetchingNextPage}>
            Load more
          </Button>
        )}
      </section>
    </div>
  );
}

function AuditEntry({ row }: { row: AuditRow }) {
  const href = targetHref(row);
  const hasDetails = Object.keys(row.details).length > 0;
  return (
    <li className="space-y-1 px-4 py-3 text-sm" aria-label={`${row.action} by ${row.actorEmail}`}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone="brand">
          <span className="font-mono">{row.action}</span>
        </Badge>
        <span className="font-medium text-slate-900">{row.actorEmail}</span>
        <span className="text-xs text-slate-500">{row.actorRole}</span>
        <DateTime value={row.createdAt} style="datetime-seconds" className="ml-auto text-xs text-slate-500" />
      </div>
      <p className="text-slate-700">
        {row.targetType.replaceAll("_", " ")}{" "}
        {href ? (
          <Link href={href} className="font-mono text-brand-700 hover:underline">
            {targetText(row)}
          </Link>
        ) : (
          <span className="font-mono" title={row.targetLabel ? undefined : row.targetId}>
            {targetText(row)}
          </span>
        )}
        {row.orderNumber && row.orderNumber !== row.targetLabel && (
          <>
            {" · order "}
            <Link href={`/console/orders/${row.orderNumber}`} className="font-mono text-brand-700 hover:underline">
              {row.orderNumber}
            </Link>
          </>
        )}
      </p>
      {row.reason && <p className="text-slate-900">“{row.reason}”</p>}
      {hasDetails && (
        <details className="text-xs">
          <summary className="cursor-pointer text-brand-700 select-none hover:underline">
            Details<span className="sr-only"> of {row.action} entry {row.id}</span>
          </summary>
          <pre className="mt-2 max-h-64 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-slate-100">{JSON.stringify(row.details, null, 2)}</pre>
        </details>
      )}
    </li>
  );
}

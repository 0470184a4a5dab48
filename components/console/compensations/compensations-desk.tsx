"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import { FilterField, FilterSelect } from "@/components/console/filter-field";
import { FilterActions, FilterForm, useFilters } from "@/components/console/filter-form";
import { KeysetPager, useKeysetPages } from "@/components/console/keyset-pager";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useFormatDateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { compensationOperations, type CompensationOperation, type CompensationStatus } from "@/server/vocabulary/compensations";
import type { CompensationListItem, ReplayResult } from "@/server/compensations";
import { ageChoices, ago, operationLabels, shortId, statusLabels, statuses, statusTones } from "./labels";
import { describeFallback, ReplayProgress } from "./replay-progress";

const PAGE_SIZE = 50;
const REFRESH_MS = 15_000;

type Filters = { operation: string; status: string; age: string; orderNumber: string };
const noFilters: Filters = { operation: "", status: "", age: "", orderNumber: "" };

/** What a row is called everywhere on the page (checkbox, buttons, results). */
export function compensationTitle(row: Pick<CompensationListItem, "id" | "operation" | "orderNumber">): string {
  return `${operationLabels[row.operation]} ${row.orderNumber ? `for order ${row.orderNumber}` : "(no order)"} · ${shortId(row.id)}`;
}

const replayable = (row: CompensationListItem) => row.status === "pending" || row.status === "exhausted";

/**
 * The failed-compensation DLQ: filter by operation, status, age and order; select rows and replay
 * them (through the same Inngest path as the automatic retry), watching each one's result; open
 * one for its metadata, attempts and the discard form.
 */
export function CompensationsDesk({ initialStatus }: { initialStatus: string }) {
  const trpc = useTRPC();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const pages = useKeysetPages<string>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const { draft, applied: filters, edit, apply, clear } = useFilters<Filters>({ ...noFilters, status: initialStatus }, noFilters, () => {
    pages.reset();
    setSelected(new Set());
  });
  const [replay, setReplay] = useState<{ key: number; results: ReplayResult[] } | null>(null);
  /** Titles of rows a replay was asked for, kept while they leave the filtered list. */
  const [titles, setTitles] = useState<Map<string, string>>(new Map());

  const input = {
    operation: (filters.operation || undefined) as CompensationOperation | undefined,
    status: (filters.status || undefined) as CompensationStatus | undefined,
    olderThanHours: filters.age ? Number(filters.age) : undefined,
    orderNumber: filters.orderNumber.trim() || undefined,
    cursor: pages.cursor,
    limit: PAGE_SIZE,
  };
  const list = useQuery({ ...trpc.compensations.list.queryOptions(input), placeholderData: keepPreviousData, refetchInterval: REFRESH_MS, staleTime: 0 });
  const rows = list.data?.items ?? [];
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.compensations.list.queryKey() }), [queryClient, trpc]);

  const replayMutation = useMutation(
    trpc.compensations.replay.mutationOptions({
      onSuccess: (results) => {
        setReplay((previous) => ({ key: (previous?.key ?? 0) + 1, results }));
        setSelected(new Set());
      },
      onSettled: () => void refresh(),
    }),
  );

  /** Set synchronously, so a double click sends one request even before the button re-renders disabled. */
  const inFlight = useRef(false);
  function startReplay(ids: string[]) {
    if (ids.length === 0 || inFlight.current) return;
    inFlight.current = true;
    const named = new Map(titles);
    for (const row of rows) if (ids.includes(row.id)) named.set(row.id, compensationTitle(row));
    setTitles(named);
    replayMutation.mutate(
      { ids },
      {
        onSettled: () => {
          inFlight.current = false;
        },
      },
    );
  }

  /** A select applies at once; the order number waits for Apply filters. */
  const choose = (key: "operation" | "status" | "age") => (value: string) => apply({ ...draft, [key]: value });

  const selectable = rows.filter(replayable);
  const allSelected = selectable.length > 0 && selectable.every((r) => selected.has(r.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(selectable.map((r) => r.id)));
  const describe = useCallback((id: string) => ({ id, title: titles.get(id) ?? describeFallback(id).title }), [titles]);

  return (
    <div className="space-y-6">
      <FilterForm label="Filter failed compensations" onSubmit={() => apply()} className="sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto] lg:items-end">
        <FilterSelect
          id="dlq-operation"
          label="Operation"
          value={draft.operation}
          onValueChange={choose("operation")}
          anyLabel="Any operation"
          options={compensationOperations.map((op) => ({ value: op, label: operationLabels[op] }))}
        />
        <FilterSelect id="dlq-status" label="Status" value={draft.status} onValueChange={choose("status")} anyLabel="Any status" options={statuses.map((st) => ({ value: st, label: statusLabels[st] }))} />
        <FilterSelect id="dlq-age" label="Age" value={draft.age} onValueChange={choose("age")} anyLabel="Any age" options={ageChoices.map((a) => ({ value: String(a.hours), label: a.label }))} />
        <FilterField id="dlq-order" label="Order number" type="search" value={draft.orderNumber} onValueChange={edit("orderNumber")} placeholder="D100123" mono />
        <FilterActions submitLabel="Apply filters" clearLabel="Clear filters" onClear={clear} />
      </FilterForm>

      {replayMutation.isError && <Alert tone="error">{errorInfo(replayMutation.error).message}</Alert>}
      {replay && <ReplayProgress key={replay.key} results={replay.results} describe={describe} onSettled={() => void refresh()} />}

      <section aria-labelledby="dlq-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="dlq-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            Failed compensations{pages.page > 1 ? `, page ${pages.page}` : ""}
          </h2>
          <Button onClick={() => startReplay([...selected])} disabled={selected.size === 0} loading={replayMutation.isPending && (replayMutation.variables?.ids.length ?? 0) > 1}>
            Replay selected ({selected.size})
          </Button>
        </div>

        {list.isPending ? (
          <p className="text-sm text-slate-600">Loading failed compensations…</p>
        ) : list.isError && !list.data ? (
          <Alert tone="error">{errorInfo(list.error).message}</Alert>
        ) : rows.length === 0 ? (
          <EmptyState>{pages.page > 1 ? "No more failed compensations." : "No failed compensation matches these filters."}</EmptyState>
        ) : (
          <Table aria-label="Failed compensations" busy={list.isFetching}>
            <TableHead>
              <Th className="w-10">
                <input
                  type="checkbox"
                  className="size-4 rounded border-slate-300 accent-brand-600"
                  aria-label="Select every replayable compensation on this page"
                  checked={allSelected}
                  disabled={selectable.length === 0}
                  onChange={toggleAll}
                />
              </Th>
              <Th>Operation</Th>
              <Th>Order</Th>
              <Th>Status</Th>
              <Th numeric>Attempts</Th>
              <Th>Last error</Th>
              <Th>Failed</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </TableHead>
            <TableBody>
              {rows.map((row) => {
                const title = compensationTitle(row);
                const busy = replayMutation.isPending && replayMutation.variables?.ids.includes(row.id);
                return (
                  <tr key={row.id} aria-label={title} data-testid="compensation-row">
                    <Td>
                      <input
                        type="checkbox"
                        className="size-4 rounded border-slate-300 accent-brand-600"
                        aria-label={`Select ${title}`}
                        checked={selected.has(row.id)}
                        disabled={!replayable(row)}
                        onChange={() => toggle(row.id)}
                      />
                    </Td>
                    <Td className="font-medium text-slate-900">
                      {operationLabels[row.operation]}
                      <span className="block font-mono text-xs font-normal text-slate-500">{shortId(row.id)}</span>
                    </Td>
                    <Td className="font-mono">
                      {row.orderNumber ? (
                        <Link href={`/console/orders/${row.orderNumber}`} className="text-brand-700 hover:underline">
                          {row.orderNumber}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </Td>
                    <Td>
                      <span className="flex flex-wrap gap-1">
                        <Badge tone={statusTones[row.status]}>{statusLabels[row.status]}</Badge>
                        {row.replayPending && <Badge tone="brand">Replay queued</Badge>}
                      </span>
                    </Td>
                    <Td numeric>{row.attempts}</Td>
                    <Td className="max-w-xs">
                      <span className="line-clamp-2 font-mono text-xs break-words text-red-800" title={row.lastError}>
                        {row.lastError}
                      </span>
                    </Td>
                    <Td className="whitespace-nowrap text-slate-600">
                      <time dateTime={new Date(row.createdAt).toISOString()} title={formatDateTime(row.createdAt, "datetime-seconds")}>
                        {ago(new Date(row.createdAt))}
                      </time>
                    </Td>
                    <Td>
                      <span className="flex justify-end gap-2">
                        {replayable(row) && (
                          <Button size="sm" variant="secondary" loading={busy} disabled={replayMutation.isPending} onClick={() => startReplay([row.id])} aria-label={`Replay ${title}`}>
                            Replay
                          </Button>
                        )}
                        <Link href={`/console/compensations/${row.id}`} className="inline-flex h-8 items-center rounded-lg px-3 text-sm font-medium text-brand-700 hover:bg-slate-100" aria-label={`Details of ${title}`}>
                          Details
                        </Link>
                      </span>
                    </Td>
                  </tr>
                );
              })}
            </TableBody>
          </Table>
        )}

        <KeysetPager label="Compensation pages" pages={pages} nextCursor={list.data?.nextCursor} stale={list.isPlaceholderData} />
      </section>
    </div>
  );
}

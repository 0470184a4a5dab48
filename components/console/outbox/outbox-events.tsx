"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { KeysetPager, useKeysetPages } from "@/components/console/keyset-pager";
import { RefreshBar } from "@/components/console/ops/refresh-bar";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { EventList } from "./event-list";
import { ThroughputTable } from "./throughput-table";

const REFRESH_SECONDS = 10;
const PAGE_SIZE = 25;
type StatusFilter = "open" | "pending" | "failed";

/** Unsent events (filter, keyset pages, retry) and throughput per event name, refreshed live. */
export function OutboxEvents() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [paused, setPaused] = useState(false);
  const [status, setStatus] = useState<StatusFilter>("open");
  const [name, setName] = useState("");
  const pages = useKeysetPages<number>();
  const [notice, setNotice] = useState<{ tone: "success" | "info"; text: string } | null>(null);
  const refetchInterval = paused ? false : REFRESH_SECONDS * 1000;

  const list = useQuery({
    ...trpc.events.list.queryOptions({ status, name: name || undefined, after: pages.cursor, limit: PAGE_SIZE }),
    refetchInterval,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
  const throughput = useQuery({ ...trpc.events.throughput.queryOptions(), refetchInterval, staleTime: 0 });

  const settle = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.events.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.events.throughput.queryKey() }),
    ]);
    router.refresh(); // the figures above are rendered on the server
  };
  const retry = useMutation(
    trpc.events.retry.mutationOptions({
      onSuccess: (r) => setNotice({ tone: r.retried ? "success" : "info", text: r.message }),
      onSettled: settle,
    }),
  );
  const retryAll = useMutation(
    trpc.events.retryAllFailed.mutationOptions({
      onSuccess: (r) => setNotice({ tone: r.retried > 0 ? "success" : "info", text: r.message }),
      onSettled: settle,
    }),
  );
  const actionError = retry.error ?? retryAll.error;

  const names = (throughput.data ?? []).map((r) => r.name).sort();
  if (name && !names.includes(name)) names.push(name);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <RefreshBar
          id="outbox-live"
          updatedAt={Math.max(list.dataUpdatedAt, throughput.dataUpdatedAt)}
          paused={paused}
          onPausedChange={setPaused}
          onRefresh={() => {
            void list.refetch();
            void throughput.refetch();
            router.refresh();
          }}
          refreshing={list.isFetching || throughput.isFetching}
          intervalSeconds={REFRESH_SECONDS}
        />
      </div>

      {actionError && <Alert tone="error">{errorInfo(actionError).message}</Alert>}
      {notice && !actionError && <Alert tone={notice.tone}>{notice.text}</Alert>}

      <Card aria-labelledby="outbox-events-heading" role="region">
        <h2 id="outbox-events-heading" className="text-base font-semibold text-slate-900">
          Pending and failed events
        </h2>
        <p className="mt-1 text-sm text-slate-600">Oldest first, in the order the relay sends them. Retrying a failed event sends it again with its original id, so consumers see it at most once.</p>

        <form className="mt-4 flex flex-wrap items-end gap-4" onSubmit={(e) => e.preventDefault()} aria-label="Filter events">
          <div className="w-48 space-y-1.5">
            <Label htmlFor="outbox-status">Status</Label>
            <Select
              id="outbox-status"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as StatusFilter);
                pages.reset();
              }}
            >
              <option value="open">Pending and failed</option>
              <option value="pending">Pending</option>
              <option value="failed">Failed</option>
            </Select>
          </div>
          <div className="w-72 space-y-1.5">
            <Label htmlFor="outbox-name">Event name</Label>
            <Select
              id="outbox-name"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                pages.reset();
              }}
            >
              <option value="">All event names</option>
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </Select>
          </div>
        </form>

        <div className="mt-4">
          {list.isPending ? (
            <p className="text-sm text-slate-600">Loading events…</p>
          ) : list.isError && !list.data ? (
            <Alert tone="error">{errorInfo(list.error).message}</Alert>
          ) : list.data.rows.length === 0 ? (
            <p className="text-sm text-slate-600">
              {pages.page > 1 ? "No more events." : status === "failed" ? "No failed events." : status === "pending" ? "Nothing is waiting to be sent." : "Every event has been sent."}
            </p>
          ) : (
            <EventList
              rows={list.data.rows}
              busyId={retry.isPending ? (retry.variables?.eventId ?? null) : null}
              onRetry={(row) => {
                setNotice(null);
                retry.mutate({ eventId: row.id });
              }}
            />
          )}
        </div>

        <KeysetPager label="Event pages" pages={pages} nextCursor={list.data?.nextCursor} stale={list.isPlaceholderData} size="sm" showPage className="mt-4 items-center" />
      </Card>

      <Card aria-labelledby="outbox-throughput-heading" role="region">
        <h2 id="outbox-throughput-heading" className="mb-3 text-base font-semibold text-slate-900">
          Throughput by event name
        </h2>
        {throughput.isPending ? (
          <p className="text-sm text-slate-600">Loading throughput…</p>
        ) : throughput.isError && !throughput.data ? (
          <Alert tone="error">{errorInfo(throughput.error).message}</Alert>
        ) : (
          <ThroughputTable
            rows={throughput.data}
            busyName={retryAll.isPending ? (retryAll.variables?.name ?? null) : null}
            onRetryAll={(n) => {
              setNotice(null);
              retryAll.mutate({ name: n });
            }}
          />
        )}
      </Card>
    </div>
  );
}

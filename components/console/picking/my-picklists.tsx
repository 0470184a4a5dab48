"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Meter } from "@/components/console/handheld/meter";
import { errorInfo } from "@/components/ui/trpc-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import type { PicklistSummary } from "@/server/picking";


/** The picker's queue: their picklists first, then open ones they may take. */
export function MyPicklists({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const mine = useQuery({ ...trpc.picking.mine.queryOptions(), refetchInterval: 15_000 });
  const start = useMutation(
    trpc.picking.start.mutationOptions({
      onSuccess: (list) => {
        void queryClient.invalidateQueries({ queryKey: trpc.picking.mine.queryKey() });
        router.push(`/console/pick/${list.id}`);
      },
    }),
  );

  if (mine.isPending) {
    return (
      <p role="status" className="rounded-xl border border-slate-200 bg-white px-4 py-8 text-center text-slate-600">
        Loading your picklists…
      </p>
    );
  }
  if (mine.isError) {
    return (
      <Alert tone="error" title="Picklists unavailable">
        {errorInfo(mine.error).message}
      </Alert>
    );
  }

  const lists = mine.data;
  return (
    <div className="space-y-4">
      {start.isError && (
        <Alert tone="error" title="Couldn't start the picklist">
          {errorInfo(start.error).message}
        </Alert>
      )}
      {lists.length === 0 ? (
        <EmptyState title="No picklists for you right now.">They show up here as soon as your manager releases a wave.</EmptyState>
      ) : (
        <ul aria-label="Picklists" className="space-y-3">
          {lists.map((list) => (
            <PicklistCard
              key={list.id}
              list={list}
              mine={list.assigneeId === userId}
              starting={start.isPending && start.variables?.picklistId === list.id}
              disabled={start.isPending}
              onStart={() => start.mutate({ picklistId: list.id })}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function PicklistCard({
  list,
  mine,
  starting,
  disabled,
  onStart,
}: {
  list: PicklistSummary;
  mine: boolean;
  starting: boolean;
  disabled: boolean;
  onStart: () => void;
}) {
  const inProgress = list.status === "in_progress";
  const headingId = `picklist-${list.id}`;
  return (
    <li aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={headingId} className="font-mono text-xl font-semibold text-slate-900">
            {list.number}
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">
            Wave {list.waveNumber} · released <DateTime value={list.createdAt} style="time" />
          </p>
          <p className="mt-0.5 truncate font-mono text-sm text-slate-700">Orders {list.orderNumbers.join(", ")}</p>
        </div>
        {inProgress ? <Badge tone="brand">In progress</Badge> : mine ? <Badge tone="success">Assigned to you</Badge> : <Badge>Open</Badge>}
      </div>
      <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
        <div>
          <dt className="text-slate-500">Orders</dt>
          <dd className="text-lg font-semibold tabular-nums text-slate-900">{list.orders}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Lines</dt>
          <dd className="text-lg font-semibold tabular-nums text-slate-900">
            {list.linesDone}/{list.lines}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Units</dt>
          <dd className="text-lg font-semibold tabular-nums text-slate-900">{list.units}</dd>
        </div>
      </dl>
      {list.linesDone > 0 && <Meter className="mt-3" done={list.linesDone} total={list.lines} label={`${list.number} lines done`} />}
      {!mine && list.assigneeName && <p className="mt-2 text-sm text-slate-500">Assigned to {list.assigneeName}</p>}
      <div className="mt-4">
        {inProgress ? (
          <Link href={`/console/pick/${list.id}`} className={buttonClasses("primary", "lg", "w-full")}>
            Continue
          </Link>
        ) : (
          <Button size="lg" className="w-full" loading={starting} disabled={disabled && !starting} onClick={onStart}>
            Start
          </Button>
        )}
      </div>
    </li>
  );
}

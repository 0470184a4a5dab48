"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import type { OutboxEventRow } from "@/server/outbox";


function StatusBadge({ status }: { status: OutboxEventRow["status"] }) {
  if (status === "failed") return <Badge tone="danger">Failed</Badge>;
  if (status === "pending") return <Badge tone="warning">Pending</Badge>;
  return <Badge tone="success">Sent</Badge>;
}

/** Unsent events with their payload (collapsed), attempts and last error; failed ones can be retried. */
export function EventList({ rows, busyId, onRetry }: { rows: OutboxEventRow[]; busyId: string | null; onRetry: (row: OutboxEventRow) => void }) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="Outbox events">
      {rows.map((e) => {
        const short = e.id.slice(0, 8);
        // A pending event that failed before waits out its backoff until availableAt.
        const backingOff = e.status === "pending" && e.attempts > 0;
        return (
          <li key={e.id} className="space-y-2 py-3" aria-label={`${e.name} event ${short}`}>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0 space-y-1 text-sm">
                <p className="flex flex-wrap items-center gap-2">
                  <StatusBadge status={e.status} />
                  <span className="font-mono font-medium text-slate-900">{e.name}</span>
                  <span className="font-mono text-xs text-slate-500" title={e.id}>
                    {short}
                  </span>
                </p>
                <p className="text-xs text-slate-600">
                  {e.aggregateType} <span className="font-mono">{e.aggregateId}</span> · sequence {e.sequence} · v{e.schemaVersion} · created{" "}
                  <DateTime value={e.createdAt} style="datetime-seconds" />
                </p>
                <p className="text-xs text-slate-600">
                  {e.attempts} {e.attempts === 1 ? "attempt" : "attempts"}
                  {backingOff && (
                    <>
                      {" "}
                      · next try <DateTime value={e.availableAt} style="datetime-seconds" />
                    </>
                  )}
                </p>
              </div>
              {e.status === "failed" && (
                <Button size="sm" variant="secondary" loading={busyId === e.id} disabled={busyId !== null && busyId !== e.id} onClick={() => onRetry(e)}>
                  Retry<span className="sr-only"> event {short}</span>
                </Button>
              )}
            </div>
            {e.lastError && (
              <p className="rounded-md bg-red-50 px-3 py-2 font-mono text-xs break-words text-red-800">
                <span className="font-sans font-medium">Last error: </span>
                {e.lastError}
              </p>
            )}
            <details className="group text-sm">
              <summary className="cursor-pointer text-brand-700 select-none hover:underline">
                Payload<span className="sr-only"> of event {short}</span>
              </summary>
              <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">{JSON.stringify(e.payload, null, 2)}</pre>
            </details>
          </li>
        );
      })}
    </ul>
  );
}

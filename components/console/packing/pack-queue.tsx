import { FulfillmentStatusBadge } from "@/components/console/fulfillment-status";
import { cn } from "@/components/ui/cn";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import type { FulfillmentStatus } from "@/server/vocabulary/fulfillment";

export type QueueEntry = { fulfillmentId: string; orderNumber: string; status: FulfillmentStatus; attention: string | null; updatedAt: Date };


/** Orders waiting at the pack station, oldest first; tapping one opens it like a scan. */
export function PackQueue({
  entries,
  openId,
  busy,
  onOpen,
}: {
  entries: readonly QueueEntry[] | undefined;
  openId: string | null;
  busy: boolean;
  onOpen: (orderNumber: string) => void;
}) {
  return (
    <section aria-labelledby="pack-queue-heading">
      <h2 id="pack-queue-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
        Waiting to pack{entries ? ` (${entries.length})` : ""}
      </h2>
      {!entries ? (
        <p className="rounded-xl border border-slate-200 bg-white px-4 py-6 text-center text-sm text-slate-500">Loading…</p>
      ) : entries.length === 0 ? (
        <EmptyState>Nothing waiting. Picked orders show up here.</EmptyState>
      ) : (
        <ul className="space-y-2">
          {entries.map((e) => {
            const open = e.fulfillmentId === openId;
            return (
              <li key={e.fulfillmentId}>
                <button
                  type="button"
                  disabled={busy}
                  aria-current={open ? "true" : undefined}
                  onClick={() => onOpen(e.orderNumber)}
                  className={cn(
                    "w-full rounded-xl border bg-white px-4 py-3 text-left shadow-sm transition-colors hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-wait",
                    open ? "border-brand-600 ring-1 ring-brand-600" : e.attention ? "border-amber-300" : "border-slate-200",
                  )}
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className="font-mono text-base font-semibold text-slate-900">{e.orderNumber}</span>
                    <FulfillmentStatusBadge status={e.status} />
                  </span>
                  {e.attention && <span className="mt-1 block text-sm text-amber-800">{e.attention}</span>}
                  <span className="mt-0.5 block text-xs text-slate-500">Since <DateTime value={e.updatedAt} style="time" /></span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { OrderStatus } from "@/db/schema/orders";

const statuses: Record<OrderStatus, { label: string; tone: BadgeTone }> = {
  pending_payment: { label: "Awaiting payment", tone: "warning" },
  confirmed: { label: "Confirmed", tone: "brand" },
  processing: { label: "Processing", tone: "brand" },
  partially_shipped: { label: "Partially shipped", tone: "brand" },
  shipped: { label: "Shipped", tone: "success" },
  delivered: { label: "Delivered", tone: "success" },
  completed: { label: "Completed", tone: "success" },
  cancelled: { label: "Cancelled", tone: "danger" },
};

export function statusLabel(status: string): string {
  return statuses[status as OrderStatus]?.label ?? status.replaceAll("_", " ");
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statuses[status as OrderStatus]?.tone ?? "neutral"}>{statusLabel(status)}</Badge>;
}

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

export function formatDateTime(value: Date | string): string {
  return dateTime.format(new Date(value));
}

export type StatusEntry = { toStatus: string; reason: string; createdAt: Date | string };

/** Status changes, oldest first. */
export function StatusHistory({ history }: { history: readonly StatusEntry[] }) {
  if (history.length === 0) return <p className="text-sm text-slate-500">No status changes yet.</p>;
  return (
    <ol className="space-y-3 border-l border-slate-200 pl-4">
      {history.map((h, i) => (
        <li key={i} className="relative">
          <span aria-hidden="true" className="absolute top-1.5 -left-[21px] size-2.5 rounded-full bg-brand-500 ring-2 ring-white" />
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={h.toStatus} />
            <time dateTime={new Date(h.createdAt).toISOString()} className="text-xs text-slate-500">
              {formatDateTime(h.createdAt)}
            </time>
          </div>
          {h.reason && <p className="mt-1 text-sm text-slate-600 first-letter:uppercase">{h.reason}</p>}
        </li>
      ))}
    </ol>
  );
}

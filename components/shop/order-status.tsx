import { Badge, type BadgeTone } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { orderStatusLabels, type OrderStatus, type PaymentMethod } from "@/server/vocabulary/orders";

const tones: Record<OrderStatus, BadgeTone> = {
  pending_payment: "warning",
  confirmed: "brand",
  processing: "brand",
  partially_shipped: "brand",
  shipped: "success",
  delivered: "success",
  completed: "success",
  cancelled: "danger",
};

/** Cash on delivery is paid when it arrives: until a job confirms it, such an order is just placed. */
const codPlaced = { label: "Placed", tone: "brand" } as const satisfies { label: string; tone: BadgeTone };

function statusOf(status: string, paymentMethod?: PaymentMethod): { label: string; tone: BadgeTone } | undefined {
  if (status === "pending_payment" && paymentMethod === "cod") return codPlaced;
  if (!Object.hasOwn(tones, status)) return undefined;
  return { label: orderStatusLabels[status as OrderStatus], tone: tones[status as OrderStatus] };
}

export function statusLabel(status: string, paymentMethod?: PaymentMethod): string {
  return statusOf(status, paymentMethod)?.label ?? status.replaceAll("_", " ");
}

/** An order's status; with its payment method, a cash-on-delivery order never reads "Awaiting payment". */
export function StatusBadge({ status, paymentMethod }: { status: string; paymentMethod?: PaymentMethod }) {
  return <Badge tone={statusOf(status, paymentMethod)?.tone ?? "neutral"}>{statusLabel(status, paymentMethod)}</Badge>;
}

export type StatusEntry = { toStatus: string; reason: string; createdAt: Date | string };

/** Status changes, oldest first. */
export function StatusHistory({ history, paymentMethod }: { history: readonly StatusEntry[]; paymentMethod?: PaymentMethod }) {
  if (history.length === 0) return <p className="text-sm text-slate-500">No status changes yet.</p>;
  return (
    <ol className="space-y-3 border-l border-slate-200 pl-4">
      {history.map((h, i) => (
        <li key={i} className="relative">
          <span aria-hidden="true" className="absolute top-1.5 -left-[21px] size-2.5 rounded-full bg-brand-500 ring-2 ring-white" />
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={h.toStatus} paymentMethod={paymentMethod} />
            <DateTime value={h.createdAt} className="text-xs text-slate-500" />
          </div>
          {h.reason && <p className="mt-1 text-sm text-slate-600 first-letter:uppercase">{h.reason}</p>}
        </li>
      ))}
    </ol>
  );
}

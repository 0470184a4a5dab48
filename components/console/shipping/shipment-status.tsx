import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ShipmentStatus } from "@/server/vocabulary/shipping";

const statuses: Record<ShipmentStatus, { label: string; tone: BadgeTone }> = {
  label_pending: { label: "Label pending", tone: "neutral" },
  manual: { label: "Needs a label", tone: "warning" },
  labelled: { label: "Labelled", tone: "brand" },
  shipped: { label: "Shipped", tone: "success" },
  in_transit: { label: "In transit", tone: "success" },
  delivered: { label: "Delivered", tone: "success" },
  exception: { label: "Delivery problem", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "danger" },
};

export function ShipmentStatusBadge({ status }: { status: ShipmentStatus }) {
  const s = statuses[status] ?? { label: String(status).replaceAll("_", " "), tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

export const labelHref = (shipmentId: string) => `/api/shipments/${shipmentId}/label`;

/** Section heading with a count, like the pack station's lists. */
export function SectionHeading({ id, children, count }: { id: string; children: string; count?: number }) {
  return (
    <h2 id={id} className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
      {children}
      {count !== undefined ? ` (${count})` : ""}
    </h2>
  );
}

export function Loading() {
  return <p className="rounded-xl border border-slate-200 bg-white px-4 py-6 text-center text-sm text-slate-500">Loading…</p>;
}

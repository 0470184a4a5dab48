import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { FulfillmentStatus } from "@/server/vocabulary/fulfillment";

const statuses: Record<FulfillmentStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: "Pending", tone: "neutral" },
  planning: { label: "Planning", tone: "neutral" },
  picking: { label: "Picking", tone: "brand" },
  picked: { label: "Picked", tone: "brand" },
  packing: { label: "Packing", tone: "brand" },
  packed: { label: "Packed", tone: "brand" },
  ready: { label: "Ready to ship", tone: "success" },
  shipped: { label: "Shipped", tone: "success" },
  completed: { label: "Completed", tone: "success" },
  pick_failed: { label: "Pick failed", tone: "danger" },
  pack_failed: { label: "Pack failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "danger" },
};

export function FulfillmentStatusBadge({ status }: { status: FulfillmentStatus }) {
  const s = statuses[status] ?? { label: String(status).replaceAll("_", " "), tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

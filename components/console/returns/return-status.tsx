import { Badge } from "@/components/ui/badge";
import type { ReturnStatus } from "@/db/schema/returns";
import { returnStatusLabels, returnStatusTone } from "@/server/returns/labels";

export const when = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

export function ReturnStatusBadge({ status }: { status: ReturnStatus }) {
  return <Badge tone={returnStatusTone[status]}>{returnStatusLabels[status]}</Badge>;
}

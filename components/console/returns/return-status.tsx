import { Badge } from "@/components/ui/badge";
import type { ReturnStatus } from "@/db/schema/returns";
import { returnStatusLabels, returnStatusTone } from "@/server/returns/labels";

export function ReturnStatusBadge({ status }: { status: ReturnStatus }) {
  return <Badge tone={returnStatusTone[status]}>{returnStatusLabels[status]}</Badge>;
}

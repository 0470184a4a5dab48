import { Badge } from "@/components/ui/badge";
import { returnStatusLabels, returnStatusTone, type ReturnStatus } from "@/server/vocabulary/returns";

export function ReturnStatusBadge({ status }: { status: ReturnStatus }) {
  return <Badge tone={returnStatusTone[status]}>{returnStatusLabels[status]}</Badge>;
}

import type { ReactNode } from "react";
import { DateTime } from "@/components/ui/date-time";
import type { ManualQueueRow } from "@/server/shipping";

/** Why the retry cron leaves a shipment of the manual queue alone. */
function staffReason({ labelFailure, labelAttempts }: ManualQueueRow): string {
  switch (labelFailure) {
    case "refused":
      return "Needs staff: the carrier refused it, so it is not retried automatically.";
    case "duplicate_tracking":
      return "Needs staff: the carrier's tracking number is already in use, so it is not retried automatically.";
    case null:
      return "Needs staff: not retried automatically.";
    default:
      return `Needs staff: automatic retries stopped after ${labelAttempts} tries.`;
  }
}

/** Whether the retry cron will try the label on its own (and when), or staff must act. */
export function RetryNote({ row }: { row: ManualQueueRow }) {
  if (row.labelCallInFlight) return <Note>Asking the carrier for this label now.</Note>;
  if (row.nextAutomaticRetryAt) return (
      <Note>
        Retried automatically: next try around <DateTime value={row.nextAutomaticRetryAt} />.
      </Note>
    );;
  if (row.status !== "manual") return null;
  return <Note staff>{staffReason(row)}</Note>;
}

function Note({ children, staff = false }: { children: ReactNode; staff?: boolean }) {
  return (
    <p className={`mt-2 text-sm ${staff ? "font-medium text-amber-900" : "text-slate-600"}`} data-testid="manual-queue-retry">
      {children}
    </p>
  );
}

import type { BadgeTone } from "@/components/ui/badge";
import type { CompensationOperation, CompensationStatus } from "@/server/vocabulary/compensations";
import type { ReplayOutcome } from "@/server/compensations";

export const operationLabels: Record<CompensationOperation, string> = {
  void_authorization: "Void authorization",
  refund: "Refund",
  release_reservations: "Release reservations",
  payment_capture: "Capture payment",
  restock: "Restock",
  cancel_shipment: "Cancel shipment",
  send_mail: "Send mail",
};

export const statusLabels: Record<CompensationStatus, string> = {
  pending: "Pending",
  exhausted: "Exhausted",
  resolved: "Resolved",
  discarded: "Discarded",
};
export const statuses = Object.keys(statusLabels) as CompensationStatus[];

export const statusTones: Record<CompensationStatus, BadgeTone> = {
  pending: "warning",
  exhausted: "danger",
  resolved: "success",
  discarded: "neutral",
};

/** What a replay request answered for one row, before it ran. */
export const replayOutcomeLabels: Record<ReplayOutcome, string> = {
  queued: "Queued",
  already_resolved: "Already resolved, nothing to do",
  discarded: "Discarded, not replayed",
  in_progress: "A replay was just requested, not queued again",
  not_found: "No such compensation",
};

/** Age choices of the filter, in hours. */
export const ageChoices = [
  { hours: 1, label: "Older than 1 hour" },
  { hours: 24, label: "Older than 1 day" },
  { hours: 72, label: "Older than 3 days" },
  { hours: 168, label: "Older than 1 week" },
] as const;

export const shortId = (id: string) => id.slice(0, 8);

/** "5 minutes ago", "3 hours ago", "2 days ago". */
export function ago(date: Date, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - date.getTime()) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} ${minutes === 1 ? "minute" : "minutes"} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} ${hours === 1 ? "hour" : "hours"} ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}

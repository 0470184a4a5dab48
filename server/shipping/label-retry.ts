import { and, asc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { LabelFailure } from "@/server/vocabulary/shipping";
import type { Db } from "@/db/client";
import { shipments } from "@/db/schema";
import { labelClaimEndsAt, labelClaimRanOut, noLabelCallInFlight } from "./label-lease";

/**
 * Automatic retries of the manual queue (SHIP-P0-01): 2, 4, 8, 16, 32 minutes after an attempt,
 * then hourly, until the shipment has had 10 label attempts (staff retries count too) — about
 * five hours of carrier outage that heal without anyone. The count is `label_attempts` and the
 * last attempt `updated_at`, both written by every attempt.
 */
export const labelRetryPolicy = { firstDelaySeconds: 120, maxDelaySeconds: 3600, maxAttempts: 10 } as const;

/** Failures that heal by themselves; a refusal or a duplicate tracking number would come back the same, so they wait for staff. */
export const automaticallyRetriedFailures = ["carrier_unavailable", "call_failed"] as const satisfies readonly LabelFailure[];

/** Seconds from a shipment's `attempts`-th label attempt to its next automatic one. */
export function labelRetryDelaySeconds(attempts: number): number {
  const { firstDelaySeconds, maxDelaySeconds } = labelRetryPolicy;
  return Math.min(firstDelaySeconds * 2 ** Math.max(attempts - 1, 0), maxDelaySeconds);
}

const retryDelay = () => {
  const { firstDelaySeconds, maxDelaySeconds } = labelRetryPolicy;
  return sql`make_interval(secs => least(${firstDelaySeconds}::float8 * power(2, greatest(${shipments.labelAttempts} - 1, 0)), ${maxDelaySeconds}::float8))`;
};

/**
 * SQL: the shipment waits in the manual queue for the retry cron: its carrier was unavailable
 * (or the call failed on our side), or a call's process died before it could say, and it has
 * attempts left.
 */
function waitsForAutomaticRetry(): SQL {
  return and(
    eq(shipments.status, "manual"),
    lt(shipments.labelAttempts, labelRetryPolicy.maxAttempts),
    or(inArray(shipments.labelFailure, [...automaticallyRetriedFailures]), labelClaimRanOut()),
  )!;
}

/** SQL: the shipment waits for an automatic retry, no call is in flight, and its backoff has passed. */
export function dueForAutomaticRetry(): SQL {
  return and(waitsForAutomaticRetry(), noLabelCallInFlight(), sql`${shipments.updatedAt} <= now() - ${retryDelay()}`)!;
}

/** SQL: when the retry cron will next try the shipment's label (from its next run on); null when only staff will. */
export function nextAutomaticRetryAt(): SQL<Date | null> {
  // greatest() skips a null: without a claim, the backoff alone decides.
  return sql<Date | null>`case when ${waitsForAutomaticRetry()} then greatest(${shipments.updatedAt} + ${retryDelay()}, ${labelClaimEndsAt()}) end`.mapWith(
    shipments.updatedAt,
  );
}

/** Shipments of the manual queue due for an automatic label retry, longest waiting first. */
export async function dueLabelRetries(db: Db, { limit = 50 }: { limit?: number } = {}): Promise<string[]> {
  const rows = await db.select({ id: shipments.id }).from(shipments).where(dueForAutomaticRetry()).orderBy(asc(shipments.updatedAt)).limit(limit);
  return rows.map((r) => r.id);
}

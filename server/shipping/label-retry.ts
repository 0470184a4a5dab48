import { and, asc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { shipments } from "@/db/schema";

/**
 * Automatic retries of the manual queue (SHIP-P0-01): 2, 4, 8, 16, 32 minutes after an attempt,
 * then hourly, until the shipment has had 10 label attempts (staff retries count too) — about
 * five hours of carrier outage that heal without anyone. The count is `label_attempts` and the
 * last attempt `updated_at`, both written by every attempt.
 */
export const labelRetryPolicy = { firstDelaySeconds: 120, maxDelaySeconds: 3600, maxAttempts: 10 } as const;

/** How the manual queue's last_error starts, by what went wrong; only the first two are worth an automatic retry. */
export const LABEL_CARRIER_UNAVAILABLE = "The carrier could not make the label: ";
export const LABEL_CALL_FAILED = "The label request failed unexpectedly (";
/** A refusal (an address the carrier cannot deliver to): the same request would be refused again. */
export const LABEL_CARRIER_REFUSED = "The carrier refused the label: ";
/** last_error while a label call is in flight (see claimLabelCall); left behind only by a process that died mid-call. */
export const LABEL_REQUEST_IN_FLIGHT = "Asking the carrier for the label.";

/** Seconds from a shipment's `attempts`-th label attempt to its next automatic one. */
export function labelRetryDelaySeconds(attempts: number): number {
  const { firstDelaySeconds, maxDelaySeconds } = labelRetryPolicy;
  return Math.min(firstDelaySeconds * 2 ** Math.max(attempts - 1, 0), maxDelaySeconds);
}

/** SQL: the shipment waits in the manual queue for a carrier that was unavailable, and its next automatic attempt is due. */
export function dueForAutomaticRetry(): SQL {
  const { firstDelaySeconds, maxDelaySeconds, maxAttempts } = labelRetryPolicy;
  const delay = sql`least(${firstDelaySeconds}::float8 * power(2, greatest(${shipments.labelAttempts} - 1, 0)), ${maxDelaySeconds}::float8)`;
  return and(
    eq(shipments.status, "manual"),
    lt(shipments.labelAttempts, maxAttempts),
    or(
      sql`starts_with(${shipments.lastError}, ${LABEL_CARRIER_UNAVAILABLE}::text)`,
      sql`starts_with(${shipments.lastError}, ${LABEL_CALL_FAILED}::text)`,
      eq(shipments.lastError, LABEL_REQUEST_IN_FLIGHT),
    ),
    sql`${shipments.updatedAt} <= now() - make_interval(secs => ${delay})`,
  )!;
}

/** Shipments of the manual queue due for an automatic label retry, longest waiting first. */
export async function dueLabelRetries(db: Db, { limit = 50 }: { limit?: number } = {}): Promise<string[]> {
  const rows = await db.select({ id: shipments.id }).from(shipments).where(dueForAutomaticRetry()).orderBy(asc(shipments.updatedAt)).limit(limit);
  return rows.map((r) => r.id);
}

import { sql, type SQL } from "drizzle-orm";
import { shipments } from "@/db/schema";
import { env } from "@/server/env";

/**
 * How long a label call may run before another caller may make it again: three carrier
 * attempts of CARRIER_TIMEOUT_MS with room to spare, and never less than the stuck-label cron's
 * two minutes. Only a process that died mid-call lets a claim run out.
 */
export function labelCallLeaseSeconds(): number {
  return Math.max(120, Math.ceil((3 * env().carrier.timeoutMs) / 1000) + 30);
}

const lease = () => sql`make_interval(secs => ${labelCallLeaseSeconds()}::float8)`;

/** SQL: a caller is asking the carrier for the shipment's label right now (its claim has not run out). */
export function labelCallInFlight(): SQL {
  return sql`(${shipments.labelCallStartedAt} is not null and ${shipments.labelCallStartedAt} > now() - ${lease()})`;
}

/** SQL: nobody is asking the carrier: no claim, or one whose process died mid-call. */
export function noLabelCallInFlight(): SQL {
  return sql`(${shipments.labelCallStartedAt} is null or ${shipments.labelCallStartedAt} <= now() - ${lease()})`;
}

/** SQL: a claim was made and its call never finished (the process died): the call's outcome is unknown. */
export function labelClaimRanOut(): SQL {
  return sql`(${shipments.labelCallStartedAt} is not null and ${shipments.labelCallStartedAt} <= now() - ${lease()})`;
}

/** SQL: when the current claim runs out (null without one). */
export function labelClaimEndsAt(): SQL {
  return sql`(${shipments.labelCallStartedAt} + ${lease()})`;
}

import { and, eq, inArray, not, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { shipments, type Shipment } from "@/db/schema";
import { env } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { dueForAutomaticRetry, LABEL_REQUEST_IN_FLIGHT } from "./label-retry";

/**
 * How long a label call may run before another caller may make it again: three carrier
 * attempts of CARRIER_TIMEOUT_MS with room to spare, and never less than the stuck-label cron's
 * two minutes. Only a process that died mid-call lets a claim run out.
 */
export function labelCallLeaseSeconds(): number {
  return Math.max(120, Math.ceil((3 * env().carrier.timeoutMs) / 1000) + 30);
}

function inFlight(): SQL {
  return sql`(coalesce(${shipments.lastError}, '') = ${LABEL_REQUEST_IN_FLIGHT}::text and ${shipments.updatedAt} > now() - make_interval(secs => ${labelCallLeaseSeconds()}::float8))`;
}

export type LabelClaim =
  | { claimed: true; shipment: Shipment }
  /** done: it has its label (or was cancelled); busy: another caller is asking the carrier; not_due: the backoff says later. */
  | { claimed: false; why: "done" | "busy" | "not_due"; shipment: Shipment };

/**
 * Claims a shipment's label call before the carrier is asked: one guarded UPDATE, whose row lock
 * makes a concurrent claim wait and then see this one, so of a staff Retry, the retry cron and a
 * double click at the same moment exactly one calls the carrier. The claim is the in-flight
 * marker in last_error, started at updated_at; the call's result (label stored, or failure
 * recorded) replaces it. No transaction is open during the carrier call.
 */
export async function claimLabelCall(db: Db, shipmentId: string, { onlyIfDue = false }: { onlyIfDue?: boolean } = {}): Promise<LabelClaim> {
  const [claimed] = await db
    .update(shipments)
    .set({ lastError: LABEL_REQUEST_IN_FLIGHT, version: sql`${shipments.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(shipments.id, shipmentId),
        inArray(shipments.status, ["label_pending", "manual"]),
        not(inFlight()),
        onlyIfDue ? dueForAutomaticRetry() : undefined,
      ),
    )
    .returning();
  if (claimed) return { claimed: true, shipment: claimed };

  const [row] = await db.select({ shipment: shipments, busy: sql<boolean>`${inFlight()}` }).from(shipments).where(eq(shipments.id, shipmentId));
  if (!row) throw new DomainError("NOT_FOUND", "Shipment not found.", { reason: "shipment_not_found" });
  const { shipment, busy } = row;
  if (shipment.status !== "label_pending" && shipment.status !== "manual") return { claimed: false, why: "done", shipment };
  return { claimed: false, why: busy ? "busy" : "not_due", shipment };
}

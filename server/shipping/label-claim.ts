import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { shipments, type Shipment } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { labelCallInFlight, noLabelCallInFlight } from "./label-lease";
import { dueForAutomaticRetry } from "./label-retry";

export type LabelClaim =
  | { claimed: true; shipment: Shipment }
  /** done: it has its label (or was cancelled); busy: another caller is asking the carrier; not_due: the backoff says later. */
  | { claimed: false; why: "done" | "busy" | "not_due"; shipment: Shipment };

/**
 * Claims a shipment's label call before the carrier is asked: one guarded UPDATE, whose row lock
 * makes a concurrent claim wait and then see this one, so of a staff Retry, the retry cron and a
 * double click at the same moment exactly one calls the carrier. The claim is
 * `label_call_started_at`; the call's result (label stored, or failure recorded) clears it, and
 * a claim older than the lease (label-lease.ts) is a dead process's, taken over by the next
 * caller. The last failure and its message stay until that result. No transaction is open
 * during the carrier call.
 */
export async function claimLabelCall(db: Db, shipmentId: string, { onlyIfDue = false }: { onlyIfDue?: boolean } = {}): Promise<LabelClaim> {
  const [claimed] = await db
    .update(shipments)
    .set({ labelCallStartedAt: sql`now()`, version: sql`${shipments.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(shipments.id, shipmentId),
        inArray(shipments.status, ["label_pending", "manual"]),
        noLabelCallInFlight(),
        onlyIfDue ? dueForAutomaticRetry() : undefined,
      ),
    )
    .returning();
  if (claimed) return { claimed: true, shipment: claimed };

  const [row] = await db.select({ shipment: shipments, busy: sql<boolean>`${labelCallInFlight()}` }).from(shipments).where(eq(shipments.id, shipmentId));
  if (!row) throw new DomainError("NOT_FOUND", "Shipment not found.", { reason: "shipment_not_found" });
  const { shipment, busy } = row;
  if (shipment.status !== "label_pending" && shipment.status !== "manual") return { claimed: false, why: "done", shipment };
  return { claimed: false, why: busy ? "busy" : "not_due", shipment };
}

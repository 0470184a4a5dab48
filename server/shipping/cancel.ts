import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { failedCompensations, orders, shipments } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { raiseAlert } from "@/server/alerts";
import { recordFailedCompensation } from "@/server/compensations";
import { logger } from "@/server/lib/logging";
import { isCarrierError, type CarrierAdapter } from "./carrier/types";
import { cancellableShipmentStatuses, moveLockedShipment } from "./status";

/** The carrier's idempotency key for voiding a shipment's label. */
export const cancelLabelKey = (shipmentId: string) => `cancel-label:${shipmentId}`;

/**
 * Written on a cancelled shipment whose label the carrier has not voided yet, and cleared when
 * it has: what onFailure and the compensation retry look for, so a label is voided once.
 */
export const LABEL_VOID_PENDING = "Label not voided with the carrier yet.";

export type ClaimedLabel = { shipmentId: string; orderId: string; trackingNumber: string; carrier: string };

/**
 * The order was cancelled: its shipments that have not left the building are cancelled, in one
 * transaction with their history and events. The rows are locked and moved, so a repeated or
 * concurrent order-cancelled event finds nothing left and voids nothing (P1-2024-02). Returns
 * the labels the carrier must now void — only to the caller that cancelled them.
 */
export async function cancelShipmentsOfOrder(db: Db, orderId: string, actor: string): Promise<ClaimedLabel[]> {
  return transaction(async (tx) => {
    const open = await tx
      .select()
      .from(shipments)
      .where(and(eq(shipments.orderId, orderId), inArray(shipments.status, [...cancellableShipmentStatuses])))
      .orderBy(shipments.id)
      .for("update");
    const claimed: ClaimedLabel[] = [];
    for (const s of open) {
      const labelled = s.status === "labelled" && s.trackingNumber !== null;
      await moveLockedShipment(tx, s, {
        to: "cancelled",
        reason: "order cancelled",
        actor,
        set: { lastError: labelled ? LABEL_VOID_PENDING : s.lastError, labelFailure: null, labelCallStartedAt: null },
      });
      if (labelled) claimed.push({ shipmentId: s.id, orderId: s.orderId, trackingNumber: s.trackingNumber!, carrier: s.carrier });
    }
    return claimed;
  }, db);
}

export type VoidOutcome = "voided" | "not_cancellable" | "other_carrier" | "nothing_to_void";

/**
 * Voids a cancelled shipment's label with the carrier under `cancel-label:<shipment id>`, then
 * clears the pending marker. Throws the CarrierError when the carrier fails, so the caller's
 * retries (then failed_compensations) try again. A label already voided is not sent again.
 */
export async function voidCancelledLabel(db: Db, adapter: CarrierAdapter, shipmentId: string): Promise<VoidOutcome> {
  const [s] = await db.select().from(shipments).where(eq(shipments.id, shipmentId));
  if (!s || s.status !== "cancelled" || !s.trackingNumber || s.lastError !== LABEL_VOID_PENDING) return "nothing_to_void";
  const outcome = await voidWithCarrier(db, adapter, { shipmentId, orderId: s.orderId, trackingNumber: s.trackingNumber, carrier: s.carrier });
  await db
    .update(shipments)
    .set({ lastError: outcome === "voided" ? null : `Label ${s.trackingNumber} was not voided: ${outcome === "other_carrier" ? "void it with the carrier by hand" : "the carrier says it can no longer be cancelled"}.` })
    .where(and(eq(shipments.id, shipmentId), eq(shipments.lastError, LABEL_VOID_PENDING)));
  return outcome;
}

async function voidWithCarrier(db: Db, adapter: CarrierAdapter, label: ClaimedLabel): Promise<Exclude<VoidOutcome, "nothing_to_void">> {
  if (label.carrier !== adapter.code) {
    await raiseAlert(db, {
      kind: "shipment_label_not_voided",
      severity: "warning",
      message: `Shipment ${label.shipmentId} was cancelled, but its ${label.carrier} label ${label.trackingNumber} was not made by Depot's carrier: void it with ${label.carrier} by hand.`,
      orderId: label.orderId || null,
      details: { ...label },
    });
    return "other_carrier";
  }
  let result: { cancelled: boolean };
  try {
    result = await adapter.cancelLabel({ trackingNumber: label.trackingNumber, idempotencyKey: cancelLabelKey(label.shipmentId) });
  } catch (error) {
    // Unavailable: thrown, so the caller retries. Rejected (no such label): retrying cannot help.
    if (!isCarrierError(error) || error.kind !== "rejected") throw error;
    result = { cancelled: false };
  }
  if (!result.cancelled) {
    await raiseAlert(db, {
      kind: "shipment_label_not_voided",
      severity: "warning",
      message: `The carrier could not void label ${label.trackingNumber} of a cancelled order: the parcel may already be with the carrier. Ask for it back.`,
      orderId: label.orderId || null,
      details: { ...label },
    });
    return "not_cancellable";
  }
  return "voided";
}

/**
 * Labels of the order still waiting to be voided after the cancel function's retries: each
 * becomes a cancel_shipment failed compensation that the compensation cron retries.
 */
export async function recordUnvoidedLabels(db: Db, orderId: string, error: string, source: string): Promise<number> {
  const pending = await db
    .select()
    .from(shipments)
    .where(and(eq(shipments.orderId, orderId), eq(shipments.status, "cancelled"), eq(shipments.lastError, LABEL_VOID_PENDING)));
  for (const s of pending) {
    await recordFailedCompensation(db, {
      operation: "cancel_shipment",
      orderId,
      metadata: { shipmentId: s.id, trackingNumber: s.trackingNumber, carrier: s.carrier, source },
      error,
      attempts: 1,
    });
  }
  return pending.length;
}

/**
 * A label the carrier made for a shipment that no longer wants it (cancelled, or given a
 * hand-entered number while the call was in flight): void it now; if the carrier fails, it
 * becomes a cancel_shipment failed compensation.
 */
export async function voidLabel(
  db: Db,
  adapter: CarrierAdapter,
  label: { shipmentId: string; orderId: string; trackingNumber: string; source: string },
): Promise<void> {
  try {
    await voidWithCarrier(db, adapter, { ...label, carrier: adapter.code });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn({ err: error, shipmentId: label.shipmentId }, "voiding an unwanted label failed; recorded as a failed compensation");
    await recordFailedCompensation(db, {
      operation: "cancel_shipment",
      orderId: label.orderId,
      metadata: { shipmentId: label.shipmentId, trackingNumber: label.trackingNumber, carrier: adapter.code, orphan: true, source: label.source },
      error: message,
      attempts: 1,
    });
  }
}

/**
 * The compensation retry of cancel_shipment: the cancelled shipment's pending void, or an
 * unwanted (orphan) label by its tracking number. Throws while the carrier fails.
 */
export async function retryLabelVoid(db: Db, adapter: CarrierAdapter, metadata: Record<string, unknown>): Promise<void> {
  const shipmentId = String(metadata.shipmentId);
  if (metadata.orphan === true && typeof metadata.trackingNumber === "string") {
    const [s] = await db.select({ orderId: shipments.orderId }).from(shipments).where(eq(shipments.id, shipmentId));
    await voidWithCarrier(db, adapter, { shipmentId, orderId: s?.orderId ?? "", trackingNumber: metadata.trackingNumber, carrier: adapter.code });
    return;
  }
  await voidCancelledLabel(db, adapter, shipmentId);
}

/** For tests and the console: cancelled shipments still waiting for their label to be voided. */
export async function pendingVoidCount(db: Db, orderId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(shipments)
    .where(and(eq(shipments.orderId, orderId), eq(shipments.lastError, LABEL_VOID_PENDING)));
  return row?.n ?? 0;
}

export type ReconcileOutcome = { cancelled: number; voided: number; failed: number };

/**
 * The backstop of the order-cancel function, whose run can be lost with the process that ran it
 * (the event was already consumed): live shipments of orders cancelled more than `graceSeconds`
 * ago are cancelled, and labels still marked "void pending" after the grace are voided. A void
 * the carrier still refuses becomes one cancel_shipment failed compensation (never two for one
 * shipment), which the compensation retry takes over. Safe beside a live run: the shipments are
 * claimed under lock, the voids carry the key cancel-label:<shipment id> and clear the marker.
 */
export async function reconcileCancelledShipments(
  db: Db,
  adapter: CarrierAdapter,
  { graceSeconds = 600, limit = 100 }: { graceSeconds?: number; limit?: number } = {},
): Promise<ReconcileOutcome> {
  const before = sql`now() - make_interval(secs => ${graceSeconds})`;
  const outcome: ReconcileOutcome = { cancelled: 0, voided: 0, failed: 0 };
  const stranded = await db
    .selectDistinct({ orderId: shipments.orderId })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .where(and(inArray(shipments.status, [...cancellableShipmentStatuses]), eq(orders.status, "cancelled"), lt(orders.updatedAt, before)))
    .limit(limit);
  const claimedNow = new Set<string>();
  for (const { orderId } of stranded) {
    const claimed = await cancelShipmentsOfOrder(db, orderId, "system:shipment-cancel-reconcile");
    outcome.cancelled += claimed.length;
    for (const c of claimed) claimedNow.add(c.shipmentId);
  }
  const pending = await db
    .select({ id: shipments.id, orderId: shipments.orderId, trackingNumber: shipments.trackingNumber, carrier: shipments.carrier })
    .from(shipments)
    .where(
      and(
        eq(shipments.status, "cancelled"),
        eq(shipments.lastError, LABEL_VOID_PENDING),
        or(lt(shipments.updatedAt, before), claimedNow.size > 0 ? inArray(shipments.id, [...claimedNow]) : undefined),
      ),
    )
    .limit(limit);
  for (const s of pending) {
    try {
      const result = await voidCancelledLabel(db, adapter, s.id);
      if (result !== "nothing_to_void") outcome.voided += 1;
    } catch (error) {
      outcome.failed += 1;
      const [known] = await db
        .select({ id: failedCompensations.id })
        .from(failedCompensations)
        .where(
          and(
            eq(failedCompensations.operation, "cancel_shipment"),
            inArray(failedCompensations.status, ["pending", "exhausted"]),
            sql`${failedCompensations.metadata}->>'shipmentId' = ${s.id}`,
          ),
        )
        .limit(1);
      if (!known) {
        await recordFailedCompensation(db, {
          operation: "cancel_shipment",
          orderId: s.orderId,
          metadata: { shipmentId: s.id, trackingNumber: s.trackingNumber, carrier: s.carrier, source: "shipment-cancel-reconcile" },
          error: error instanceof Error ? error.message : String(error),
          attempts: 1,
        });
      }
    }
  }
  return outcome;
}

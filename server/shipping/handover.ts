import { and, desc, eq } from "drizzle-orm";
import type { OrderStatus } from "@/server/vocabulary/orders";
import type { Tx } from "@/db/client";
import { fulfillments, orders, qcChecks, shipments, type Shipment } from "@/db/schema";
import { shipmentLabel, recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import type { WarehouseScope } from "@/server/auth";
import { transitionFulfillment } from "@/server/fulfillment";
import { DomainError } from "@/server/lib/errors";
import { normalizeTrackingNumber } from "./labels";
import { syncOrderWithShipments } from "./order-status";
import { moveLockedShipment } from "./status";

/** `staff`: who handed it over at the dock (the hand-over is audited); system callers leave it out. */
type ShipCaller = { actor: string; scope?: WarehouseScope; staff?: SessionUser };
export type ShipInput =
  | ({ fulfillmentId: string; trackingNumber?: undefined } & ShipCaller)
  /** What the dock scanner read off the label. */
  | ({ trackingNumber: string; fulfillmentId?: undefined } & ShipCaller);

export type ShipResult = {
  fulfillmentId: string;
  shipmentId: string;
  orderId: string;
  orderNumber: string;
  trackingNumber: string;
  orderStatus: OrderStatus | null;
  /** A second scan of a parcel already handed over changes nothing. */
  alreadyShipped: boolean;
};

const notFound = () => new DomainError("NOT_FOUND", "There is no such parcel in your warehouse.", { reason: "shipment_not_found" });

/**
 * The parcel to hand over, looked up only in the caller's warehouses: another warehouse's
 * fulfillment id or tracking number gets the same answer as one that does not exist (SEC-P1-02).
 */
async function shipmentFor(tx: Tx, input: ShipInput): Promise<Shipment> {
  const inScope = input.scope?.kind === "one" ? eq(fulfillments.warehouseId, input.scope.warehouseId) : undefined;
  if (input.fulfillmentId !== undefined) {
    const [f] = await tx
      .select({ shipment: shipments })
      .from(fulfillments)
      .leftJoin(shipments, eq(shipments.fulfillmentId, fulfillments.id))
      .where(and(eq(fulfillments.id, input.fulfillmentId), inScope));
    if (!f) throw notFound();
    if (!f.shipment) throw new DomainError("PRECONDITION_FAILED", "This fulfillment has no parcel yet: pack it first.", { reason: "not_packed" });
    return f.shipment;
  }
  const trackingNumber = normalizeTrackingNumber(input.trackingNumber);
  const found = await tx
    .select({ shipment: shipments })
    .from(shipments)
    .innerJoin(fulfillments, eq(fulfillments.id, shipments.fulfillmentId))
    .where(and(eq(shipments.trackingNumber, trackingNumber), inScope));
  if (found.length === 0) throw new DomainError("NOT_FOUND", `No parcel has tracking number ${trackingNumber}. Scan the label's barcode again.`, { reason: "unknown_tracking_number" });
  if (found.length > 1) {
    throw new DomainError("CONFLICT", `Tracking number ${trackingNumber} belongs to parcels of several carriers: ship it from the list instead.`, {
      reason: "ambiguous_tracking_number",
    });
  }
  return found[0]!.shipment;
}

/**
 * Hand-over at the dock: a `ready` fulfillment becomes `shipped` (shipped_at), its labelled
 * shipment `shipped`, and the order follows across its warehouses (partially shipped, then
 * shipped: FUL-P0-01, ORD-P0-02), all in the caller's transaction. Stock is committed by the
 * consumer of the fulfillment's shipped event (WH-P0-02). Scanning a parcel twice is harmless.
 */
export async function shipFulfillment(tx: Tx, input: ShipInput): Promise<ShipResult> {
  const found = await shipmentFor(tx, input);
  const reason = "handed to the carrier at the dock";
  const shipped = await shipLocked(tx, found.id, input.actor, reason);
  if (input.staff && !shipped.alreadyShipped) {
    await recordAudit(tx, input.staff, {
      action: "shipment.ship",
      targetType: "shipment",
      targetId: shipped.shipmentId,
      targetLabel: await shipmentLabel(tx, { trackingNumber: shipped.trackingNumber, orderId: shipped.orderId }),
      orderId: shipped.orderId,
      reason,
      details: { fulfillmentId: shipped.fulfillmentId, orderStatus: shipped.orderStatus },
    });
  }
  return shipped;
}

/**
 * The shared hand-over (the dock scan, or the carrier's first scan of a labelled parcel):
 * locks shipment then fulfillment, moves both, then the order.
 */
export async function shipLocked(tx: Tx, shipmentId: string, actor: string, reason: string): Promise<ShipResult> {
  // Shipment, then fulfillment, then order: the order every shipping path locks in.
  const [shipment] = await tx.select().from(shipments).where(eq(shipments.id, shipmentId)).for("update");
  if (!shipment) throw notFound();
  const [fulfillment] = await tx.select().from(fulfillments).where(eq(fulfillments.id, shipment.fulfillmentId)).for("update");
  if (!fulfillment) throw notFound();
  const [order] = await tx.select({ number: orders.number }).from(orders).where(eq(orders.id, fulfillment.orderId));
  const result = (orderStatus: OrderStatus | null, alreadyShipped: boolean): ShipResult => ({
    fulfillmentId: fulfillment.id,
    shipmentId: shipment.id,
    orderId: fulfillment.orderId,
    orderNumber: order?.number ?? "",
    trackingNumber: shipment.trackingNumber ?? "",
    orderStatus,
    alreadyShipped,
  });

  if (fulfillment.status === "shipped" || fulfillment.status === "completed") return result(null, true);
  if (fulfillment.status !== "ready" || shipment.status !== "labelled" || !shipment.trackingNumber) {
    const why =
      shipment.status === "manual" || shipment.status === "label_pending"
        ? "its label is not made yet (see the manual queue)"
        : fulfillment.status === "cancelled"
          ? "the order was cancelled: put the parcel aside and unpack it"
          : `it is ${fulfillment.status.replace("_", " ")}, not ready`;
    throw new DomainError("PRECONDITION_FAILED", `Order ${order?.number ?? ""}'s parcel can't ship: ${why}.`, { reason: "not_ready_to_ship" });
  }
  const [qc] = await tx
    .select({ result: qcChecks.result })
    .from(qcChecks)
    .where(eq(qcChecks.fulfillmentId, fulfillment.id))
    .orderBy(desc(qcChecks.createdAt))
    .limit(1);
  if (qc?.result === "fail") {
    throw new DomainError("PRECONDITION_FAILED", `Order ${order?.number ?? ""} failed its quality check: it can't ship until it passes.`, { reason: "qc_failed" });
  }

  const now = new Date();
  await transitionFulfillment(tx, fulfillment.id, { to: "shipped", reason, actor, set: { shippedAt: now } });
  await moveLockedShipment(tx, shipment, { to: "shipped", reason, actor, set: { shippedAt: now } });
  return result(await syncOrderWithShipments(tx, fulfillment.orderId, actor), false);
}

import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { ShipmentStatus } from "@/server/vocabulary/shipping";
import type { Db, Tx } from "@/db/client";
import { fulfillments, shipments, type Shipment } from "@/db/schema";
import { savepoint, transaction } from "@/db/transaction";
import { raiseAlert } from "@/server/alerts";
import { transitionFulfillment } from "@/server/fulfillment";
import { isDomainError } from "@/server/lib/errors";
import { logger } from "@/server/lib/logging";
import { pgText } from "@/server/lib/pg-text";
import { markWebhookApplied, recordWebhookEvent, parseWebhookBody } from "@/server/webhooks";
import { parseTrackingEvent, TRACKING_EVENT_TYPES, type CarrierTrackingEvent, type TrackingEventType } from "./carrier/tracking-events";
import { shipLocked } from "./handover";
import { normalizeTrackingNumber } from "./labels";
import { syncOrderWithShipments } from "./order-status";
import { canMoveShipment, moveLockedShipment, shipmentProgress } from "./status";

export type TrackingOutcome = "applied" | "ignored" | "duplicate";

/** A verified webhook body: a known tracking event, or any other type (acknowledged, ignored). */
export type CarrierWebhookEvent = CarrierTrackingEvent | { id: string; type: string; data?: unknown };

const statusFor: Record<TrackingEventType, ShipmentStatus> = {
  "tracking.in_transit": "in_transit",
  "tracking.delivered": "delivered",
  "tracking.exception": "exception",
};

function isTrackingEvent(event: CarrierWebhookEvent): event is CarrierTrackingEvent {
  return (TRACKING_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** What every carrier event needs to be recorded and acknowledged, whatever its type. */
const carrierEnvelopeSchema = z.looseObject({ id: pgText.min(1).max(255), type: pgText });

/**
 * A verified body: a tracking event checked field by field, or an event of a type we do not
 * handle (it needs only an id and a type, to be recorded and acknowledged). Throws
 * MalformedWebhookError for anything else.
 */
export function parseCarrierWebhook(raw: string): CarrierWebhookEvent {
  const envelope = parseWebhookBody(carrierEnvelopeSchema, raw, "Tracking event");
  if ((TRACKING_EVENT_TYPES as readonly string[]).includes(envelope.type)) return parseTrackingEvent(raw);
  return { id: envelope.id, type: envelope.type.slice(0, 100) };
}

/** The provider a carrier's events are recorded under in webhook_events. */
export const carrierProvider = (carrierCode: string) => `carrier:${carrierCode}`;

/**
 * Applies one verified carrier event exactly once: the (carrier:<code>, event id) row is written
 * in the same transaction as the effect, so a redelivery finds it and does nothing, and a
 * failed attempt leaves no row for the carrier's retry. Shipments only move forward: a late
 * "in transit" after "delivered" changes nothing, so events arriving out of order converge.
 *
 * - the carrier's first scan of a labelled parcel nobody scanned at the dock ships it first;
 * - delivered: the fulfillment is completed and the order becomes delivered only once every
 *   non-cancelled shipment of the order is delivered (FUL-P0-01, ORD-P0-02);
 * - exception: the shipment is marked and ops get an alert.
 */
export async function handleCarrierEvent(db: Db, carrierCode: string, event: CarrierWebhookEvent): Promise<TrackingOutcome> {
  return transaction(async (tx) => {
    const provider = carrierProvider(carrierCode);
    if (!(await recordWebhookEvent(tx, { provider, eventId: event.id, type: event.type }))) return "duplicate";
    if (!isTrackingEvent(event)) return "ignored";

    const applied = await applyTrackingEvent(tx, carrierCode, event);
    if (!applied) return "ignored";
    await markWebhookApplied(tx, provider, event.id);
    return "applied";
  }, db);
}

async function applyTrackingEvent(tx: Tx, carrierCode: string, event: CarrierTrackingEvent): Promise<boolean> {
  const trackingNumber = normalizeTrackingNumber(event.data.tracking_number);
  const [shipment] = await tx
    .select()
    .from(shipments)
    .where(and(eq(shipments.carrier, carrierCode), eq(shipments.trackingNumber, trackingNumber)))
    .for("update");
  if (!shipment) {
    logger.warn({ carrier: carrierCode, trackingNumber, eventId: event.id }, "carrier event for an unknown tracking number; ignored");
    return false;
  }
  const actor = `carrier:${carrierCode}`;
  const to = statusFor[event.type];
  const detail = event.data.exception_reason ?? event.data.description;
  let current: Shipment = shipment;

  if (current.status === "cancelled") {
    await raiseAlert(tx, {
      kind: "cancelled_shipment_moving",
      severity: "warning",
      message: `The carrier reports ${trackingNumber} as ${to.replace("_", " ")}, but its order was cancelled: get the parcel back.`,
      orderId: current.orderId,
      details: { shipmentId: current.id, eventId: event.id, type: event.type },
    });
    return false;
  }
  if (current.status === "labelled") {
    // The carrier has the parcel: it was handed over even if nobody scanned it at the dock.
    try {
      await savepoint(tx, (sp) => shipLocked(sp, shipment.id, actor, "the carrier scanned the parcel"));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // Acknowledged, not retried: the carrier's retry could not make the fulfillment shippable.
      await raiseAlert(tx, {
        kind: "shipment_moving_unshipped",
        severity: "warning",
        message: `The carrier reports ${trackingNumber} as ${to.replace("_", " ")}, but Depot could not mark it shipped: ${error.message}`,
        orderId: shipment.orderId,
        details: { shipmentId: shipment.id, eventId: event.id, type: event.type },
      });
      return false;
    }
    const [reread] = await tx.select().from(shipments).where(eq(shipments.id, shipment.id));
    if (!reread) return false;
    current = reread;
  }
  if (shipmentProgress[to] <= shipmentProgress[current.status] || !canMoveShipment(current.status, to)) return current !== shipment;

  const moved = await moveLockedShipment(tx, current, {
    to,
    reason: `carrier: ${detail ?? to.replace("_", " ")}`,
    actor,
    set: to === "delivered" ? { deliveredAt: new Date(event.data.occurred_at) } : undefined,
  });
  if (to === "exception") {
    await raiseAlert(tx, {
      kind: "shipment_exception",
      severity: "warning",
      message: `Parcel ${trackingNumber} has a delivery problem: ${event.data.exception_reason ?? "the carrier reported an exception"}.`,
      orderId: moved.orderId,
      details: { shipmentId: moved.id, fulfillmentId: moved.fulfillmentId, eventId: event.id },
    });
  }
  if (to === "delivered") {
    const [f] = await tx.select({ status: fulfillments.status }).from(fulfillments).where(eq(fulfillments.id, moved.fulfillmentId));
    if (f?.status === "shipped") {
      await transitionFulfillment(tx, moved.fulfillmentId, { to: "completed", reason: "the carrier confirmed delivery", actor });
    }
    await syncOrderWithShipments(tx, moved.orderId, actor);
  }
  return true;
}

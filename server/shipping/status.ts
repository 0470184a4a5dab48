import { and, eq, sql } from "drizzle-orm";
import type { ShipmentStatus } from "@/server/vocabulary/shipping";
import type { Tx } from "@/db/client";
import { shipmentHistory, shipments, type Shipment } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { emit } from "@/server/outbox";

/**
 * The shipment state machine. Forward only: a late carrier event (in transit after delivered)
 * finds no move and changes nothing, so out-of-order deliveries converge.
 *
 * label_pending → labelled (the carrier made the label) | manual (it could not: SHIP-P0-01)
 * manual → labelled (a retry worked, or staff entered the tracking number by hand)
 * labelled → shipped (handed to the carrier at the dock) | carrier events
 * shipped → in_transit → delivered, with exception on the way
 */
export const shipmentTransitions: Record<ShipmentStatus, readonly ShipmentStatus[]> = {
  label_pending: ["labelled", "manual", "cancelled"],
  manual: ["labelled", "cancelled"],
  labelled: ["shipped", "cancelled"],
  shipped: ["in_transit", "delivered", "exception"],
  in_transit: ["delivered", "exception"],
  exception: ["delivered"],
  delivered: [],
  cancelled: [],
};

/** Where the parcel is, in order: a carrier event never moves a shipment back down this list. */
export const shipmentProgress: Record<ShipmentStatus, number> = {
  label_pending: 0,
  manual: 0,
  labelled: 1,
  shipped: 2,
  in_transit: 3,
  exception: 4,
  delivered: 5,
  cancelled: 6,
};

/** Shipments that may still be cancelled with their order: nothing has left the building. */
export const cancellableShipmentStatuses = ["label_pending", "manual", "labelled"] as const satisfies readonly ShipmentStatus[];

export function canMoveShipment(from: ShipmentStatus, to: ShipmentStatus): boolean {
  return shipmentTransitions[from].includes(to);
}

export type ShipmentMove = {
  to: ShipmentStatus;
  reason: string;
  actor: string;
  /** Refuse if someone else changed the shipment since the caller read it. */
  expectedVersion?: number;
  /** Columns that change with this move (tracking number, label, timestamps, errors). */
  set?: Partial<
    Pick<
      Shipment,
      "trackingNumber" | "carrier" | "labelPdf" | "labelAttempts" | "lastError" | "labelFailure" | "labelCallStartedAt" | "manualEntryBy" | "shippedAt" | "deliveredAt"
    >
  >;
};

/**
 * Moves one shipment through the machine: row lock, version check, history row and a
 * shipment/status-changed event, in the caller's transaction.
 */
export async function transitionShipment(tx: Tx, shipmentId: string, move: ShipmentMove): Promise<Shipment> {
  const [current] = await tx.select().from(shipments).where(eq(shipments.id, shipmentId)).for("update");
  if (!current) throw new DomainError("NOT_FOUND", "Shipment not found.");
  return moveLockedShipment(tx, current, move);
}

/** Like transitionShipment for a row the caller has already locked (`for update`) in this transaction. */
export async function moveLockedShipment(tx: Tx, current: Shipment, move: ShipmentMove): Promise<Shipment> {
  if (move.expectedVersion !== undefined && current.version !== move.expectedVersion) {
    throw new DomainError("CONFLICT", "This shipment was changed by someone else. Reload and try again.", { reason: "stale_shipment" });
  }
  if (!canMoveShipment(current.status, move.to)) {
    throw new DomainError("PRECONDITION_FAILED", `A shipment that is ${shipmentStatusLabel(current.status)} can't become ${shipmentStatusLabel(move.to)}.`, {
      reason: "invalid_transition",
      from: current.status,
      to: move.to,
    });
  }
  const [updated] = await tx
    .update(shipments)
    .set({ ...move.set, status: move.to, version: sql`${shipments.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(shipments.id, current.id), eq(shipments.version, current.version)))
    .returning();
  if (!updated) throw new DomainError("CONFLICT", "This shipment was changed by someone else. Reload and try again.", { reason: "stale_shipment" });
  await recordShipmentStatus(tx, updated, current.status, move.reason, move.actor);
  return updated;
}

/** History row + event for a status a shipment enters (also the first one, from null). */
export async function recordShipmentStatus(tx: Tx, s: Shipment, from: ShipmentStatus | null, reason: string, actor: string): Promise<void> {
  await tx.insert(shipmentHistory).values({ shipmentId: s.id, fromStatus: from, toStatus: s.status, reason, actor });
  await emit(tx, {
    name: "shipment/status-changed",
    aggregateId: s.id,
    payload: {
      shipmentId: s.id,
      fulfillmentId: s.fulfillmentId,
      orderId: s.orderId,
      carrier: s.carrier,
      trackingNumber: s.trackingNumber,
      from,
      to: s.status,
      reason,
      actor,
    },
  });
}

export function shipmentStatusLabel(status: ShipmentStatus): string {
  return status === "label_pending" ? "waiting for its label" : status === "manual" ? "in the manual queue" : status.replace("_", " ");
}

/** A shipment as the console gets it: everything but the label bytes (downloaded from /api/shipments/<id>/label). */
export type ShipmentView = Omit<Shipment, "labelPdf"> & { hasLabel: boolean };

export function shipmentView({ labelPdf, ...rest }: Shipment): ShipmentView {
  return { ...rest, hasLabel: labelPdf !== null };
}

import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { LabelFailure, ShipmentStatus } from "@/server/vocabulary/shipping";
import type { DbOrTx } from "@/db/client";
import { fulfillments, orders, shipments, warehouses } from "@/db/schema";
import type { WarehouseScope } from "@/server/auth";
import { DomainError } from "@/server/lib/errors";
import { labelCallInFlight } from "./label-lease";
import { nextAutomaticRetryAt } from "./label-retry";

const inScope = (scope: WarehouseScope) => (scope.kind === "one" ? eq(fulfillments.warehouseId, scope.warehouseId) : undefined);

const base = {
  shipmentId: shipments.id,
  fulfillmentId: shipments.fulfillmentId,
  orderNumber: orders.number,
  warehouseCode: warehouses.code,
  carrier: shipments.carrier,
  status: shipments.status,
  trackingNumber: shipments.trackingNumber,
  boxCode: shipments.boxCode,
  weightGrams: shipments.weightGrams,
  hasLabel: sql<boolean>`${shipments.labelPdf} is not null`,
  updatedAt: shipments.updatedAt,
};

export type ShipmentRow = {
  shipmentId: string;
  fulfillmentId: string;
  orderNumber: string;
  warehouseCode: string;
  carrier: string;
  status: ShipmentStatus;
  trackingNumber: string | null;
  boxCode: string;
  weightGrams: number;
  /** A PDF label is stored (none for a hand-entered tracking number). */
  hasLabel: boolean;
  updatedAt: Date;
};

export type ManualQueueRow = ShipmentRow & {
  lastError: string | null;
  labelAttempts: number;
  labelFailure: LabelFailure | null;
  /** Someone (staff or the retry cron) is asking the carrier for this label right now. */
  labelCallInFlight: boolean;
  /** When the retry cron will next try on its own; null when it will not (refused, out of tries) and staff must act. */
  nextAutomaticRetryAt: Date | null;
};
export type ShippedRow = ShipmentRow & { shippedAt: Date | null; deliveredAt: Date | null };

function clamp(limit: number): number {
  return Math.max(1, Math.min(limit, 200));
}

/**
 * The manual queue: parcels the carrier could not label (SHIP-P0-01), and any still waiting for
 * their label, oldest first — staff retry them or enter the tracking number by hand.
 */
export async function manualQueue(db: DbOrTx, scope: WarehouseScope, { limit = 100 }: { limit?: number } = {}): Promise<ManualQueueRow[]> {
  return db
    .select({
      ...base,
      lastError: shipments.lastError,
      labelAttempts: shipments.labelAttempts,
      labelFailure: shipments.labelFailure,
      labelCallInFlight: sql<boolean>`${labelCallInFlight()}`,
      nextAutomaticRetryAt: nextAutomaticRetryAt(),
    })
    .from(shipments)
    .innerJoin(fulfillments, eq(fulfillments.id, shipments.fulfillmentId))
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .innerJoin(warehouses, eq(warehouses.id, fulfillments.warehouseId))
    .where(and(inArray(shipments.status, ["manual", "label_pending"]), inScope(scope)))
    .orderBy(shipments.updatedAt)
    .limit(clamp(limit));
}

/** Labelled parcels of ready fulfillments, waiting at the dock for the carrier, oldest first. */
export async function readyToShip(db: DbOrTx, scope: WarehouseScope, { limit = 100 }: { limit?: number } = {}): Promise<ShipmentRow[]> {
  return db
    .select(base)
    .from(shipments)
    .innerJoin(fulfillments, eq(fulfillments.id, shipments.fulfillmentId))
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .innerJoin(warehouses, eq(warehouses.id, fulfillments.warehouseId))
    .where(and(eq(shipments.status, "labelled"), eq(fulfillments.status, "ready"), inScope(scope)))
    .orderBy(shipments.updatedAt)
    .limit(clamp(limit));
}

/** Parcels handed to the carrier, newest first, with where the carrier says they are. */
export async function recentlyShipped(db: DbOrTx, scope: WarehouseScope, { limit = 25 }: { limit?: number } = {}): Promise<ShippedRow[]> {
  return db
    .select({ ...base, shippedAt: shipments.shippedAt, deliveredAt: shipments.deliveredAt })
    .from(shipments)
    .innerJoin(fulfillments, eq(fulfillments.id, shipments.fulfillmentId))
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .innerJoin(warehouses, eq(warehouses.id, fulfillments.warehouseId))
    .where(and(isNotNull(shipments.shippedAt), inScope(scope)))
    .orderBy(desc(shipments.shippedAt), desc(shipments.id))
    .limit(clamp(limit));
}

/** The stored label PDF of a shipment the scope may see. */
export async function shipmentLabel(db: DbOrTx, shipmentId: string, scope: WarehouseScope): Promise<{ pdf: Buffer; fileName: string }> {
  const [row] = await db
    .select({ pdf: shipments.labelPdf, trackingNumber: shipments.trackingNumber, orderNumber: orders.number, warehouseId: fulfillments.warehouseId })
    .from(shipments)
    .innerJoin(fulfillments, eq(fulfillments.id, shipments.fulfillmentId))
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .where(eq(shipments.id, shipmentId));
  if (!row || (scope.kind === "one" && scope.warehouseId !== row.warehouseId)) {
    throw new DomainError("NOT_FOUND", "There is no such shipment in your warehouse.", { reason: "shipment_not_found" });
  }
  if (!row.pdf) throw new DomainError("NOT_FOUND", "This shipment has no stored label (its tracking number was entered by hand).", { reason: "no_label" });
  return { pdf: row.pdf, fileName: `label-${row.orderNumber}-${row.trackingNumber ?? shipmentId}.pdf` };
}

/** For the sandbox tracking simulator: the shipment's carrier and tracking number, when the scope may see it. */
export async function shipmentTracking(db: DbOrTx, shipmentId: string, scope: WarehouseScope) {
  const [row] = await db
    .select({ id: shipments.id, orderId: shipments.orderId, carrier: shipments.carrier, trackingNumber: shipments.trackingNumber, status: shipments.status, warehouseId: fulfillments.warehouseId })
    .from(shipments)
    .innerJoin(fulfillments, eq(fulfillments.id, shipments.fulfillmentId))
    .where(eq(shipments.id, shipmentId));
  if (!row || (scope.kind === "one" && scope.warehouseId !== row.warehouseId)) {
    throw new DomainError("NOT_FOUND", "There is no such shipment in your warehouse.", { reason: "shipment_not_found" });
  }
  return row;
}

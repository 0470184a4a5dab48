import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { fulfillments, orders, shipments, type Fulfillment, type Order, type Shipment } from "@/db/schema";

export type LockedOrder = { order: Order; fulfillments: Fulfillment[]; shipments: Shipment[] };

/**
 * Locks an order with its shipments and fulfillments, for a cancel, in the order the dock and
 * the carrier lock them: shipment → fulfillment → order (shipLocked in server/shipping/handover.ts,
 * then syncOrderWithShipments). A cancel racing a hand-over of the same order then waits for it,
 * or makes it wait, and never deadlocks; rows of one table are locked by id. The fulfillments are
 * read again under the order's lock: a payment confirming the order meanwhile has created them.
 */
export async function lockOrderWithParcels(tx: Tx, orderId: string): Promise<LockedOrder | null> {
  const parcels = await tx.select().from(shipments).where(eq(shipments.orderId, orderId)).orderBy(shipments.id).for("update");
  await tx.select({ id: fulfillments.id }).from(fulfillments).where(eq(fulfillments.orderId, orderId)).orderBy(fulfillments.id).for("update");
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  if (!order) return null;
  const parts = await tx.select().from(fulfillments).where(eq(fulfillments.orderId, orderId)).orderBy(fulfillments.id).for("update");
  return { order, fulfillments: parts, shipments: parcels };
}

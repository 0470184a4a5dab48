import { eq } from "drizzle-orm";
import type { OrderStatus } from "@/server/vocabulary/orders";
import type { Tx } from "@/db/client";
import { fulfillments, orders, shipments } from "@/db/schema";
import { orderTransitions, transitionOrder } from "@/server/orders";

/** The order statuses shipping moves an order through, in order. */
const shippingPath: readonly OrderStatus[] = ["confirmed", "processing", "partially_shipped", "shipped", "delivered"];
const rank = (s: OrderStatus) => shippingPath.indexOf(s);

export type ShippingProgress = { fulfillments: number; shipped: number; delivered: number };

/** Where the order's parcels are: non-cancelled fulfillments, how many are shipped, how many delivered. */
async function progressOf(tx: Tx, orderId: string): Promise<ShippingProgress> {
  const rows = await tx
    .select({ status: fulfillments.status, shipment: shipments.status })
    .from(fulfillments)
    .leftJoin(shipments, eq(shipments.fulfillmentId, fulfillments.id))
    .where(eq(fulfillments.orderId, orderId));
  const live = rows.filter((r) => r.status !== "cancelled");
  return {
    fulfillments: live.length,
    shipped: live.filter((r) => r.status === "shipped" || r.status === "completed").length,
    delivered: live.filter((r) => r.shipment === "delivered").length,
  };
}

/** The status an order's parcels call for; null while nothing has shipped. */
export function orderStatusFor(p: ShippingProgress): OrderStatus | null {
  if (p.fulfillments === 0 || p.shipped === 0) return null;
  if (p.delivered === p.fulfillments) return "delivered";
  if (p.shipped === p.fulfillments) return "shipped";
  return "partially_shipped";
}

function reasonFor(to: OrderStatus, p: ShippingProgress): string {
  switch (to) {
    case "processing":
      return "the warehouse handed a parcel to the carrier";
    case "partially_shipped":
      return `${p.shipped} of ${p.fulfillments} parcels shipped`;
    case "shipped":
      return p.fulfillments === 1 ? "the parcel shipped" : `all ${p.fulfillments} parcels shipped`;
    case "delivered":
      return p.fulfillments === 1 ? "the carrier confirmed delivery" : `the carrier confirmed delivery of all ${p.fulfillments} parcels`;
    default:
      return "shipping progress";
  }
}

/**
 * Moves the order to what its parcels say, across all its warehouses, in the caller's
 * transaction (FUL-P0-01, ORD-P0-02): the first shipped fulfillment makes it partially shipped,
 * all non-cancelled ones shipped make it shipped, and only a delivery confirmation for every
 * non-cancelled shipment makes it delivered. An order still `confirmed` (no wave released yet)
 * steps through `processing` first; every step goes through the order state machine.
 *
 * The order row is locked before the fulfillments are read, so two warehouses shipping the
 * same order at once are counted one after the other and the second sees the first's parcel.
 * Callers lock their shipment and fulfillment rows before calling (shipment → fulfillment →
 * order, never the other way round; cancels lock so too, through lockOrderWithParcels).
 */
export async function syncOrderWithShipments(tx: Tx, orderId: string, actor: string): Promise<OrderStatus | null> {
  const [order] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)).for("update");
  if (!order) return null;
  let current = order.status;
  if (rank(current) < 0) return current;
  const progress = await progressOf(tx, orderId);
  const target = orderStatusFor(progress);
  if (!target) return current;
  while (rank(current) < rank(target)) {
    const next = orderTransitions[current]
      .filter((s) => rank(s) > rank(current) && rank(s) <= rank(target))
      .sort((a, b) => rank(b) - rank(a))[0];
    if (!next) break;
    await transitionOrder(tx, { orderId, to: next, reason: reasonFor(next, progress), actor });
    current = next;
  }
  return current;
}

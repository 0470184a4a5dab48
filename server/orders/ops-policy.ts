import type { OrderStatus } from "@/server/vocabulary/orders";
import type { ShipmentStatus } from "@/server/vocabulary/shipping";
import type { Fulfillment, Order } from "@/db/schema";
import { preShipmentStatuses } from "@/server/vocabulary/fulfillment";
import { orderTransitions } from "./status";

/** Ops may cancel an order while nothing of it has left the building. */
const opsCancellableOrder: readonly OrderStatus[] = ["pending_payment", "confirmed", "processing"];
/** Parcels the carrier has: past this the order can only be returned, not cancelled. */
const leftTheBuilding: readonly ShipmentStatus[] = ["shipped", "in_transit", "exception", "delivered"];

export const MIN_REASON_LENGTH = 5;

export const statusLabel = (s: string) => s.replaceAll("_", " ");

/**
 * Why ops may not cancel an order in this state, or null when they may: pending payment,
 * confirmed, or processing with every fulfillment still before the carrier (the fulfillment
 * machine can cancel it) and no parcel handed over.
 */
export function opsCancelRefusal(
  order: Pick<Order, "number" | "status">,
  parts: { fulfillments: Pick<Fulfillment, "status">[]; shipments: { status: ShipmentStatus }[] },
): string | null {
  if (order.status === "cancelled") return `Order ${order.number} is already cancelled.`;
  if (!opsCancellableOrder.includes(order.status)) {
    return `Order ${order.number} is ${statusLabel(order.status)}: something has shipped, so it can no longer be cancelled. Start a return instead.`;
  }
  const shipped = parts.fulfillments.find((f) => f.status !== "cancelled" && !preShipmentStatuses.includes(f.status));
  if (shipped || parts.shipments.some((s) => leftTheBuilding.includes(s.status))) {
    return `Order ${order.number} has a parcel with the carrier already, so it can no longer be cancelled. Start a return instead.`;
  }
  return null;
}

/**
 * The statuses ops may move an order to by hand: the state machine's next statuses, except
 * cancelled (Cancel order gives stock, code uses and money back; a bare status change would not)
 * and pending payment → confirmed (only a payment confirms an order and creates its fulfillments).
 */
export function overrideTargets(status: OrderStatus): OrderStatus[] {
  return orderTransitions[status].filter((to) => to !== "cancelled" && !(status === "pending_payment" && to === "confirmed"));
}

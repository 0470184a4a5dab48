import type { FulfillmentStatus } from "@/server/vocabulary/fulfillment";
import type { OrderStatus } from "@/server/vocabulary/orders";

/** Fulfillments still this early can be called off; once picking starts the customer can't cancel. */
export const customerCancellableFulfillments: readonly FulfillmentStatus[] = ["pending", "planning"];

/** Fulfillment statuses that do not stand in the way of a customer's cancel. */
export const fulfillmentAllowsCustomerCancel = (status: FulfillmentStatus) => status === "cancelled" || customerCancellableFulfillments.includes(status);

/** The last moment a customer may cancel: the cancellation window after ordering (OR-P1-04). */
export function customerCancelDeadline(createdAt: Date, windowMinutes: number): Date {
  return new Date(createdAt.getTime() + windowMinutes * 60_000);
}

/**
 * Until when the customer may still cancel, for the order page to say beside "Cancel order";
 * null when they no longer can (its status, picking started, or the window has passed).
 * `cancelOrderByCustomer` applies the same rules under the order's lock.
 */
export function customerCancellableUntil(
  order: { status: OrderStatus; createdAt: Date; fulfillmentStarted: boolean },
  windowMinutes: number,
  now: number = Date.now(),
): Date | null {
  if ((order.status !== "pending_payment" && order.status !== "confirmed") || order.fulfillmentStarted) return null;
  const deadline = customerCancelDeadline(order.createdAt, windowMinutes);
  return deadline.getTime() < now ? null : deadline;
}

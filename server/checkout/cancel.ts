import type { Tx } from "@/db/client";
import { cancelFulfillments } from "@/server/fulfillment";
import { releaseReservations } from "@/server/inventory";
import { DomainError } from "@/server/lib/errors";
import { releasePromotions } from "@/server/promotions";
import { customerCancelDeadline, customerCancellableFulfillments, fulfillmentAllowsCustomerCancel, lockOrderWithParcels, transitionOrder } from "@/server/orders";

/**
 * A customer cancels their order inside the cancellation window (OR-P1-04): stock and code
 * uses come back, open fulfillments are cancelled and the order moves to cancelled, in one
 * transaction. The money (void or refund) follows from the order/status-changed event. Locks
 * like the dock (shipment → fulfillment → order), so a hand-over of the same order at the same
 * moment cannot deadlock with it.
 */
export async function cancelOrderByCustomer(tx: Tx, input: { orderId: string; windowMinutes: number; actor: string }) {
  const locked = await lockOrderWithParcels(tx, input.orderId);
  if (!locked) throw new DomainError("NOT_FOUND", "We couldn't find that order.");
  const { order, fulfillments: open } = locked;
  if (order.status !== "pending_payment" && order.status !== "confirmed") {
    throw new DomainError("PRECONDITION_FAILED", `Order ${order.number} can no longer be cancelled: it is ${order.status.replace("_", " ")}.`, {
      reason: "not_cancellable",
    });
  }
  if (Date.now() > customerCancelDeadline(order.createdAt, input.windowMinutes).getTime()) {
    throw new DomainError("PRECONDITION_FAILED", `Order ${order.number} can only be cancelled within ${input.windowMinutes} minutes of ordering.`, {
      reason: "cancellation_window_passed",
    });
  }
  const started = open.find((f) => !fulfillmentAllowsCustomerCancel(f.status));
  if (started) {
    throw new DomainError("PRECONDITION_FAILED", `Order ${order.number} is already being picked and can no longer be cancelled.`, {
      reason: "fulfillment_started",
    });
  }
  await cancelFulfillments(
    tx,
    open.filter((f) => customerCancellableFulfillments.includes(f.status)),
    "order cancelled by customer",
    input.actor,
  );
  await releaseReservations(tx, order.id, "released");
  await releasePromotions(tx, order.id);
  return transitionOrder(tx, { orderId: order.id, to: "cancelled", reason: "cancelled by the customer", actor: input.actor });
}

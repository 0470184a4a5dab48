import type { Tx } from "@/db/client";
import type { FulfillmentStatus } from "@/db/schema";
import { cancelFulfillments } from "@/server/fulfillment/status";
import { releaseReservations } from "@/server/inventory/reservations";
import { DomainError } from "@/server/lib/errors";
import { releasePromotions } from "@/server/promotions/data";
import { lockOrderWithParcels } from "./locks";
import { transitionOrder } from "./status";

/** Fulfillments still this early can be called off; once picking starts the customer can't cancel. */
const cancellableFulfillment: FulfillmentStatus[] = ["pending", "planning"];

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
  const deadline = order.createdAt.getTime() + input.windowMinutes * 60_000;
  if (Date.now() > deadline) {
    throw new DomainError("PRECONDITION_FAILED", `Order ${order.number} can only be cancelled within ${input.windowMinutes} minutes of ordering.`, {
      reason: "cancellation_window_passed",
    });
  }
  const started = open.find((f) => !cancellableFulfillment.includes(f.status) && f.status !== "cancelled");
  if (started) {
    throw new DomainError("PRECONDITION_FAILED", `Order ${order.number} is already being picked and can no longer be cancelled.`, {
      reason: "fulfillment_started",
    });
  }
  await cancelFulfillments(
    tx,
    open.filter((f) => cancellableFulfillment.includes(f.status)),
    "order cancelled by customer",
    input.actor,
  );
  await releaseReservations(tx, order.id, "released");
  await releasePromotions(tx, order.id);
  return transitionOrder(tx, { orderId: order.id, to: "cancelled", reason: "cancelled by the customer", actor: input.actor });
}

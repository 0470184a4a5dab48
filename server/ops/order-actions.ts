import type { OrderStatus } from "@/server/vocabulary/orders";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { fulfillments, orders, type Order } from "@/db/schema";
import { recordAudit } from "@/server/audit";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { cancelFulfillments, clearAttention } from "@/server/fulfillment";
import { MIN_REASON_LENGTH, opsCancelRefusal, statusLabel, lockOrderWithParcels, orderTransitions, transitionOrder } from "@/server/orders";
import { releaseReservations } from "@/server/inventory";
import { DomainError } from "@/server/lib/errors";
import { lockOpenPickLines, withdrawPickLines } from "@/server/picking";
import { releasePromotions } from "@/server/promotions";

function checkReason(reason: string): string {
  const text = reason.trim();
  if (text.length < MIN_REASON_LENGTH) {
    throw new DomainError("INVALID_INPUT", `Give a reason of at least ${MIN_REASON_LENGTH} characters: it goes in the audit log.`, { reason: "reason_required" });
  }
  return text;
}

async function orderByNumber(tx: Tx, number: string): Promise<Order> {
  const [order] = await tx.select().from(orders).where(eq(orders.number, number.trim().toUpperCase()));
  if (!order) throw new DomainError("NOT_FOUND", `There is no order ${number.trim().toUpperCase()}.`, { reason: "order_not_found" });
  return order;
}

function checkVersion(order: Order, expectedVersion: number | undefined) {
  if (expectedVersion !== undefined && order.version !== expectedVersion) {
    throw new DomainError("CONFLICT", `Order ${order.number} was changed since you opened it (it is ${statusLabel(order.status)} now). Reload it and try again.`, {
      reason: "stale_order",
    });
  }
}

export type OpsCancelResult = {
  number: string;
  status: OrderStatus;
  reservationsReleased: number;
  promotionsReleased: number;
  fulfillmentsCancelled: number;
  pickLinesWithdrawn: number;
  /** Units already picked or packed: they go back to their bins (the stock was never committed). */
  pickedUnitsToPutAway: number;
};

/**
 * Ops cancel an order that has not shipped, in the caller's transaction: pick lines leave
 * their picklists, fulfillments are cancelled through their machine, reservations and code uses
 * are given back, the order moves to cancelled through its machine (whose
 * order/status-changed event voids or refunds the payment and cancels the shipments and their
 * labels), and the audit row is written, all or nothing. A second click finds the order
 * cancelled and changes nothing.
 *
 * Locks in the order the warehouse paths use (pick line → picklist → shipment → fulfillment →
 * order), so a picker or the dock working on the same order waits or makes this wait, never
 * deadlocks; the state is checked again once everything is locked.
 */
export async function opsCancelOrder(
  tx: Tx,
  number: string,
  reason: string,
  user: SessionUser,
  options: { expectedVersion?: number } = {},
): Promise<OpsCancelResult> {
  const why = checkReason(reason);
  const seen = await orderByNumber(tx, number);
  const fulfillmentIds = (await tx.select({ id: fulfillments.id }).from(fulfillments).where(eq(fulfillments.orderId, seen.id))).map((f) => f.id);
  await lockOpenPickLines(tx, fulfillmentIds);
  const locked = await lockOrderWithParcels(tx, seen.id);
  if (!locked) throw new DomainError("NOT_FOUND", `There is no order ${seen.number}.`, { reason: "order_not_found" });
  const { order, fulfillments: parts, shipments: parcels } = locked;
  checkVersion(order, options.expectedVersion);
  const refusal = opsCancelRefusal(order, { fulfillments: parts, shipments: parcels });
  if (refusal) throw new DomainError("PRECONDITION_FAILED", refusal, { reason: order.status === "cancelled" ? "already_cancelled" : "not_cancellable" });

  const actor = `user:${user.id}`;
  const open = parts.filter((f) => f.status !== "cancelled");
  // Lines of fulfillments created after the first read were locked with them just now (none can be on a picklist yet).
  const withdrawn = await withdrawPickLines(
    tx,
    open.map((f) => f.id),
  );
  await cancelFulfillments(tx, open, `order cancelled by ops: ${why}`, actor);
  await clearAttention(tx, open.map((f) => f.id));
  const reservationsReleased = await releaseReservations(tx, order.id, "released");
  const promotionsReleased = await releasePromotions(tx, order.id);
  const cancelled = await transitionOrder(tx, { orderId: order.id, to: "cancelled", reason: `cancelled by ops: ${why}`, actor });
  const result: OpsCancelResult = {
    number: order.number,
    status: cancelled.status,
    reservationsReleased,
    promotionsReleased,
    fulfillmentsCancelled: open.length,
    pickLinesWithdrawn: withdrawn.lines,
    pickedUnitsToPutAway: withdrawn.pickedUnits,
  };
  await recordAudit(tx, user, {
    action: "order.cancel",
    targetType: "order",
    targetId: order.number,
    targetLabel: order.number,
    orderId: order.id,
    reason: why,
    details: { from: order.status, ...result },
  });
  return result;
}

export type OverrideResult = { number: string; from: OrderStatus; status: OrderStatus; version: number };

/**
 * Ops move a stuck order on by hand (e.g. shipped → delivered when the carrier never confirmed
 * the delivery), only along the order state machine, with the audit row in the same transaction.
 */
export async function overrideOrderStatus(
  tx: Tx,
  number: string,
  to: OrderStatus,
  reason: string,
  user: SessionUser,
  options: { expectedVersion?: number } = {},
): Promise<OverrideResult> {
  const why = checkReason(reason);
  const seen = await orderByNumber(tx, number);
  const [order] = await tx.select().from(orders).where(eq(orders.id, seen.id)).for("update");
  checkVersion(order!, options.expectedVersion);
  if (to === "cancelled" && orderTransitions[order!.status].includes("cancelled")) {
    throw new DomainError("PRECONDITION_FAILED", `Use Cancel order to cancel ${order!.number}: it also gives the stock, code uses and money back.`, {
      reason: "use_cancel",
    });
  }
  if (order!.status === "pending_payment" && to === "confirmed") {
    throw new DomainError("PRECONDITION_FAILED", `Order ${order!.number} is confirmed by its payment, which also creates its fulfillments; it can't be confirmed by hand.`, {
      reason: "confirm_needs_payment",
    });
  }
  // The machine's own refusal ("can't go from … to …") for any other move it does not allow.
  const moved = await transitionOrder(tx, { orderId: order!.id, to, reason: `status set by ops: ${why}`, actor: `user:${user.id}` });
  await recordAudit(tx, user, {
    action: "order.status_override",
    targetType: "order",
    targetId: order!.number,
    targetLabel: order!.number,
    orderId: order!.id,
    reason: why,
    details: { from: order!.status, to },
  });
  return { number: moved.number, from: order!.status, status: moved.status, version: moved.version };
}

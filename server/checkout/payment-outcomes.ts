import { and, eq, gt, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { orders } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { createFulfillments } from "@/server/fulfillment";
import { confirmReservations, releaseReservations } from "@/server/inventory";
import { releasePromotions } from "@/server/promotions";
import { clearReservationExpiry, transitionOrder } from "@/server/orders";

export type ConfirmOutcome = "confirmed" | "already_confirmed" | "not_payable";

/**
 * Payment authorized → the order's reservations are confirmed (all or none), the order is
 * confirmed and its fulfillments are created, one per warehouse, in one transaction. An order
 * that is no longer waiting for payment (cancelled, expired) is left alone: `not_payable` tells
 * the saga to give the money back.
 */
export async function confirmPaidOrder(tx: Tx, orderId: string, actor: string, reason = "payment authorized"): Promise<ConfirmOutcome> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  if (!order) return "not_payable";
  if (order.status !== "pending_payment") return order.status === "cancelled" ? "not_payable" : "already_confirmed";
  const held = await confirmReservations(tx, orderId);
  if (!held.complete) {
    await cancelUnpaidOrder(tx, orderId, "stock was no longer held when the payment arrived", actor);
    return "not_payable";
  }
  await transitionOrder(tx, { orderId, to: "confirmed", reason, actor });
  await clearReservationExpiry(tx, orderId);
  await createFulfillments(tx, orderId, actor);
  return "confirmed";
}

/** Payment failed (or stock lapsed): give stock and code uses back and cancel, once. */
export async function cancelUnpaidOrder(tx: Tx, orderId: string, reason: string, actor: string): Promise<boolean> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  if (!order || order.status !== "pending_payment") return false;
  await releaseReservations(tx, orderId, "released");
  await releasePromotions(tx, orderId);
  await transitionOrder(tx, { orderId, to: "cancelled", reason, actor });
  return true;
}

/**
 * Cash-on-delivery orders need no payment: each one still inside its reservation window is
 * confirmed like a paid one (NEW-P1-002); one past it is left to the reservation expiry, which
 * cancels it. One order per transaction, safe to run concurrently.
 */
export async function confirmCodOrders(db: Db, limit = 200): Promise<number> {
  let confirmed = 0;
  for (let i = 0; i < limit; i++) {
    const outcome = await transaction(async (tx) => {
      const [due] = await tx
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.status, "pending_payment"), eq(orders.paymentMethod, "cod"), gt(orders.reservationExpiresAt, sql`now()`)))
        .orderBy(orders.createdAt)
        .limit(1)
        .for("update", { skipLocked: true });
      if (!due) return "none" as const;
      return confirmPaidOrder(tx, due.id, "system:cod-confirmation", "cash on delivery accepted");
    }, db);
    if (outcome === "none") break;
    if (outcome === "confirmed") confirmed += 1;
  }
  return confirmed;
}

import { desc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { orders, payments, type Order } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";

/**
 * The customer of a card order whose card was declined pays on delivery instead: the order
 * keeps its reservation and becomes a cash-on-delivery order, which the COD confirmation job
 * confirms within its window like any other. Refused while a card payment is still going
 * through (or went through). The order row is locked, like a card attempt locks it, so a
 * switch and a card payment at the same moment cannot both win. Switching twice is one switch.
 */
export async function switchToPayOnDelivery(tx: Tx, orderId: string): Promise<Order> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  if (!order) throw new DomainError("NOT_FOUND", "We couldn't find that order.");
  if (order.status !== "pending_payment") throw new DomainError("PRECONDITION_FAILED", `Order ${order.number} is not waiting for payment.`, { reason: "not_payable" });
  if (order.paymentMethod === "cod") return order;
  const [latest] = await tx.select({ status: payments.status }).from(payments).where(eq(payments.orderId, orderId)).orderBy(desc(payments.attempt)).limit(1);
  if (latest && latest.status !== "failed") {
    throw new DomainError("PRECONDITION_FAILED", `A card payment for order ${order.number} is already going through.`, { reason: "payment_in_progress" });
  }
  const [switched] = await tx
    .update(orders)
    .set({ paymentMethod: "cod", version: sql`${orders.version} + 1`, updatedAt: sql`now()` })
    .where(eq(orders.id, orderId))
    .returning();
  return switched!;
}

import Decimal from "decimal.js";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { fulfillmentItems, fulfillments, orderItems, orders, payments } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { transaction } from "@/server/outbox/flush";
import type { PaymentGateway } from "./gateway";
import { movePayment } from "./status";

/** Names a refund in its idempotency key: the item and how many of its units are cancelled by then. */
export const unitsRefundReference = (fulfillmentItemId: string, cancelledQuantity: number) => `short:${fulfillmentItemId}:${cancelledQuantity}`;

/**
 * What cancelling `units` units of an order line gives back: one formula for the refund itself
 * and for the figure the manager confirms before cancelling them (the board's short picks).
 */
export function cancelledUnitsRefund(unitPrice: string, units: number): string {
  return new Decimal(unitPrice).times(units).toFixed(2);
}

/**
 * Refunds the units of a fulfillment line the warehouse cancelled (short pick) and has not
 * refunded yet. Safe to call any number of times, from the event path or the backstop: the
 * amount and the idempotency key follow from the line's own counters, and a success moves
 * `refunded_quantity` up to `cancelled_quantity` under a guard.
 *
 * A card payment only authorized so far cannot be refunded: this throws, and the retries (then
 * the failed compensation, then the reconcile cron) come back once it is captured. Cash on
 * delivery, a voided or a fully refunded payment owe nothing: the line is marked settled.
 */
export async function refundCancelledUnits(db: Db, gateway: PaymentGateway, fulfillmentItemId: string): Promise<"refunded" | "nothing_owed"> {
  const [line] = await db
    .select({ item: fulfillmentItems, unitPrice: orderItems.unitPrice, orderId: orders.id, currency: orders.currency })
    .from(fulfillmentItems)
    .innerJoin(orderItems, eq(orderItems.id, fulfillmentItems.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(eq(fulfillmentItems.id, fulfillmentItemId));
  if (!line) throw new DomainError("NOT_FOUND", "Fulfillment line not found.");
  const owedUnits = line.item.cancelledQuantity - line.item.refundedQuantity;
  if (owedUnits <= 0) return "nothing_owed";

  const [latest] = await db.select().from(payments).where(eq(payments.orderId, line.orderId)).orderBy(desc(payments.attempt)).limit(1);
  const settled = () => markRefunded(db, fulfillmentItemId, line.item.cancelledQuantity);
  if (!latest?.intentId || latest.status === "voided" || latest.status === "failed" || latest.status === "refunded") {
    await settled();
    return "nothing_owed";
  }
  const amount = { amount: cancelledUnitsRefund(line.unitPrice, owedUnits), currency: line.currency };
  if (latest.status !== "captured" && latest.status !== "partially_refunded") {
    throw new Error(`payment ${latest.intentId} is ${latest.status}; the refund of ${amount.currency} ${amount.amount} waits for the capture`);
  }
  const reference = unitsRefundReference(fulfillmentItemId, line.item.cancelledQuantity);
  await gateway.refund(latest.intentId, amount, reference);
  await transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, latest.id)).for("update");
    if (payment) await movePayment(tx, payment, "partially_refunded", { reason: `refund ${amount.currency} ${amount.amount} for ${reference}` });
  }, db);
  await settled();
  return "refunded";
}

async function markRefunded(db: Db, fulfillmentItemId: string, upTo: number) {
  await db
    .update(fulfillmentItems)
    .set({ refundedQuantity: upTo })
    .where(and(eq(fulfillmentItems.id, fulfillmentItemId), lt(fulfillmentItems.refundedQuantity, upTo)));
}

/** Lines with cancelled units not yet refunded, untouched for the grace period: the backstop's work list. */
export async function unrefundedLines(db: Db, options: { graceSeconds: number; limit: number }): Promise<string[]> {
  const rows = await db
    .select({ id: fulfillmentItems.id })
    .from(fulfillmentItems)
    .innerJoin(fulfillments, eq(fulfillments.id, fulfillmentItems.fulfillmentId))
    .where(
      and(
        sql`${fulfillmentItems.cancelledQuantity} > ${fulfillmentItems.refundedQuantity}`,
        lt(fulfillments.updatedAt, sql`now() - make_interval(secs => ${options.graceSeconds})`),
      ),
    )
    .limit(options.limit);
  return rows.map((r) => r.id);
}

import { and, eq, lt, sql } from "drizzle-orm";
import { amount } from "@/server/vocabulary/money";
import type { Db } from "@/db/client";
import { fulfillmentItems, fulfillments, orderItems, orders } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { DomainError } from "@/server/lib/errors";
import type { PaymentGateway } from "./gateway";
import { claimRefund, latestPayment, lockOrderRefunds, recordRefundSucceeded, refundsByPrefix } from "./refunds";

/** Names a refund in its idempotency key: the item and how many of its units are cancelled by then. */
export const unitsRefundReference = (fulfillmentItemId: string, cancelledQuantity: number) => `short:${fulfillmentItemId}:${cancelledQuantity}`;

/**
 * Refunds the units of a fulfillment line the warehouse cancelled (short pick) and has not
 * refunded yet: their price with their share of tax, less their share of the discount
 * (`claimRefund`). Safe to call any number of times, from the event path or the backstop: a
 * refund is claimed under a reference naming the line and its cancelled count, so a retry
 * resumes the same refund (same amount, same idempotency key), and a success moves
 * `refunded_quantity` up to `cancelled_quantity` under a guard.
 *
 * A card payment only authorized so far cannot be refunded: this throws, and the retries (then
 * the failed compensation, then the reconcile cron) come back once it is captured. Cash on
 * delivery, a voided or a fully refunded payment owe nothing: the line is marked settled.
 */
export async function refundCancelledUnits(db: Db, gateway: PaymentGateway, fulfillmentItemId: string): Promise<"refunded" | "nothing_owed"> {
  const [line] = await db
    .select({ item: fulfillmentItems, orderId: orders.id })
    .from(fulfillmentItems)
    .innerJoin(orderItems, eq(orderItems.id, fulfillmentItems.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(eq(fulfillmentItems.id, fulfillmentItemId));
  if (!line) throw new DomainError("NOT_FOUND", "Fulfillment line not found.");
  const owedUnits = line.item.cancelledQuantity - line.item.refundedQuantity;
  if (owedUnits <= 0) return "nothing_owed";

  const latest = await latestPayment(db, line.orderId);
  const settled = () => markRefunded(db, fulfillmentItemId, line.item.cancelledQuantity);
  if (!latest?.intentId || latest.status === "voided" || latest.status === "failed" || latest.status === "refunded") {
    await settled();
    return "nothing_owed";
  }
  if (latest.status !== "captured" && latest.status !== "partially_refunded") {
    throw new Error(`payment ${latest.intentId} is ${latest.status}; the refund of ${owedUnits} cancelled unit(s) waits for the capture`);
  }
  const prefix = `short:${fulfillmentItemId}:`;
  const reference = unitsRefundReference(fulfillmentItemId, line.item.cancelledQuantity);
  const due = await transaction(async (tx) => {
    await lockOrderRefunds(tx, line.orderId);
    // Units of this line claimed by earlier runs (perhaps never settled): only the rest is new.
    const before = await refundsByPrefix(tx, line.orderId, prefix);
    const claimedUnits = before.filter((r) => r.reference !== reference).reduce((n, r) => n + r.lines.reduce((m, l) => m + l.units, 0), 0);
    const units = line.item.cancelledQuantity - claimedUnits;
    const claimed =
      units > 0 || before.some((r) => r.reference === reference)
        ? await claimRefund(tx, { orderId: line.orderId, payment: latest, kind: "short_pick", reference, units: [{ orderItemId: line.item.orderItemId, units }] })
        : null;
    return [...before.filter((r) => r.status === "pending" && r.reference !== reference), ...(claimed && claimed.status === "pending" ? [claimed] : [])];
  }, db);
  for (const refund of due) {
    if (amount(refund.amount).greaterThan(0)) await gateway.refund(latest.intentId, { amount: amount(refund.amount).toFixed(2), currency: refund.currency }, refund.reference);
    await transaction((tx) => recordRefundSucceeded(tx, refund, `refund ${refund.currency} ${amount(refund.amount).toFixed(2)} for ${refund.reference}`), db);
  }
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

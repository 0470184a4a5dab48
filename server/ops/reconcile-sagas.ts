import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, payments } from "@/db/schema";
import { transaction } from "@/db/transaction";
import type { PaymentGateway } from "@/server/payments";
import { refundCancelledUnits, unrefundedLines, refundCapture, settlementFor, voidAuthorization } from "@/server/payments";
import { logger } from "@/server/lib/logging";
import { confirmPaidOrder } from "@/server/checkout";

const ACTOR = "system:saga-reconcile";

/**
 * The saga's backstop: finds orders whose payment and order state disagree for longer than a
 * grace period — because an event was lost, a process died mid-saga, or a function gave up —
 * and finishes the job with the same idempotent domain steps the event path uses. Correctness
 * therefore never depends on every event reaching every function.
 */
export async function reconcileSagas(db: Db, gateway: PaymentGateway, options: { graceSeconds?: number; limit?: number } = {}) {
  const grace = sql`now() - make_interval(secs => ${options.graceSeconds ?? 120})`;
  const limit = options.limit ?? 100;
  const result = { confirmed: 0, voided: 0, refunded: 0, unitsRefunded: 0, failed: 0 };

  // Latest payment per order, so an earlier failed attempt does not count against a newer one.
  const latest = db
    .selectDistinctOn([payments.orderId], { orderId: payments.orderId, status: payments.status, intentId: payments.intentId, updatedAt: payments.updatedAt })
    .from(payments)
    .orderBy(payments.orderId, desc(payments.attempt))
    .as("latest");

  const stuck = await db
    .select({ orderId: orders.id, orderStatus: orders.status, paymentStatus: latest.status, intentId: latest.intentId })
    .from(orders)
    .innerJoin(latest, eq(latest.orderId, orders.id))
    .where(
      and(
        lt(latest.updatedAt, grace),
        lt(orders.updatedAt, grace),
        sql`(
          (${orders.status} = 'pending_payment' and ${latest.status} in ('authorized', 'captured'))
          or (${orders.status} = 'cancelled' and ${latest.status} in ('authorized', 'processing', 'captured', 'partially_refunded'))
        )`,
      ),
    )
    .limit(limit);

  for (const row of stuck) {
    // One order the provider refuses (or that fails for any reason) must not stop the others.
    try {
      await reconcileOrder(db, gateway, row, result);
    } catch (error) {
      result.failed += 1;
      logger.warn({ err: error, orderId: row.orderId }, "saga reconcile could not finish this order; the next run tries again");
    }
  }

  // Units cancelled after a short pick whose refund run was lost or is waiting for the capture.
  for (const lineId of await unrefundedLines(db, { graceSeconds: options.graceSeconds ?? 120, limit })) {
    try {
      if ((await refundCancelledUnits(db, gateway, lineId)) === "refunded") result.unitsRefunded += 1;
    } catch (error) {
      logger.warn({ err: error, fulfillmentItemId: lineId }, "refund of cancelled units not possible yet");
    }
  }
  return result;
}

type Tally = Awaited<ReturnType<typeof reconcileSagas>>;

async function reconcileOrder(db: Db, gateway: PaymentGateway, row: { orderId: string; orderStatus: string; paymentStatus: string }, result: Tally) {
  if (row.orderStatus === "pending_payment") {
    const outcome = await transaction((tx) => confirmPaidOrder(tx, row.orderId, ACTOR), db);
    if (outcome === "confirmed") result.confirmed += 1;
    if (outcome !== "not_payable") return;
  }
  const settlement = await settlementFor(db, row.orderId);
  if (settlement.action === "void") {
    await voidAuthorization(gateway, settlement.intentId);
    result.voided += 1;
  } else if (settlement.action === "refund") {
    await refundCapture(db, gateway, settlement.paymentId, settlement.intentId);
    result.refunded += 1;
  }
}

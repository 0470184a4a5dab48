import { and, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { failedCompensations, type FailedCompensation } from "@/db/schema";
import { raiseAlert } from "@/server/alerts/raise";
import { releaseReservations } from "@/server/inventory/reservations";
import { transaction } from "@/server/outbox/flush";
import { retryLabelVoid } from "@/server/shipping/cancel";
import { carrier } from "@/server/shipping/carrier-instance";
import type { PaymentGateway } from "@/server/payments/gateway";
import { refundCancelledUnits } from "@/server/payments/refund-units";
import { refundCapture, voidAuthorization } from "@/server/payments/settle-cancelled";

/** After this many attempts a compensation is exhausted and ops are alerted. */
export const MAX_COMPENSATION_ATTEMPTS = 10;

type Outcome = "resolved" | "retry_later" | "exhausted";

/** Runs one compensation's operation; every operation is idempotent (keys, guarded rows). */
async function perform(db: Db, gateway: PaymentGateway, row: FailedCompensation): Promise<void> {
  const meta = row.metadata as { intentId?: string; paymentId?: string; fulfillmentItemId?: string };
  switch (row.operation) {
    case "void_authorization":
      return voidAuthorization(gateway, String(meta.intentId));
    case "refund":
      if (meta.fulfillmentItemId) {
        await refundCancelledUnits(db, gateway, meta.fulfillmentItemId);
        return;
      }
      await refundCapture(db, gateway, String(meta.paymentId), String(meta.intentId));
      return;
    case "payment_capture":
      await gateway.capture(String(meta.intentId));
      return;
    case "release_reservations":
      await transaction((tx) => releaseReservations(tx, row.orderId!, "released"), db);
      return;
    case "cancel_shipment":
      // The label of a cancelled order's shipment (or an unwanted one), voided with its key cancel-label:<shipment id>.
      return retryLabelVoid(db, carrier(), row.metadata);
    default:
      throw new Error(`no automatic retry for ${row.operation} yet`);
  }
}

/**
 * Retries one compensation now: claimed by pushing its next attempt out first (so a second
 * retrier skips it), then performed; success resolves it, failure reschedules it with backoff,
 * and the last failure marks it exhausted and alerts ops.
 */
export async function retryCompensation(db: Db, gateway: PaymentGateway, id: string, options: { force?: boolean } = {}): Promise<Outcome | "not_due"> {
  const [claimed] = await db
    .update(failedCompensations)
    .set({
      attempts: sql`${failedCompensations.attempts} + 1`,
      // Backoff 1, 2, 4, 8 ... minutes, capped at 6 hours.
      nextAttemptAt: sql`now() + make_interval(mins => least(power(2, ${failedCompensations.attempts})::int, 360))`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(failedCompensations.id, id),
        eq(failedCompensations.status, "pending"),
        options.force ? undefined : lte(failedCompensations.nextAttemptAt, sql`now()`),
      ),
    )
    .returning();
  if (!claimed) return "not_due";
  try {
    await perform(db, gateway, claimed);
    await db.update(failedCompensations).set({ status: "resolved", updatedAt: sql`now()` }).where(eq(failedCompensations.id, id));
    return "resolved";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const exhausted = claimed.attempts >= MAX_COMPENSATION_ATTEMPTS;
    await db
      .update(failedCompensations)
      .set({ lastError: message.slice(0, 2000), status: exhausted ? "exhausted" : "pending", updatedAt: sql`now()` })
      .where(eq(failedCompensations.id, id));
    if (exhausted) {
      await raiseAlert(db, {
        kind: "compensation_exhausted",
        severity: "critical",
        message: `${claimed.operation} for order ${claimed.orderId ?? "?"} failed ${claimed.attempts} times: ${message}`,
        orderId: claimed.orderId,
        details: { compensationId: id, metadata: claimed.metadata },
      });
      return "exhausted";
    }
    return "retry_later";
  }
}

/** The due compensations, oldest first. */
export async function dueCompensations(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: failedCompensations.id })
    .from(failedCompensations)
    .where(and(eq(failedCompensations.status, "pending"), lte(failedCompensations.nextAttemptAt, sql`now()`)))
    .orderBy(failedCompensations.nextAttemptAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

import { and, eq, inArray, lt, ne, notExists, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { failedCompensations, orders, payments } from "@/db/schema";
import { raiseAlert } from "@/server/alerts";
import { recordFailedCapture } from "@/server/compensations";
import { captureAuthorization, captureCannotSucceed } from "./capture";
import type { PaymentGateway } from "./gateway";

/** Card authorizations lapse after 7 days; past this age an uncaptured one raises an alert. */
export const AUTHORIZATION_ALERT_AFTER_HOURS = 6 * 24;

/**
 * A capture still failing this long after it fell due (four runs of the cron, after the saga's
 * own retries) goes to the compensations queue with an alert, like one that cannot succeed.
 */
export const CAPTURE_ESCALATE_AFTER_MINUTES = 60;

/** Orders whose authorized payment is due for capture under the policy. */
const capturableOrderStatuses = {
  on_confirm: ["confirmed", "processing", "partially_shipped", "shipped", "delivered", "completed"],
  on_first_shipment: ["partially_shipped", "shipped", "delivered", "completed"],
} as const;

/**
 * Captures authorized payments that are due (a capture that failed in the saga, or the
 * first-shipment policy), before the authorization expires. Each capture carries the key
 * capture:<intent>, so a retry never captures twice; the webhook records the outcome.
 *
 * A capture that cannot succeed (the provider does not know the intent, or refuses it for its
 * state), or still fails an hour after it fell due, becomes a payment_capture failed compensation
 * with an alert (P0-2024-01): from then on the compensation retry and ops replay own it, and this
 * job leaves the payment alone. One still failing when the authorization is about to lapse
 * alerts ops.
 */
export async function captureDuePayments(
  db: Db,
  gateway: PaymentGateway,
  policy: keyof typeof capturableOrderStatuses,
  options: { limit?: number; graceSeconds?: number } = {},
) {
  const fc = failedCompensations;
  const due = await db
    .select({
      id: payments.id,
      intentId: payments.intentId,
      orderId: payments.orderId,
      createdAt: payments.createdAt,
      // Due since the later of its authorization and the order's last move (e.g. its first shipment).
      overdue: sql<boolean>`greatest(${payments.updatedAt}, ${orders.updatedAt}) < now() - make_interval(mins => ${CAPTURE_ESCALATE_AFTER_MINUTES})`,
    })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(
      and(
        eq(payments.status, "authorized"),
        inArray(orders.status, [...capturableOrderStatuses[policy]]),
        // Leave fresh ones to the saga's own capture step.
        lt(payments.updatedAt, sql`now() - make_interval(secs => ${options.graceSeconds ?? 120})`),
        notExists(
          db
            .select({ id: fc.id })
            .from(fc)
            .where(and(eq(fc.orderId, payments.orderId), eq(fc.operation, "payment_capture"), ne(fc.status, "resolved"), sql`${fc.metadata} ->> 'paymentId' = ${payments.id}::text`)),
        ),
      ),
    )
    .limit(options.limit ?? 100);
  const result = { captured: 0, failed: 0, escalated: 0, alerted: 0 };
  for (const p of due) {
    if (!p.intentId) continue;
    try {
      await captureAuthorization(gateway, p.intentId);
      result.captured += 1;
    } catch (error) {
      result.failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      const cannot = captureCannotSucceed(error);
      const ageHours = (Date.now() - p.createdAt.getTime()) / 3_600_000;
      const lapsing = ageHours >= AUTHORIZATION_ALERT_AFTER_HOURS;
      if (cannot || p.overdue) {
        const { recorded } = await recordFailedCapture(db, {
          orderId: p.orderId,
          paymentId: p.id,
          intentId: p.intentId,
          error: message,
          attempts: 1,
          source: "capture-retry",
          severity: cannot || lapsing ? "critical" : "warning",
        });
        if (recorded) result.escalated += 1;
        continue;
      }
      if (lapsing) {
        result.alerted += 1;
        await raiseAlert(db, {
          kind: "authorization_expiring",
          severity: "critical",
          message: `Payment ${p.intentId} is still not captured after ${Math.floor(ageHours)} hours; the authorization lapses at 7 days.`,
          orderId: p.orderId,
          details: { paymentId: p.id, error: message },
        });
      }
    }
  }
  return result;
}

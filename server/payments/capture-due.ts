import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, payments } from "@/db/schema";
import { raiseAlert } from "@/server/alerts/raise";
import type { PaymentGateway } from "./gateway";

/** Card authorizations lapse after 7 days; past this age an uncaptured one raises an alert. */
export const AUTHORIZATION_ALERT_AFTER_HOURS = 6 * 24;

/** Orders whose authorized payment is due for capture under the policy. */
const capturableOrderStatuses = {
  on_confirm: ["confirmed", "processing", "partially_shipped", "shipped", "delivered", "completed"],
  on_first_shipment: ["partially_shipped", "shipped", "delivered", "completed"],
} as const;

/**
 * Captures authorized payments that are due (a capture that failed in the saga, or the
 * first-shipment policy), before the authorization expires. Each capture carries the key
 * capture:<intent>, so a retry never captures twice; the webhook records the outcome. A
 * capture still failing when the authorization is about to lapse alerts ops.
 */
export async function captureDuePayments(
  db: Db,
  gateway: PaymentGateway,
  policy: keyof typeof capturableOrderStatuses,
  options: { limit?: number; graceSeconds?: number } = {},
) {
  const due = await db
    .select({ id: payments.id, intentId: payments.intentId, orderId: payments.orderId, createdAt: payments.createdAt })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(
      and(
        eq(payments.status, "authorized"),
        inArray(orders.status, [...capturableOrderStatuses[policy]]),
        // Leave fresh ones to the saga's own capture step.
        lt(payments.updatedAt, sql`now() - make_interval(secs => ${options.graceSeconds ?? 120})`),
      ),
    )
    .limit(options.limit ?? 100);
  const result = { captured: 0, failed: 0, alerted: 0 };
  for (const p of due) {
    if (!p.intentId) continue;
    try {
      await gateway.capture(p.intentId);
      result.captured += 1;
    } catch (error) {
      result.failed += 1;
      const ageHours = (Date.now() - p.createdAt.getTime()) / 3_600_000;
      if (ageHours >= AUTHORIZATION_ALERT_AFTER_HOURS) {
        result.alerted += 1;
        await raiseAlert(db, {
          kind: "authorization_expiring",
          severity: "critical",
          message: `Payment ${p.intentId} is still not captured after ${Math.floor(ageHours)} hours; the authorization lapses at 7 days.`,
          orderId: p.orderId,
          details: { paymentId: p.id, error: error instanceof Error ? error.message : String(error) },
        });
      }
    }
  }
  return result;
}

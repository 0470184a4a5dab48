import { and, desc, eq, isNull } from "drizzle-orm";
import { amount, toDb } from "@/server/vocabulary/money";
import type { Db, Tx } from "@/db/client";
import { transaction } from "@/db/transaction";
import { payments, type Payment } from "@/db/schema";
import { logger } from "@/server/lib/logging";
import { markWebhookApplied, recordWebhookEvent } from "@/server/webhooks";
import { isGatewayError, type PaymentGateway, type PaymentIntentView } from "./gateway";
import { movePayment, statusOfIntent } from "./status";
import type { StripeWebhookEvent } from "./webhook-event";

/** The provider events that can move a payment; any other type is acknowledged and ignored. */
export const handledStripeEvents = new Set([
  "payment_intent.amount_capturable_updated",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.canceled",
  "payment_intent.processing",
]);

export type WebhookOutcome = "applied" | "ignored" | "duplicate";

function intentIdOf(event: StripeWebhookEvent): string | undefined {
  const object = event.data.object;
  return object.object === "payment_intent" ? object.id : undefined;
}

/**
 * Applies one verified provider event exactly once: the (provider, event id) row is written in
 * the same transaction as the effect, so a duplicate delivery — even 50 at once — finds it and
 * does nothing, and a failed attempt leaves no row, so the provider's retry is processed
 * (PAY-P0-02). The payment follows the intent as re-read from the provider and only moves
 * forward, so events arriving out of order converge on the same state (OR-P0-04).
 */
export async function handleStripeEvent(db: Db, gateway: PaymentGateway, event: StripeWebhookEvent): Promise<WebhookOutcome> {
  return transaction(async (tx) => {
    if (!(await recordWebhookEvent(tx, { provider: "stripe", eventId: event.id, type: event.type }))) return "duplicate";

    const intentId = intentIdOf(event);
    if (!handledStripeEvents.has(event.type) || !intentId) return "ignored";

    const target = await paymentForIntent(tx, intentId, event);
    if (!target) return "ignored";

    // Re-read before claiming anything: an intent the provider does not know claims no payment.
    const intent = await retrieveKnownIntent(gateway, intentId, event);
    if (!intent) return "ignored";
    const payment = target.unclaimed ? await claimForIntent(tx, target.payment, intent, event) : target.payment;
    if (!payment) return "ignored";
    const to = statusOfIntent(intent);
    const moved = to
      ? await movePayment(tx, payment, to, {
          reason: `provider event ${event.type}`,
          fields: {
            intentId,
            amountCapturable: toDb(amount(intent.amountCapturable)),
            amountReceived: toDb(amount(intent.amountReceived)),
            lastError: intent.lastError,
          },
        })
      : null;
    if (!moved) return "ignored";
    await markWebhookApplied(tx, "stripe", event.id);
    return "applied";
  }, db);
}

/** The intent as the provider has it now; undefined (logged) when the provider does not know it. */
async function retrieveKnownIntent(gateway: PaymentGateway, intentId: string, event: StripeWebhookEvent): Promise<PaymentIntentView | undefined> {
  try {
    return await gateway.retrieve(intentId);
  } catch (error) {
    if (!isGatewayError(error) || error.code !== "resource_missing") throw error;
    // Retrying cannot make the provider know it: acknowledged, nothing claimed or moved.
    logger.warn({ eventId: event.id, type: event.type, intentId }, "stripe event for an intent the provider does not know; ignored");
    return undefined;
  }
}

/**
 * Our payment for an intent, locked. The provider may call before our authorize call has
 * returned and recorded the intent id; then the order's newest payment still without an intent
 * (from the intent's metadata.order_id) is the candidate, `unclaimed` until claimForIntent.
 */
async function paymentForIntent(tx: Tx, intentId: string, event: StripeWebhookEvent): Promise<{ payment: Payment; unclaimed: boolean } | undefined> {
  const [known] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.provider, "stripe"), eq(payments.intentId, intentId)))
    .for("update");
  if (known) return { payment: known, unclaimed: false };
  const orderId = event.data.object.metadata?.order_id;
  if (!orderId || !/^[0-9a-f-]{36}$/i.test(orderId)) return undefined;
  const [unclaimed] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), isNull(payments.intentId)))
    .orderBy(desc(payments.attempt))
    .limit(1)
    .for("update");
  return unclaimed ? { payment: unclaimed, unclaimed: true } : undefined;
}

/** Records the intent on the unclaimed payment, if the provider's intent is for that order. */
async function claimForIntent(tx: Tx, payment: Payment, intent: PaymentIntentView, event: StripeWebhookEvent): Promise<Payment | undefined> {
  if (intent.orderId !== payment.orderId) {
    logger.warn({ eventId: event.id, intentId: intent.id, orderId: payment.orderId, intentOrderId: intent.orderId }, "stripe intent belongs to another order; nothing claimed");
    return undefined;
  }
  await tx.update(payments).set({ intentId: intent.id }).where(eq(payments.id, payment.id));
  return { ...payment, intentId: intent.id };
}

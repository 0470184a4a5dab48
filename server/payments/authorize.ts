import { eq, sql } from "drizzle-orm";
import { amount, toDb } from "@/server/vocabulary/money";
import type { Db } from "@/db/client";
import { orders, payments, type Payment } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { env } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { cardRefusal, checkPaymentCard } from "./card";
import { isGatewayError, type PaymentGateway, type PaymentIntentView, type PaymentSource } from "./gateway";
import { movePayment, statusOfIntent } from "./status";

/**
 * The payment after the provider answered, and, while the provider waits for the customer
 * (3-D Secure), the intent's client secret for Stripe.js `handleNextAction`. The secret is
 * handed to the paying browser only: it is never stored.
 */
export type AuthorizedPayment = Payment & { nextAction: { clientSecret: string } | null };

/**
 * Authorizes an unpaid order's total with the provider (manual capture). The card is checked
 * with the provider first (nothing is written for a refused one), then the payment row is written
 * before the call, so a webhook that arrives first finds it; the idempotency key
 * `authorize:<order>:<attempt>` makes a repeated call the same authorization. The outcome is
 * applied through the payment state machine, exactly as the webhook would apply it.
 *
 * A declined attempt leaves the order waiting for payment with its reservation: the customer may
 * try another card, up to `maxAttempts` attempts per order (PAYMENT_MAX_ATTEMPTS). The order row
 * is locked while the next attempt is chosen, so two retries at once share one attempt, whose
 * key lets the provider authorize at most once.
 *
 * `input` carries a sandbox test card / PaymentMethod id, or a Payment Element confirmation
 * token; a gateway that cannot use the one given refuses it (INVALID_INPUT, nothing charged).
 */
export async function authorizeOrderPayment(
  db: Db,
  gateway: PaymentGateway,
  input: { orderId: string; maxAttempts?: number } & PaymentSource,
): Promise<AuthorizedPayment> {
  const source: PaymentSource = input.confirmationToken !== undefined ? { confirmationToken: input.confirmationToken } : { paymentMethod: input.paymentMethod };
  const maxAttempts = input.maxAttempts ?? env().payments.maxAttempts;
  const card = await checkPaymentCard(gateway, source);
  const payment = await transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).for("update");
    if (!order) throw new DomainError("NOT_FOUND", "We couldn't find that order.");
    if (order.status !== "pending_payment") throw new DomainError("PRECONDITION_FAILED", `Order ${order.number} is not waiting for payment.`);
    if (order.paymentMethod !== "card") throw new DomainError("PRECONDITION_FAILED", `Order ${order.number} is paid on delivery.`, { reason: "paid_on_delivery" });
    const existing = await tx.select().from(payments).where(eq(payments.orderId, order.id)).orderBy(sql`${payments.attempt} desc`).limit(1);
    const last = existing[0];
    if (last && last.status !== "failed") return { payment: last, order };
    if (last && last.attempt >= maxAttempts) throw attemptsExhausted(order.number, maxAttempts);
    const [created] = await tx
      .insert(payments)
      .values({
        orderId: order.id,
        attempt: (last?.attempt ?? 0) + 1,
        provider: "stripe",
        currency: order.currency,
        amount: order.total,
        cardBrand: card.brand,
        cardLast4: card.last4,
      })
      .returning();
    return { payment: created!, order };
  }, db);
  // Paid already, or still deciding: the same answer again, with the challenge if one is still open.
  if (payment.payment.intentId) return { ...payment.payment, nextAction: await openNextAction(gateway, payment.payment) };

  let intent: PaymentIntentView;
  try {
    intent = await gateway.authorize({
      orderId: payment.order.id,
      orderNumber: payment.order.number,
      amount: { amount: amount(payment.order.total).toFixed(2), currency: payment.order.currency },
      ...source,
      customerEmail: payment.order.email,
      attempt: payment.payment.attempt,
    });
  } catch (error) {
    if (isGatewayError(error) && error.kind === "declined") {
      const failed = await recordOutcome(db, payment.payment.id, {
        intentId: error.intentId ?? null,
        status: "failed",
        lastError: { code: error.code ?? "card_declined", declineCode: error.declineCode, message: error.message },
      });
      return { ...failed, nextAction: null };
    }
    if (isGatewayError(error) && error.code === IDEMPOTENCY_KEY_IN_USE) {
      // Another request (a second tab, a double click with another card) holds this attempt: the
      // provider authorizes it once, with that request's card.
      throw new DomainError("CONFLICT", "Another payment for this order is going through. Wait a moment, then look at your order.", {
        reason: "payment_in_progress",
      });
    }
    // Nothing reached the provider, or it did not answer: the attempt stays pending (paying again
    // resends it under the same key).
    throw cardRefusal(error);
  }
  const recorded = await recordOutcome(db, payment.payment.id, {
    intentId: intent.id,
    status: statusOfIntent(intent),
    lastError: intent.lastError,
    amountCapturable: toDb(amount(intent.amountCapturable)),
    amountReceived: toDb(amount(intent.amountReceived)),
  });
  return { ...recorded, nextAction: intent.nextAction };
}

/** The provider's code for a key already used with other parameters (Stripe and the sandbox alike). */
const IDEMPOTENCY_KEY_IN_USE = "idempotency_key_in_use";

function attemptsExhausted(orderNumber: string, maxAttempts: number): DomainError {
  return new DomainError(
    "PRECONDITION_FAILED",
    `Order ${orderNumber} has had ${maxAttempts} card payments declined, the most one order may try. ` +
      "Nothing was charged. You can pay on delivery instead, or cancel the order; otherwise it is cancelled when its reservation ends.",
    { reason: "payment_attempts_exhausted" },
  );
}

/**
 * A payment still `processing` may be waiting for the customer's 3-D Secure challenge (a double
 * submit, a reload): re-read the intent for its client secret. Best effort: without it the
 * webhook, or the reservation's expiry, still settles the order.
 */
async function openNextAction(gateway: PaymentGateway, payment: Payment): Promise<AuthorizedPayment["nextAction"]> {
  if (payment.status !== "processing" || !payment.intentId) return null;
  try {
    return (await gateway.retrieve(payment.intentId)).nextAction;
  } catch {
    return null;
  }
}

async function recordOutcome(
  db: Db,
  paymentId: string,
  outcome: { intentId: string | null; status: ReturnType<typeof statusOfIntent>; lastError: Payment["lastError"]; amountCapturable?: string; amountReceived?: string },
): Promise<Payment> {
  return transaction(async (tx) => {
    const [current] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
    if (outcome.intentId && !current!.intentId) {
      await tx.update(payments).set({ intentId: outcome.intentId }).where(eq(payments.id, paymentId));
    }
    const fresh = { ...current!, intentId: current!.intentId ?? outcome.intentId };
    const moved = outcome.status
      ? await movePayment(tx, fresh, outcome.status, {
          reason: "authorization answered",
          fields: { lastError: outcome.lastError, amountCapturable: outcome.amountCapturable, amountReceived: outcome.amountReceived },
        })
      : null;
    return moved ?? fresh;
  }, db);
}

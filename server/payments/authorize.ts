import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders, payments, type Payment } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { amount, toDb } from "@/server/lib/money";
import { transaction } from "@/server/outbox/flush";
import { isGatewayError, PAYMENT_SOURCE_UNSUPPORTED, type PaymentGateway, type PaymentIntentView, type PaymentSource } from "./gateway";
import { movePayment, statusOfIntent } from "./status";

/**
 * The payment after the provider answered, and, while the provider waits for the customer
 * (3-D Secure), the intent's client secret for Stripe.js `handleNextAction`. The secret is
 * handed to the paying browser only: it is never stored.
 */
export type AuthorizedPayment = Payment & { nextAction: { clientSecret: string } | null };

/**
 * Authorizes an unpaid order's total with the provider (manual capture). The payment row is
 * written before the call, so a webhook that arrives first finds it; the idempotency key
 * `authorize:<order>:<attempt>` makes a repeated call the same authorization. The outcome is
 * applied through the payment state machine, exactly as the webhook would apply it.
 *
 * `input` carries a sandbox test card / PaymentMethod id, or a Payment Element confirmation
 * token; a gateway that cannot use the one given refuses it (INVALID_INPUT, nothing charged).
 */
export async function authorizeOrderPayment(
  db: Db,
  gateway: PaymentGateway,
  input: { orderId: string } & PaymentSource,
): Promise<AuthorizedPayment> {
  const payment = await transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).for("update");
    if (!order) throw new DomainError("NOT_FOUND", "We couldn't find that order.");
    if (order.status !== "pending_payment") throw new DomainError("PRECONDITION_FAILED", `Order ${order.number} is not waiting for payment.`);
    const existing = await tx.select().from(payments).where(eq(payments.orderId, order.id)).orderBy(sql`${payments.attempt} desc`).limit(1);
    const last = existing[0];
    if (last && last.status !== "failed") return { payment: last, order };
    const [created] = await tx
      .insert(payments)
      .values({ orderId: order.id, attempt: (last?.attempt ?? 0) + 1, provider: "stripe", currency: order.currency, amount: order.total })
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
      ...(input.confirmationToken !== undefined ? { confirmationToken: input.confirmationToken } : { paymentMethod: input.paymentMethod }),
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
    if (isGatewayError(error) && error.code === PAYMENT_SOURCE_UNSUPPORTED) {
      // The page and the server disagree on how cards are taken (e.g. the Payment Element was
      // shown, then the app restarted without Stripe). Nothing reached a provider; the payment
      // stays pending, so paying again the right way works.
      throw new DomainError("INVALID_INPUT", "This card can't be taken the way it was entered. Reload the page and enter it again.", {
        reason: PAYMENT_SOURCE_UNSUPPORTED,
      });
    }
    throw new DomainError("UNAVAILABLE", "We couldn't reach the payment provider. Please try again in a moment.", { reason: "payment_unavailable" });
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

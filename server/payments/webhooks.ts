import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { payments, webhookEvents, type Payment } from "@/db/schema";
import { amount, toDb } from "@/server/lib/money";
import { transaction } from "@/server/outbox/flush";
import type { PaymentGateway } from "./gateway";
import { movePayment, statusOfIntent } from "./status";

/** The provider events that can move a payment; any other type is acknowledged and ignored. */
export const handledStripeEvents = new Set([
  "payment_intent.amount_capturable_updated",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.canceled",
  "payment_intent.processing",
]);

export type StripeEventLike = { id: string; type: string; data: { object: unknown } };
export type WebhookOutcome = "applied" | "ignored" | "duplicate";

function intentIdOf(event: StripeEventLike): string | undefined {
  const object = event.data.object as { object?: unknown; id?: unknown } | null;
  return object?.object === "payment_intent" && typeof object.id === "string" ? object.id : undefined;
}

/**
 * Applies one verified provider event exactly once: the (provider, event id) row is written in
 * the same transaction as the effect, so a duplicate delivery — even 50 at once — finds it and
 * does nothing, and a failed attempt leaves no row, so the provider's retry is processed
 * (PAY-P0-02). The payment follows the intent as re-read from the provider and only moves
 * forward, so events arriving out of order converge on the same state (OR-P0-04).
 */
export async function handleStripeEvent(db: Db, gateway: PaymentGateway, event: StripeEventLike): Promise<WebhookOutcome> {
  return transaction(async (tx) => {
    const recorded = await tx
      .insert(webhookEvents)
      .values({ provider: "stripe", eventId: event.id, type: event.type, outcome: "ignored" })
      .onConflictDoNothing()
      .returning({ eventId: webhookEvents.eventId });
    if (recorded.length === 0) return "duplicate";

    const intentId = intentIdOf(event);
    if (!handledStripeEvents.has(event.type) || !intentId) return "ignored";

    const payment = await paymentForIntent(tx, intentId, event);
    if (!payment) return "ignored";

    const intent = await gateway.retrieve(intentId);
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
    await tx
      .update(webhookEvents)
      .set({ outcome: "applied" })
      .where(and(eq(webhookEvents.provider, "stripe"), eq(webhookEvents.eventId, event.id)));
    return "applied";
  }, db);
}

/**
 * Our payment for an intent. The provider may call before our authorize call has returned and
 * recorded the intent id; then the order's newest payment still without an intent (from the
 * intent's metadata.order_id) is the one, and this event records the id on it.
 */
async function paymentForIntent(tx: Tx, intentId: string, event: StripeEventLike): Promise<Payment | undefined> {
  const [known] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.provider, "stripe"), eq(payments.intentId, intentId)))
    .for("update");
  if (known) return known;
  const orderId = (event.data.object as { metadata?: { order_id?: unknown } }).metadata?.order_id;
  if (typeof orderId !== "string" || !/^[0-9a-f-]{36}$/i.test(orderId)) return undefined;
  const [unclaimed] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), isNull(payments.intentId)))
    .orderBy(desc(payments.attempt))
    .limit(1)
    .for("update");
  if (!unclaimed) return undefined;
  await tx.update(payments).set({ intentId }).where(eq(payments.id, unclaimed.id));
  return { ...unclaimed, intentId };
}

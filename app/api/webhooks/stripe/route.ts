import { db } from "@/db/client";
import { env } from "@/server/env";
import { logger } from "@/server/lib/logging";
import { withRequestMetrics } from "@/server/lib/metrics";
import { verifyStripeWebhook, WebhookVerificationError } from "@/server/payments/gateway";
import { paymentGateway } from "@/server/payments/gateway-instance";
import { handleStripeEvent } from "@/server/payments/webhooks";

export const dynamic = "force-dynamic";

/**
 * Stripe (and payment sandbox) webhooks: the signature is checked on the raw body before
 * anything else (300 s tolerance); a duplicate answers 200 with no effect; unknown types are
 * acknowledged; a processing failure answers 500 so the sender retries.
 */
export const POST = withRequestMetrics("/api/webhooks/stripe", async (request: Request) => {
  const raw = await request.text();
  let event;
  try {
    event = verifyStripeWebhook(raw, request.headers.get("stripe-signature"), env().payments.webhookSecret);
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      return Response.json({ error: "invalid signature", reason: error.reason }, { status: 400 });
    }
    throw error;
  }
  try {
    const outcome = await handleStripeEvent(db(), paymentGateway(), event);
    return Response.json({ received: true, outcome });
  } catch (error) {
    logger.error({ err: error, eventId: event.id, type: event.type }, "stripe webhook processing failed");
    return Response.json({ error: "processing failed; retry later" }, { status: 500 });
  }
});

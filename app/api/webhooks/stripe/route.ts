import { db } from "@/db/client";
import { env } from "@/server/env";
import { logger } from "@/server/lib/logging";
import { withRequestMetrics } from "@/server/lib/metrics";
import { textOrTooLarge } from "@/server/lib/request-body";
import { verifyStripeWebhook, WebhookVerificationError, paymentGateway, parseStripeEvent, handleStripeEvent } from "@/server/payments";
import { MalformedWebhookError, recordMalformedWebhook } from "@/server/webhooks";

export const dynamic = "force-dynamic";

/**
 * Stripe (and payment sandbox) webhooks: a body over WEBHOOK_MAX_BODY_BYTES is refused (413)
 * while it streams in; the signature is checked on the raw body before anything else (300 s
 * tolerance, past or future); a signed body that is not a valid event answers 400 and is
 * recorded for ops once; a duplicate answers 200 with no effect; unknown types are
 * acknowledged; a processing failure answers 500 so the sender retries.
 */
export const POST = withRequestMetrics("/api/webhooks/stripe", async (request: Request) => {
  const raw = await textOrTooLarge(request, env().maxBodyBytes.webhooks);
  if (raw instanceof Response) return raw;
  let event;
  try {
    verifyStripeWebhook(raw, request.headers.get("stripe-signature"), env().payments.webhookSecret);
    event = parseStripeEvent(raw);
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      return Response.json({ error: "invalid signature", reason: error.reason }, { status: 400 });
    }
    if (error instanceof MalformedWebhookError) {
      await recordMalformedWebhook(db(), { provider: "stripe", rawBody: raw, problems: error.problems });
      return Response.json({ error: "malformed event", message: error.message, problems: error.problems }, { status: 400 });
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

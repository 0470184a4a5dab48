import { db } from "@/db/client";
import { env } from "@/server/env";
import { logger } from "@/server/lib/logging";
import { withRequestMetrics } from "@/server/lib/metrics";
import { textOrTooLarge } from "@/server/lib/request-body";
import { CARRIER_SIGNATURE_HEADER, CarrierSignatureError, verifyCarrierSignature, carrierProvider, handleCarrierEvent, parseCarrierWebhook } from "@/server/shipping";
import { MalformedWebhookError, recordMalformedWebhook } from "@/server/webhooks";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ carrier: string }> };

/**
 * Carrier tracking webhooks (in transit, delivered, exception): a body over
 * WEBHOOK_MAX_BODY_BYTES is refused (413) while it streams in; the Depot-Carrier-Signature is
 * checked on the raw body before anything else (300 s tolerance, past or future) → 400; a signed
 * body that is not a valid event → 400, recorded for ops once; a duplicate event id answers 200
 * with no effect; unknown types are acknowledged; a processing failure answers 500 with nothing
 * recorded, so the carrier retries.
 */
export const POST = withRequestMetrics("/api/webhooks/carrier", async (request: Request, context: RouteContext) => {
  const { carrier } = await context.params;
  const settings = env().carrier;
  // Only the configured carrier has a secret here; any other path is not an endpoint.
  if (carrier !== settings.code) return Response.json({ error: "unknown carrier" }, { status: 404 });

  const raw = await textOrTooLarge(request, env().maxBodyBytes.webhooks);
  if (raw instanceof Response) return raw;
  try {
    verifyCarrierSignature(settings.webhookSecret, request.headers.get(CARRIER_SIGNATURE_HEADER), raw);
  } catch (error) {
    if (error instanceof CarrierSignatureError) {
      return Response.json({ error: "invalid signature", reason: error.reason }, { status: 400 });
    }
    throw error;
  }
  let event;
  try {
    event = parseCarrierWebhook(raw);
  } catch (error) {
    if (!(error instanceof MalformedWebhookError)) throw error;
    await recordMalformedWebhook(db(), { provider: carrierProvider(carrier), rawBody: raw, problems: error.problems });
    return Response.json({ error: error.message, problems: error.problems }, { status: 400 });
  }
  try {
    const outcome = await handleCarrierEvent(db(), carrier, event);
    return Response.json({ received: true, outcome });
  } catch (error) {
    logger.error({ err: error, eventId: event.id, type: event.type, carrier }, "carrier webhook processing failed");
    return Response.json({ error: "processing failed; retry later" }, { status: 500 });
  }
});

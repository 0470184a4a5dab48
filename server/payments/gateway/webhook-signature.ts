import Stripe from "stripe";

/** Stripe's own default; older deliveries are rejected as possible replays. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookVerificationReason = "missing_secret" | "missing_signature" | "bad_signature" | "timestamp_out_of_tolerance";

export class WebhookVerificationError extends Error {
  constructor(
    readonly reason: WebhookVerificationReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "WebhookVerificationError";
  }
}

/**
 * Verifies the Stripe-Signature header over the raw body (never a re-serialized one) and
 * returns the event. Throws WebhookVerificationError: the route answers 400 without reading
 * anything else.
 */
export function verifyStripeWebhook(rawBody: string, signatureHeader: string | null, secret: string): Stripe.Event {
  if (!secret) throw new WebhookVerificationError("missing_secret", "No webhook secret is configured");
  if (!signatureHeader) throw new WebhookVerificationError("missing_signature", "Missing Stripe-Signature header");
  try {
    return Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, WEBHOOK_TOLERANCE_SECONDS);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      const tooOld = /tolerance/i.test(error.message);
      throw new WebhookVerificationError(tooOld ? "timestamp_out_of_tolerance" : "bad_signature", error.message, {
        cause: error,
      });
    }
    // constructEvent also throws when the verified body is not JSON.
    throw new WebhookVerificationError("bad_signature", error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}

/** A Stripe-Signature header (t=…,v1=…) with the real scheme; `timestamp` in seconds. */
export function signStripePayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

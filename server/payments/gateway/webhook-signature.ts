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

/** The signed timestamp of a Stripe-Signature header (the last `t=`, as Stripe's own parser reads it). */
function signedTimestamp(signatureHeader: string): number {
  let timestamp = Number.NaN;
  for (const part of signatureHeader.split(",")) {
    const [key, value] = part.split("=");
    if (key === "t") timestamp = Number.parseInt(value ?? "", 10);
  }
  return timestamp;
}

/**
 * Verifies the Stripe-Signature header over the raw body (never a re-serialized one); parse
 * the body only afterwards. Throws WebhookVerificationError: the route answers 400 without
 * reading anything else. A timestamp more than the tolerance away from now is refused either
 * way: Stripe's own check only looks into the past, and a header dated ahead would otherwise
 * stay replayable until long after it was sent.
 */
export function verifyStripeWebhook(rawBody: string, signatureHeader: string | null, secret: string, nowSec = Math.floor(Date.now() / 1000)): void {
  if (!secret) throw new WebhookVerificationError("missing_secret", "No webhook secret is configured");
  if (!signatureHeader) throw new WebhookVerificationError("missing_signature", "Missing Stripe-Signature header");
  const signature = Stripe.webhooks.signature;
  if (!signature) throw new Error("The Stripe SDK has no webhook signature helper");
  try {
    signature.verifyHeader(rawBody, signatureHeader, secret, WEBHOOK_TOLERANCE_SECONDS, undefined, nowSec * 1000);
  } catch (error) {
    const tooOld = error instanceof Stripe.errors.StripeSignatureVerificationError && /tolerance/i.test(error.message);
    throw new WebhookVerificationError(tooOld ? "timestamp_out_of_tolerance" : "bad_signature", error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const ahead = signedTimestamp(signatureHeader) - nowSec;
  if (ahead > WEBHOOK_TOLERANCE_SECONDS) {
    throw new WebhookVerificationError("timestamp_out_of_tolerance", `Signature timestamp is ${ahead}s in the future, outside the ${WEBHOOK_TOLERANCE_SECONDS}s tolerance`);
  }
}

/** A Stripe-Signature header (t=…,v1=…) with the real scheme; `timestamp` in seconds. */
export function signStripePayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

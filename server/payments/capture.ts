import { isGatewayError, type PaymentGateway, type PaymentIntentView } from "./gateway";

/**
 * Captures an authorization under its key `capture:<intent>`. An intent the provider has
 * captured already is a success, whichever request did it: Stripe forgets idempotency keys after
 * 24 hours and then answers a repeated capture with `payment_intent_unexpected_state`.
 */
export async function captureAuthorization(gateway: PaymentGateway, intentId: string): Promise<PaymentIntentView> {
  try {
    return await gateway.capture(intentId);
  } catch (error) {
    if (isGatewayError(error) && error.code === "payment_intent_unexpected_state") {
      const intent = await gateway.retrieve(intentId).catch(() => null);
      if (intent?.status === "succeeded") return intent;
    }
    throw error;
  }
}

/**
 * A capture failure no retry of the same request can cure: the provider refused the request
 * itself — the intent is unknown to it (`resource_missing`), no longer capturable
 * (`payment_intent_unexpected_state`: voided, or its authorization lapsed), or otherwise invalid.
 */
export function captureCannotSucceed(error: unknown): boolean {
  return isGatewayError(error) && !error.retriable;
}

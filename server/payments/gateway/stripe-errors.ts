import Stripe from "stripe";
import { policyFailure, type ErrorClassifier } from "@/server/lib/resilience";
import { GatewayError } from "./types";

function isTimeout(error: Stripe.errors.StripeError): boolean {
  const detail = error.detail;
  return typeof detail === "object" && detail !== null && "code" in detail && detail.code === "ETIMEDOUT";
}

/** Maps anything the Stripe SDK (or a policy) throws to a GatewayError. */
export function fromStripeError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  const policy = policyFailure(error);
  if (policy === "circuit_open") {
    return new GatewayError("circuit_open", "Payment provider circuit is open: failing fast", { cause: error });
  }
  if (policy === "timeout") {
    return new GatewayError("timeout", "Payment provider did not answer in time", { cause: error });
  }
  if (!(error instanceof Stripe.errors.StripeError)) {
    return new GatewayError("unavailable", error instanceof Error ? error.message : String(error), {
      retriable: false,
      cause: error,
    });
  }
  const base = { code: error.code, statusCode: error.statusCode, cause: error };
  // Stripe says explicitly whether a retry can help (e.g. lock timeouts); that wins.
  const shouldRetry = error.headers?.["stripe-should-retry"];
  const hint = shouldRetry === "true" ? true : shouldRetry === "false" ? false : undefined;

  if (error instanceof Stripe.errors.StripeCardError) {
    return new GatewayError("declined", error.message, {
      ...base,
      retriable: false,
      declineCode: error.decline_code ?? undefined,
      intentId: error.payment_intent?.id,
    });
  }
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return new GatewayError(isTimeout(error) ? "timeout" : "unavailable", error.message, { ...base, retriable: true });
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    // 429: rate limits and lock_timeout (another request holds the object).
    return new GatewayError("unavailable", error.message, { ...base, retriable: hint ?? true });
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    // Same key, different parameters: a bug on our side, retrying cannot help.
    return new GatewayError("invalid", error.message, { ...base, retriable: false });
  }
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  ) {
    return new GatewayError("invalid", error.message, { ...base, retriable: hint ?? false });
  }
  // StripeAPIError: 5xx, and 409 (a concurrent request with the same idempotency key).
  const status = error.statusCode ?? 500;
  return new GatewayError("unavailable", error.message, { ...base, retriable: hint ?? (status >= 500 || status === 409) });
}

export const stripeErrors: ErrorClassifier<GatewayError> = {
  classify: fromStripeError,
  // Provider health, independent of whether Stripe advises a retry (stripe-should-retry).
  providerFailure: (error) => error.kind === "timeout" || error.kind === "unavailable",
};

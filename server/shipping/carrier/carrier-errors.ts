import { policyFailure, type ErrorClassifier } from "@/server/lib/resilience";
import { CarrierError } from "./types";

/** Attempt failures that say the carrier is unwell; only these count for the breaker. */
const PROVIDER_FAILURES = new Set(["timeout", "network", "server_error"]);

/** Anything thrown while calling the carrier, as a CarrierError. */
export function toCarrierError(error: unknown): CarrierError {
  if (error instanceof CarrierError) return error;
  const policy = policyFailure(error);
  if (policy === "circuit_open") {
    return new CarrierError("unavailable", "The carrier has failed repeatedly, so Depot is not calling it for a while. Try again later.", {
      code: "circuit_open",
      cause: error,
    });
  }
  // fetch may reject with its AbortError before the timeout policy's own error wins the race.
  const aborted = error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
  if (policy === "timeout" || aborted) {
    return new CarrierError("unavailable", "The carrier did not answer in time. Try again later.", {
      code: "timeout",
      retriable: true,
      cause: error,
    });
  }
  // fetch rejects with a TypeError ("fetch failed") when it cannot connect or the socket drops.
  const detail = error instanceof Error ? error.message : String(error);
  return new CarrierError("unavailable", `Depot could not reach the carrier (${detail}). Try again later.`, {
    code: "network",
    retriable: true,
    cause: error,
  });
}

/** Retries only what is retriable (never a 4xx; safe, as every call carries its idempotency key). */
export const carrierErrors: ErrorClassifier<CarrierError> = {
  classify: toCarrierError,
  providerFailure: (error) => PROVIDER_FAILURES.has(error.code ?? ""),
};

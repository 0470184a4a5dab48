import {
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  isBrokenCircuitError,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type CircuitBreakerPolicy,
} from "cockatiel";
import { CarrierError } from "./types";

export type CarrierResilienceOptions = {
  /** Hard limit for one attempt, body included. */
  timeoutMs: number;
  /** Retries after the first attempt, for retriable failures only (never for a 4xx). */
  maxRetries: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  /** Consecutive failed attempts (timeout, network, 5xx) that open the circuit. */
  breakerThreshold: number;
  halfOpenAfterMs: number;
};

export const defaultCarrierResilience: CarrierResilienceOptions = {
  timeoutMs: 10_000,
  maxRetries: 2,
  retryInitialDelayMs: 250,
  retryMaxDelayMs: 2_000,
  breakerThreshold: 5,
  halfOpenAfterMs: 30_000,
};

/** Attempt failures that say the carrier is unwell; only these count for the breaker. */
const PROVIDER_FAILURES = new Set(["timeout", "network", "server_error"]);

/** Anything thrown while calling the carrier, as a CarrierError. */
export function toCarrierError(error: unknown): CarrierError {
  if (error instanceof CarrierError) return error;
  if (isBrokenCircuitError(error)) {
    return new CarrierError("unavailable", "The carrier has failed repeatedly, so Depot is not calling it for a while. Try again later.", {
      code: "circuit_open",
      cause: error,
    });
  }
  // instanceof, not isTaskCancelledError(): cockatiel 3.2's helper tests the wrong property.
  // fetch may reject with its AbortError before the timeout policy's own error wins the race.
  const aborted = error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
  if (error instanceof TaskCancelledError || aborted) {
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

export type CarrierResilience = {
  /** `fn` gets an AbortSignal that fires when the attempt times out; pass it to fetch. */
  run<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  readonly breaker: CircuitBreakerPolicy;
};

/**
 * retry ∘ circuit breaker ∘ per-attempt timeout, with cockatiel like the payment gateway.
 * Only retriable failures are retried (safe: every call carries its idempotency key); an open
 * circuit fails at once with `circuit_open` and is not retried.
 */
export function createCarrierResilience(options: CarrierResilienceOptions): CarrierResilience {
  const retries = retry(
    handleWhen((error) => !isBrokenCircuitError(error) && toCarrierError(error).retriable),
    {
      maxAttempts: options.maxRetries,
      backoff: new ExponentialBackoff({ initialDelay: options.retryInitialDelayMs, maxDelay: options.retryMaxDelayMs }),
    },
  );
  const breaker = circuitBreaker(
    handleWhen((error) => PROVIDER_FAILURES.has(toCarrierError(error).code ?? "")),
    { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.breakerThreshold) },
  );
  const attemptTimeout = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
  const policy = wrap(retries, breaker, attemptTimeout);
  return {
    breaker,
    async run(fn) {
      try {
        return await policy.execute(({ signal }) => fn(signal));
      } catch (error) {
        throw toCarrierError(error);
      }
    },
  };
}

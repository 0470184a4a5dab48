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
import { GatewayError } from "./types";

export type ResilienceOptions = {
  /** Hard limit for one attempt. */
  timeoutMs: number;
  /** Retries after the first attempt, for retriable failures only. */
  maxRetries: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  /** Consecutive retriable failures (attempts) that open the circuit. */
  breakerThreshold: number;
  halfOpenAfterMs: number;
};

export const defaultResilience: ResilienceOptions = {
  timeoutMs: 10_000,
  maxRetries: 2,
  retryInitialDelayMs: 250,
  retryMaxDelayMs: 2_000,
  breakerThreshold: 5,
  halfOpenAfterMs: 30_000,
};

export type Resilient = {
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly breaker: CircuitBreakerPolicy;
};

/**
 * retry ∘ circuit breaker ∘ per-attempt timeout (PAY-P0-01, INT-P1-03). `classify` turns any
 * error (provider, network, cockatiel) into a GatewayError. Only retriable ones are retried
 * and only timeouts/unavailability count for the breaker, so declines neither repeat nor open
 * the circuit. An open circuit fails at once with `circuit_open` and is not retried here.
 */
export function createResilience(options: ResilienceOptions, classify: (error: unknown) => GatewayError): Resilient {
  const retriable = (error: unknown) => !isBrokenCircuitError(error) && classify(error).retriable;
  // Provider health, independent of whether Stripe advises a retry (stripe-should-retry).
  const providerFailure = (error: unknown) => {
    const kind = classify(error).kind;
    return kind === "timeout" || kind === "unavailable";
  };
  const retries = retry(
    handleWhen(retriable),
    {
      maxAttempts: options.maxRetries,
      backoff: new ExponentialBackoff({ initialDelay: options.retryInitialDelayMs, maxDelay: options.retryMaxDelayMs }),
    },
  );
  const breaker = circuitBreaker(handleWhen(providerFailure), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.breakerThreshold),
  });
  // The SDK's own timeout only limits socket inactivity; this bounds the whole attempt.
  const attemptTimeout = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
  const policy = wrap(retries, breaker, attemptTimeout);
  return {
    breaker,
    async run(fn) {
      try {
        return await policy.execute(() => fn());
      } catch (error) {
        throw classify(error);
      }
    },
  };
}

/** Errors raised by the policies themselves; provider errors are left to the caller. */
export function classifyPolicyError(error: unknown): GatewayError | undefined {
  if (error instanceof GatewayError) return error;
  if (isBrokenCircuitError(error)) {
    return new GatewayError("circuit_open", "Payment provider circuit is open: failing fast", { cause: error });
  }
  // instanceof, not isTaskCancelledError(): cockatiel 3.2's helper tests the wrong property.
  if (error instanceof TaskCancelledError) {
    return new GatewayError("timeout", "Payment provider did not answer in time", { cause: error });
  }
  return undefined;
}

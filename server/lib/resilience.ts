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
} from "cockatiel";

export type ResilienceOptions = {
  /** Hard limit for one attempt. */
  timeoutMs: number;
  /** Retries after the first attempt, for retriable failures only. */
  maxRetries: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  /** Consecutive provider failures (attempts) that open the circuit. */
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

/** The defaults, overridden by the resilience keys `options` sets (adapter options carry other keys too). */
export function resilienceOptions(options: Partial<ResilienceOptions>): ResilienceOptions {
  const settings: ResilienceOptions = { ...defaultResilience };
  for (const key of Object.keys(defaultResilience) as (keyof ResilienceOptions)[]) {
    const value = options[key];
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}

/** How one provider's failures read; the wrapper knows nothing else about them. */
export type ErrorClassifier<E extends Error & { readonly retriable: boolean }> = {
  /** Anything an attempt or a policy throws, as the provider's error (see policyFailure). */
  classify(error: unknown): E;
  /** Whether the failure says the provider is unwell: only these count towards opening the circuit. */
  providerFailure(error: E): boolean;
};

export type Resilient = {
  /** `fn` gets an AbortSignal that fires when the attempt times out. */
  run<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** For health checks: "closed" | "open" | "half-open" | "isolated". */
  readonly circuitState: string;
};

const CIRCUIT_STATES = ["closed", "open", "half-open", "isolated"];

/**
 * retry ∘ circuit breaker ∘ per-attempt timeout (PAY-P0-01, INT-P1-03). Only failures the
 * classifier marks retriable are retried, and only provider failures count for the breaker, so
 * e.g. declines and rejections neither repeat nor open the circuit. An open circuit fails at
 * once and is not retried here. Whatever escapes is thrown as the classifier's error.
 */
export function createResilience<E extends Error & { readonly retriable: boolean }>(
  options: ResilienceOptions,
  errors: ErrorClassifier<E>,
): Resilient {
  const retries = retry(
    handleWhen((error) => !isBrokenCircuitError(error) && errors.classify(error).retriable),
    {
      maxAttempts: options.maxRetries,
      backoff: new ExponentialBackoff({ initialDelay: options.retryInitialDelayMs, maxDelay: options.retryMaxDelayMs }),
    },
  );
  const breaker = circuitBreaker(handleWhen((error) => errors.providerFailure(errors.classify(error))), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.breakerThreshold),
  });
  // SDK or socket timeouts only limit inactivity; this bounds the whole attempt, body included.
  const attemptTimeout = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
  const policy = wrap(retries, breaker, attemptTimeout);
  return {
    get circuitState() {
      return CIRCUIT_STATES[breaker.state] ?? "unknown";
    },
    async run(fn) {
      try {
        return await policy.execute(({ signal }) => fn(signal));
      } catch (error) {
        throw errors.classify(error);
      }
    },
  };
}

/** Which policy raised `error`: the open circuit, the attempt timeout, or neither (undefined). */
export function policyFailure(error: unknown): "circuit_open" | "timeout" | undefined {
  if (isBrokenCircuitError(error)) return "circuit_open";
  // instanceof, not isTaskCancelledError(): cockatiel 3.2's helper tests the wrong property.
  if (error instanceof TaskCancelledError) return "timeout";
  return undefined;
}

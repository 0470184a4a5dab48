import { describe, expect, it } from "vitest";
import { createResilience, defaultResilience, policyFailure, resilienceOptions, type ErrorClassifier, type ResilienceOptions } from "./resilience";

type Kind = "down" | "refused" | "timeout" | "circuit_open";

/** A provider's error as an adapter would define it: only `down` and `timeout` say it is unwell. */
class ProviderError extends Error {
  constructor(
    readonly kind: Kind,
    readonly retriable: boolean,
    options?: ErrorOptions,
  ) {
    super(kind, options);
  }
}

const providerErrors: ErrorClassifier<ProviderError> = {
  classify(error) {
    if (error instanceof ProviderError) return error;
    // Retriable on purpose: the wrapper itself must not retry an open circuit.
    if (policyFailure(error) === "circuit_open") return new ProviderError("circuit_open", true, { cause: error });
    if (policyFailure(error) === "timeout") return new ProviderError("timeout", true, { cause: error });
    return new ProviderError("down", true, { cause: error });
  },
  providerFailure: (error) => error.kind === "down" || error.kind === "timeout",
};

const fast: ResilienceOptions = {
  timeoutMs: 1_000,
  maxRetries: 2,
  retryInitialDelayMs: 5,
  retryMaxDelayMs: 20,
  breakerThreshold: 5,
  halfOpenAfterMs: 200,
};

function resilient(options: Partial<ResilienceOptions> = {}) {
  return createResilience({ ...fast, ...options }, providerErrors);
}

/** A call that fails with `errors` in turn, then answers "ok"; `calls` counts attempts. */
function flaky(...errors: unknown[]) {
  const call = {
    calls: 0,
    fn: async () => {
      call.calls += 1;
      const error = errors[call.calls - 1];
      if (error !== undefined) throw error;
      return "ok";
    },
  };
  return call;
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createResilience", () => {
  it("resilienceOptions takes the defaults and overrides only the resilience keys that are set", () => {
    const adapterOptions = { secretKey: "k", timeoutMs: 150, maxRetries: 0, breakerThreshold: undefined };
    expect(resilienceOptions(adapterOptions)).toEqual({ ...defaultResilience, timeoutMs: 150, maxRetries: 0 });
    expect(resilienceOptions({})).toEqual(defaultResilience);
  });

  it("retries a retriable failure and returns the answer once the provider recovers", async () => {
    const call = flaky(new Error("socket hang up"), new ProviderError("down", true));
    expect(await resilient().run(call.fn)).toBe("ok");
    expect(call.calls).toBe(3);
  });

  it("gives up after maxRetries and throws the classified error", async () => {
    const call = flaky(...Array.from({ length: 10 }, () => new Error("fetch failed")));
    const error = await failure(resilient({ maxRetries: 2 }).run(call.fn));
    expect(error).toMatchObject({ kind: "down", retriable: true });
    expect(error.cause).toBeInstanceOf(Error);
    expect(call.calls).toBe(3);
  });

  it("does not retry a failure the classifier marks not retriable", async () => {
    const call = flaky(new ProviderError("refused", false), new ProviderError("refused", false));
    expect(await failure(resilient().run(call.fn))).toMatchObject({ kind: "refused" });
    expect(call.calls).toBe(1);
  });

  it("bounds each attempt: a hanging call is aborted through its signal and fails as a timeout", async () => {
    const signals: AbortSignal[] = [];
    const hang = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<never>(() => undefined);
    };
    const started = Date.now();
    const error = await failure(resilient({ timeoutMs: 100, maxRetries: 1 }).run(hang));
    expect(error).toMatchObject({ kind: "timeout", retriable: true });
    expect(policyFailure(error.cause)).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it("opens the circuit after consecutive provider failures, fails fast without retrying, closes after halfOpenAfter", async () => {
    // Many slow retries, so retrying the open circuit would show in the elapsed time.
    const r = resilient({ maxRetries: 10, retryInitialDelayMs: 300, retryMaxDelayMs: 300, breakerThreshold: 2, halfOpenAfterMs: 400 });
    const down = flaky(new Error("down"), new Error("down"));
    expect(await failure(r.run(down.fn))).toMatchObject({ kind: "circuit_open" });
    expect(down.calls).toBe(2);
    expect(r.circuitState).toBe("open");

    const call = flaky();
    const started = Date.now();
    const open = await failure(r.run(call.fn));
    expect(open).toMatchObject({ kind: "circuit_open" });
    expect(policyFailure(open.cause)).toBe("circuit_open");
    expect(Date.now() - started).toBeLessThan(100);
    expect(call.calls).toBe(0);

    await sleep(450);
    expect(await r.run(call.fn)).toBe("ok");
    expect(r.circuitState).toBe("closed");
  });

  it("a failed half-open probe opens the circuit again", async () => {
    const r = resilient({ maxRetries: 0, breakerThreshold: 2 });
    const call = flaky(new Error("down"), new Error("down"), new Error("down"));
    await failure(r.run(call.fn));
    await failure(r.run(call.fn));
    expect(r.circuitState).toBe("open");
    await sleep(250);
    expect(await failure(r.run(call.fn))).toMatchObject({ kind: "down" });
    expect(await failure(r.run(call.fn))).toMatchObject({ kind: "circuit_open" });
    expect(call.calls).toBe(3);
  });

  it("failures that are not provider failures never open the circuit", async () => {
    const r = resilient({ maxRetries: 0, breakerThreshold: 2 });
    for (let i = 0; i < 4; i++) {
      expect(await failure(r.run(flaky(new ProviderError("refused", false)).fn))).toMatchObject({ kind: "refused" });
    }
    expect(r.circuitState).toBe("closed");
  });

  it("policyFailure leaves errors the policies did not raise to the adapter", () => {
    expect(policyFailure(new Error("boom"))).toBeUndefined();
    expect(policyFailure(new ProviderError("down", true))).toBeUndefined();
  });
});

import { Counter } from "prom-client";
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { rateLimits as rateLimitsTable } from "@/db/schema";
import type { Env, Rate } from "@/server/env";
import { DomainError } from "@/server/lib/errors";
import { logger } from "@/server/lib/logging";
import { metrics } from "@/server/lib/metrics";
import { waitFor } from "./messages";

/** Where counters live: PostgreSQL, shared by every app instance; memory (tests only). */
export type LimiterStore = { kind: "postgres"; db: Db } | { kind: "memory" };

const holder = globalThis as unknown as { __depotRateLimited?: Counter<"limit"> };
const limitedCounter = (holder.__depotRateLimited ??= new Counter({
  name: "depot_rate_limited_total",
  help: "Requests refused by a rate limit, by limit",
  labelNames: ["limit"],
  registers: [metrics.registry],
}));

export function countLimited(limit: string): void {
  limitedCounter.inc({ limit });
}

type LimiterOptions = { keyPrefix: string; points: number; duration: number; blockDuration?: number };

/**
 * One limiter. On PostgreSQL, a key already over its limit is then refused from memory until its
 * window ends (a flood costs no queries), and if the database cannot answer, a memory limiter
 * of the same size stands in (insurance), so limits never simply switch off.
 */
export function createLimiter(store: LimiterStore, options: LimiterOptions): RateLimiterAbstract {
  if (store.kind === "memory") return new RateLimiterMemory(options);
  return new RateLimiterDrizzle({
    ...options,
    storeClient: store.db,
    schema: rateLimitsTable,
    inMemoryBlockOnConsumed: options.points + 1,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/** The limits counted per request: each refuses with 429 "try again in …" once spent. */
export type LimitName = "api" | "route" | "register" | "orderLookup" | "passwordResetPerAddress" | "passwordResetPerAccount" | "placeOrderPerBuyer" | "placeOrderPerAddress";

const refusals: Record<LimitName, string> = {
  api: "You are sending requests too quickly",
  route: "You are sending requests too quickly",
  register: "Too many accounts were created from your network",
  orderLookup: "Too many order lookups from your network",
  passwordResetPerAddress: "Too many password reset requests from your network",
  passwordResetPerAccount: "Too many password reset requests for this email",
  placeOrderPerBuyer: "You have placed many orders in a short time",
  placeOrderPerAddress: "Too many orders were placed from your network",
};

export function rateLimitedError(limit: string, message: string, retryAfterSeconds: number): DomainError {
  countLimited(limit);
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new DomainError("RATE_LIMITED", `${message}. Please wait ${waitFor(seconds)} and try again.`, {
    reason: "rate_limited",
    limit,
    retryAfterSeconds: seconds,
  });
}

function limiterFor(store: LimiterStore, name: LimitName, rate: Rate): RateLimiterAbstract {
  return createLimiter(store, { keyPrefix: `rl_${name}`, points: rate.points, duration: rate.durationSeconds });
}

/** The per-request limits (GW-P0-02, SE-P2-01); sign-in has its own throttle (sign-in.ts). */
export class RequestLimits {
  private readonly limiters: Record<LimitName, RateLimiterAbstract>;

  constructor(settings: Env["rateLimits"], store: LimiterStore) {
    this.limiters = {
      api: limiterFor(store, "api", settings.api),
      route: limiterFor(store, "route", settings.api),
      register: limiterFor(store, "register", settings.register),
      orderLookup: limiterFor(store, "orderLookup", settings.orderLookup),
      passwordResetPerAddress: limiterFor(store, "passwordResetPerAddress", settings.passwordResetPerAddress),
      passwordResetPerAccount: limiterFor(store, "passwordResetPerAccount", settings.passwordResetPerAccount),
      placeOrderPerBuyer: limiterFor(store, "placeOrderPerBuyer", settings.placeOrderPerBuyer),
      placeOrderPerAddress: limiterFor(store, "placeOrderPerAddress", settings.placeOrderPerAddress),
    };
  }

  /** Counts one request of `subject` against `name`; throws RATE_LIMITED once the limit is spent. */
  async consume(name: LimitName, subject: string): Promise<void> {
    try {
      await this.limiters[name].consume(subject);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimitedError(name, refusals[name], rejection.msBeforeNext / 1000);
      // Neither the store nor the insurance answered: let the request through rather than fail it.
      logger.error({ err: rejection, limit: name }, "rate limit could not be checked");
    }
  }

  /** Counts one request against several limits at once (in parallel); refused with the longest wait among the spent ones. */
  async consumeAll(counts: ReadonlyArray<readonly [LimitName, string]>): Promise<void> {
    const refusals = await Promise.all(counts.map(([name, subject]) => this.consume(name, subject).then(() => undefined, (error: DomainError) => error)));
    const worst = refusals.filter((r) => r !== undefined).sort((a, b) => Number(b.details?.retryAfterSeconds) - Number(a.details?.retryAfterSeconds))[0];
    if (worst) throw worst;
  }
}

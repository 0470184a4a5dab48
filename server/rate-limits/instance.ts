import { createDb } from "@/db/client";
import { databaseUrl, env, type Env } from "@/server/env";
import { RequestLimits, type LimiterStore } from "./limiters";
import { SignInThrottle } from "./sign-in";

export type RateLimits = {
  requests: RequestLimits;
  signIn: SignInThrottle;
  /** Checked by checkout in the order's own transaction (server/checkout/unpaid-cap.ts). */
  maxUnpaidOrders: Env["rateLimits"]["maxUnpaidOrders"];
};

export function createRateLimits(settings: Env["rateLimits"], store: LimiterStore): RateLimits {
  return { requests: new RequestLimits(settings, store), signIn: new SignInThrottle(settings.signIn, store), maxUnpaidOrders: settings.maxUnpaidOrders };
}

// One set per process (counters in PostgreSQL are shared by every instance); in tests, memory.
const holder = globalThis as unknown as { __depotRateLimits?: RateLimits };

/**
 * The counters' own few connections: a count is one short statement, and it should neither wait
 * behind the app's transactions for a connection nor keep one from them. A count that cannot be
 * made quickly falls back to memory (the limiters' insurance) instead of holding the request.
 */
function limiterStore(): LimiterStore {
  if (env().nodeEnv === "test") return { kind: "memory" };
  return { kind: "postgres", db: createDb(databaseUrl(), { max: 3, timeouts: { statementMs: 2_000, lockMs: 2_000, idleInTransactionMs: 10_000 } }).db };
}

export function rateLimits(): RateLimits {
  holder.__depotRateLimits ??= createRateLimits(env().rateLimits, limiterStore());
  return holder.__depotRateLimits;
}

/** Tests install limits of their own (or with undefined go back to the process's default). */
export function setRateLimits(limits: RateLimits | undefined): void {
  holder.__depotRateLimits = limits;
}

import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Env } from "@/server/env";
import { createLimiter, rateLimitedError, type LimiterStore } from "./limiters";
import { accountSubject, addressSubject } from "./subjects";

/** Failures older than this no longer count towards an account's lockout. */
const FAILURE_MEMORY_SECONDS = 24 * 60 * 60;

/**
 * Sign-in throttling (GW-P0-02): guessing passwords gets slower and then stops.
 * - Per account: after `maxFailures` wrong passwords in a row the account is locked for
 *   `lockoutSeconds`, doubling with each further failure up to `maxLockoutSeconds`; while locked
 *   even the right password is refused. A successful sign-in clears the count.
 * - Per client address: `failuresPerAddress` wrong passwords in its window, across accounts,
 *   and that address may not try again until the window ends (credential stuffing).
 */
export class SignInThrottle {
  private readonly accountFailures: RateLimiterAbstract;
  private readonly accountLock: RateLimiterAbstract;
  private readonly addressFailures: RateLimiterAbstract;

  constructor(
    private readonly settings: Env["rateLimits"]["signIn"],
    store: LimiterStore,
  ) {
    this.accountFailures = createLimiter(store, { keyPrefix: "rl_signin_fail_account", points: 1_000_000, duration: FAILURE_MEMORY_SECONDS });
    this.accountLock = createLimiter(store, { keyPrefix: "rl_signin_lock_account", points: 1, duration: 1 });
    const perAddress = settings.failuresPerAddress;
    this.addressFailures = createLimiter(store, {
      keyPrefix: "rl_signin_fail_address",
      points: perAddress.points,
      duration: perAddress.durationSeconds,
      blockDuration: perAddress.durationSeconds,
    });
  }

  /** Throws RATE_LIMITED while the account is locked or the address has failed too often. */
  async check(email: string, address: string | null): Promise<void> {
    const [lock, fromAddress] = await Promise.all([
      this.accountLock.get(accountSubject(email)),
      this.addressFailures.get(addressSubject(address)),
    ]);
    if (lock && lock.consumedPoints > 1) {
      throw rateLimitedError("signInAccount", "Too many wrong passwords for this account. For its safety, sign-in is paused", lock.msBeforeNext / 1000);
    }
    if (fromAddress && fromAddress.consumedPoints >= this.settings.failuresPerAddress.points) {
      throw rateLimitedError("signInAddress", "Too many failed sign-ins from your network", fromAddress.msBeforeNext / 1000);
    }
  }

  /** A wrong password: counts for the account and the address, and locks the account past the limit. */
  async failed(email: string, address: string | null): Promise<void> {
    const account = accountSubject(email);
    const [failures] = await Promise.all([
      this.accountFailures.penalty(account, 1),
      this.addressFailures.consume(addressSubject(address)).catch((rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
      }),
    ]);
    const beyond = failures.consumedPoints - this.settings.maxFailures;
    if (beyond >= 0) {
      const seconds = Math.min(this.settings.lockoutSeconds * 2 ** Math.min(beyond, 30), this.settings.maxLockoutSeconds);
      await this.accountLock.block(account, seconds);
    }
  }

  /** The right password (while not locked): the account's count starts again. */
  async succeeded(email: string): Promise<void> {
    await this.accountFailures.delete(accountSubject(email));
  }
}

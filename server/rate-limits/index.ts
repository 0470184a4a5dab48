import "server-only";

/** The rate-limits module's public API: other modules import only this file. */
export { RequestLimits, type LimitName, type LimiterStore } from "./limiters";
export { SignInThrottle } from "./sign-in";
export { accountSubject, addressSubject } from "./subjects";
export { createRateLimits, rateLimits, setRateLimits, type RateLimits } from "./instance";
export { withRouteCeiling } from "./route-ceiling";

/**
 * Abuse limits out of the way for a harness whose traffic all comes from one machine (tests,
 * journeys, benches): per-address and per-buyer limits raised, unless already set. The sign-in
 * throttle keeps its settings. Tests about the limits install their own.
 */
export function relaxAbuseLimits(environment: NodeJS.ProcessEnv): void {
  for (const name of ["RATE_LIMIT_API", "RATE_LIMIT_REGISTER", "RATE_LIMIT_ORDER_LOOKUP", "RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS", "RATE_LIMIT_PLACE_ORDER_PER_BUYER", "RATE_LIMIT_PLACE_ORDER_PER_ADDRESS"]) {
    environment[name] ??= "1000000/1m";
  }
  environment.MAX_UNPAID_ORDERS_PER_BUYER ??= "1000";
  environment.MAX_UNPAID_ORDERS_PER_ADDRESS ??= "100000";
}

import { env } from "@/server/env";
import { clientAddress } from "@/server/lib/client-address";
import { isDomainError } from "@/server/lib/errors";
import { rateLimits } from "./instance";
import { addressSubject } from "./subjects";

/**
 * The per-address ceiling (RATE_LIMIT_API) for a route handler outside tRPC, counted per route:
 * over it, 429 with Retry-After and a JSON error, and the handler does not run.
 */
export function withRouteCeiling<A extends unknown[]>(route: string, handler: (request: Request, ...rest: A) => Promise<Response>) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    try {
      await rateLimits().requests.consume("route", `${route}:${addressSubject(clientAddress(request.headers, env().trustedProxyHops))}`);
    } catch (error) {
      if (!isDomainError(error) || error.code !== "RATE_LIMITED") throw error;
      return Response.json({ error: error.message }, { status: 429, headers: { "Retry-After": String(error.details?.retryAfterSeconds ?? 60) } });
    }
    return handler(request, ...rest);
  };
}

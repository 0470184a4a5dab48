import { createHash, timingSafeEqual } from "node:crypto";
import { clientAddress, isLoopback } from "@/server/lib/client-address";

/**
 * Who may read /api/metrics (item 4 of issue 11, "004 P1-3", OBS-P2-01): with METRICS_TOKEN set,
 * whoever sends it as a bearer token (compared in constant time), from anywhere; without it, only
 * a client on this machine's loopback, as a Prometheus scraper beside the app would be. The
 * address is the socket's (server/lib/client-address.ts), never a header a client wrote.
 */

export type MetricsAccessSettings = { token: string | undefined; trustedProxyHops: number };

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Equal-length digests, so neither the comparison nor an early length check leaks the token. */
function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerToken(headers: Headers): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(headers.get("authorization") ?? "");
  return match ? match[1]! : null;
}

function refusal(status: 401 | 403, message: string, challenge?: string): Response {
  return Response.json(
    { error: message },
    { status, headers: { "cache-control": "no-store", ...(challenge ? { "www-authenticate": challenge } : {}) } },
  );
}

/** Null when the caller may read the metrics; otherwise the 401 or 403 to answer with. */
export function metricsRefusal(headers: Headers, settings: MetricsAccessSettings): Response | null {
  if (settings.token !== undefined) {
    const given = bearerToken(headers);
    if (given === null) {
      return refusal(401, "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>.", 'Bearer realm="depot-metrics"');
    }
    if (!sameToken(given, settings.token)) {
      return refusal(401, "The metrics token is not right.", 'Bearer realm="depot-metrics", error="invalid_token"');
    }
    return null;
  }
  if (isLoopback(clientAddress(headers, settings.trustedProxyHops))) return null;
  return refusal(403, "Metrics are served to clients on this machine only. Set METRICS_TOKEN to scrape them from elsewhere.");
}

import { env } from "@/server/env";
import { logger } from "@/server/lib/logging";

/**
 * CSRF defence in depth (item 10 of issue 11, GW-P0-03): a request that changes something must
 * say it comes from one of our own pages. Browsers send `Origin` on every POST, PUT, PATCH and
 * DELETE (same-origin ones included); when a privacy setting strips it, the `Referer` stands in.
 * A request with neither is refused as well: no page of ours sends one, so it is a script
 * replaying a cookie. Called by every route handler that acts on a session or a cart cookie;
 * the server-to-server endpoints that authenticate by signature (/api/inngest, /api/webhooks/*)
 * do not call it.
 */

export type OriginSettings = { appUrl: string; development: boolean };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** APP_URL's origin; in development also its loopback aliases on the same port (`npm run dev` is opened both ways). */
export function acceptedOrigins(settings: OriginSettings): ReadonlySet<string> {
  const app = new URL(settings.appUrl);
  const origins = new Set([app.origin]);
  if (settings.development && LOOPBACK_HOSTS.includes(app.hostname)) {
    for (const host of LOOPBACK_HOSTS) origins.add(`${app.protocol}//${host}${app.port ? `:${app.port}` : ""}`);
  }
  return origins;
}

/** The origin a request claims: its Origin header, else its Referer's origin, else null. */
function claimedOrigin(headers: Headers): string | null {
  const origin = headers.get("origin");
  if (origin !== null) return origin;
  const referer = headers.get("referer");
  if (referer === null) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return "an unreadable Referer";
  }
}

/**
 * Null when the request may go on: a safe method, or a claimed origin among `accepted`.
 * Otherwise the sentence to answer with (403).
 */
export function crossOriginProblem(request: Pick<Request, "method" | "headers">, accepted: ReadonlySet<string>): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const claimed = claimedOrigin(request.headers);
  if (claimed !== null && accepted.has(claimed)) return null;
  const home = [...accepted][0];
  return claimed === null
    ? `This request names no Origin or Referer, so it was refused: changes are accepted only from Depot's own pages (${home}).`
    : `This request comes from ${claimed}, not from Depot (${home}), so it was refused.`;
}

let accepted: ReadonlySet<string> | undefined;

/** `crossOriginProblem` with this process's settings; a refusal is logged (a wrong APP_URL shows up here first). */
export function refuseCrossOrigin(request: Request): string | null {
  accepted ??= acceptedOrigins({ appUrl: env().appUrl, development: env().nodeEnv === "development" });
  const problem = crossOriginProblem(request, accepted);
  if (problem) {
    logger.info(
      { method: request.method, path: new URL(request.url).pathname, origin: request.headers.get("origin"), referer: request.headers.get("referer") },
      "cross-origin request refused (is APP_URL the address people open?)",
    );
  }
  return problem;
}

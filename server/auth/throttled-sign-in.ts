import { env } from "@/server/env";
import { clientAddress } from "@/server/lib/client-address";
import { isDomainError } from "@/server/lib/errors";
import { rateLimits } from "@/server/rate-limits";

/**
 * A password sign-in (next-auth's credentials callback) behind the sign-in throttle (GW-P0-02):
 * refused with 429 and Retry-After while the account is locked or the address has failed too
 * often, the right password included; otherwise answered by next-auth, and its outcome counted
 * (a 401 is a wrong password). The 429 body has the `url` next-auth's client reads, its `error`
 * the sentence the sign-in form shows.
 */
export async function throttledSignIn(request: Request, signIn: () => Promise<Response>): Promise<Response> {
  const form = new URLSearchParams(await request.clone().text().catch(() => ""));
  const email = form.get("email")?.trim() ?? "";
  const address = clientAddress(request.headers, env().trustedProxyHops);
  const throttle = rateLimits().signIn;
  try {
    await throttle.check(email, address);
  } catch (error) {
    if (!isDomainError(error) || error.code !== "RATE_LIMITED") throw error;
    const retryAfter = String(error.details?.retryAfterSeconds ?? 60);
    const url = new URL("/signin", env().appUrl);
    url.searchParams.set("error", error.message);
    return Response.json({ url: url.href, error: error.message }, { status: 429, headers: { "Retry-After": retryAfter } });
  }
  const response = await signIn();
  if (response.status === 401) await throttle.failed(email, address);
  else if (response.ok) await throttle.succeeded(email);
  return response;
}

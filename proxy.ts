import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { securityHeaders, securitySettings, type SecuritySettings } from "@/server/http";

/**
 * Security headers on every page (server/http/security-headers.ts), with a fresh CSP nonce per
 * request; Next.js reads it from the request's Content-Security-Policy header while it renders and
 * puts it on its scripts, which is why every page renders per request (the root layout waits for
 * the connection). Not for API routes: Next.js buffers the whole body of every request a proxy
 * handles before the route sees it, so their headers come from next.config.ts instead. Only
 * headers here: authorization and the CSRF check live in the route handlers.
 */

let settings: SecuritySettings | undefined;

export function proxy(request: NextRequest) {
  settings ??= securitySettings(env());
  const headers = securityHeaders(settings, randomBytes(16).toString("base64"));
  // Whatever CSP header the client sent is replaced, so the nonce Next.js uses is always ours.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["content-security-policy"]!);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Not for API routes (see above), nor for built assets and images: no document there.
      source: "/((?!api/|_next/static|_next/image|.*\\.(?:png|jpg|jpeg|gif|svg|webp|avif|ico|woff2?|css|js|map|txt)$).*)",
      // Router prefetches fetch a payload, not a document (Next's CSP guide skips them too).
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};

import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { securityHeaders, securitySettings, type SecuritySettings } from "@/server/http/security-headers";

/**
 * Security headers on every page and API response (server/http/security-headers.ts). A page gets
 * a fresh CSP nonce per request; Next.js reads it from the request's Content-Security-Policy
 * header while it renders and puts it on its scripts, which is why every page renders per request
 * (the root layout waits for the connection). Only headers here: authorization and the CSRF
 * check live in the route handlers.
 */

let settings: SecuritySettings | undefined;

export function proxy(request: NextRequest) {
  settings ??= securitySettings(env());
  if (request.nextUrl.pathname.startsWith("/api/")) return withHeaders(NextResponse.next(), securityHeaders(settings));

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
      // Not for built assets and images: no document, nothing a header would protect.
      source: "/((?!_next/static|_next/image|.*\\.(?:png|jpg|jpeg|gif|svg|webp|avif|ico|woff2?|css|js|map|txt)$).*)",
      // Router prefetches fetch a payload, not a document (Next's CSP guide skips them too).
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};

import type { Env } from "@/server/env";

/**
 * The security headers of every response, built here and applied by `proxy.ts` (item 3 of
 * issue 11). Pure: the proxy hands in the settings and, for a page, the request's nonce.
 */

export type SecuritySettings = {
  /** APP_URL served over https: HSTS, upgrade-insecure-requests (and Secure cookies elsewhere). */
  https: boolean;
  /** Stripe's publishable key is set: the checkout loads Stripe.js, its frames and its API. */
  stripe: boolean;
  /** `next dev`: React's eval-based debugging and the dev overlay's inline styles need room. */
  development: boolean;
};

/** Whether APP_URL is https, which decides HSTS and the `Secure` flag of every cookie we set. */
export function servedOverHttps(appUrl: string): boolean {
  return new URL(appUrl).protocol === "https:";
}

export function securitySettings(settings: Env): SecuritySettings {
  return {
    https: servedOverHttps(settings.appUrl),
    stripe: settings.payments.stripePublishableKey !== undefined,
    development: settings.nodeEnv === "development",
  };
}

/**
 * What Stripe documents for Stripe.js (docs.stripe.com/security/guide, "Content Security
 * Policy"): its script, the frames it opens (the Payment Element on js.stripe.com and its
 * subdomains, 3-D Secure and redirects on hooks.stripe.com) and the API it calls. Its
 * maps.googleapis.com entries serve the Address Element, which Depot does not use.
 */
const stripeSources = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
  connect: ["https://api.stripe.com"],
} as const;
const noSources = { script: [], frame: [], connect: [] } as const;

/**
 * A page's Content-Security-Policy. Scripts run only from our origin or with this response's
 * nonce (Next.js reads it back from the request's CSP header and puts it on its own scripts);
 * there is no 'strict-dynamic', so a script may load others only from the origins named here,
 * and without a Stripe key no Stripe origin is named at all. Style attributes stay allowed
 * (React renders widths and chart sizes as `style="…"`; an attribute cannot load or run
 * anything), `<style>` elements need the nonce.
 */
export function contentSecurityPolicy(settings: SecuritySettings, nonce: string): string {
  const stripe = settings.stripe ? stripeSources : noSources;
  const dev = settings.development;
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // Next.js takes the nonce from the first script-src directive: keep it before script-src-*.
    ["script-src", "'self'", `'nonce-${nonce}'`, ...stripe.script, ...(dev ? ["'unsafe-eval'"] : [])],
    // A nonce makes browsers ignore 'unsafe-inline', which the dev overlay needs.
    ["style-src", "'self'", ...(dev ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    ["style-src-attr", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...stripe.connect],
    ["frame-src", ...(stripe.frame.length ? stripe.frame : ["'none'"])],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ...(settings.https ? [["upgrade-insecure-requests"] as [string]] : []),
  ];
  return directives.map((parts) => parts.join(" ")).join("; ");
}

/**
 * Browser features no page of Depot uses are switched off for the page and anything it frames;
 * with Stripe, the Payment Request API stays on for Stripe's frames (wallets).
 */
function permissionsPolicy(settings: SecuritySettings): string {
  const off = ["accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "serial", "usb"];
  const payment = settings.stripe ? `payment=(self "https://js.stripe.com")` : "payment=()";
  return [...off.map((feature) => `${feature}=()`), payment].join(", ");
}

/**
 * What every response carries, pages and API routes alike. Same-origin requests keep the full
 * Referer (the CSRF check falls back to it); other sites learn only our origin, never an order
 * number in a path; Stripe's frames need the origin.
 */
const everyResponse = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
} as const;

/** A page's security headers, its Content-Security-Policy with this response's nonce among them. */
export function securityHeaders(settings: SecuritySettings, nonce: string): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(settings, nonce),
    ...everyResponse,
    "permissions-policy": permissionsPolicy(settings),
    ...(settings.https ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/**
 * The API routes' headers, set by next.config.ts (they depend on no setting): they serve JSON,
 * PDF and Prometheus text, never a document, so their policy allows nothing at all. They are not
 * set by proxy.ts on purpose: a request the proxy handles has its body buffered whole by Next.js
 * first (up to 10 MB), which the streaming body caps of the API routes would then not prevent.
 * HSTS comes with every page, which is where browsers learn it.
 */
export const apiSecurityHeaders: Record<string, string> = {
  ...everyResponse,
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};

import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import nextConfig from "@/next.config";
import { config } from "@/proxy";
import { apiSecurityHeaders, securityHeaders, securitySettings, servedOverHttps } from "./security-headers";

const stripeKeys = { STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_PUBLISHABLE_KEY: "pk_test_abc" };
const nonce = "bm9uY2Utb2YtYS1yZXF1ZXN0";

/** The CSP's directives as name → sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources] as const;
    }),
  );
}

function pageHeaders(source: Record<string, string>) {
  return securityHeaders(securitySettings(parseEnv(source)), nonce);
}

const everySource = (csp: string) => [...directives(csp).values()].flat();

describe("security headers (issue 11 item 3)", () => {
  it("gives a page a nonce-based CSP that frames nothing and lets nothing frame it", () => {
    const headers = pageHeaders({ NODE_ENV: "test" });
    const csp = directives(headers["content-security-policy"]!);
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("frame-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["permissions-policy"]).toContain("payment=()");
  });

  it("puts the nonce Next.js reads (the first script-src nonce) and no unsafe script source in production", () => {
    const csp = pageHeaders({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(40), NEXT_PHASE: "phase-production-build" })["content-security-policy"]!;
    // Next.js takes the first directive starting with "script-src" (get-script-nonce-from-header.js).
    const scriptDirective = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"))!;
    expect(scriptDirective).toContain(`'nonce-${nonce}'`);
    expect(everySource(csp)).not.toContain("'unsafe-eval'");
    expect(directives(csp).get("script-src")).not.toContain("'unsafe-inline'");
    expect(directives(csp).get("script-src")).not.toContain("'strict-dynamic'");
  });

  it("admits Stripe's script, frame and API origins only when a Stripe key is set", () => {
    const without = pageHeaders({ NODE_ENV: "test" });
    expect(everySource(without["content-security-policy"]!).filter((s) => s.includes("stripe"))).toEqual([]);
    expect(without["permissions-policy"]).not.toContain("stripe");

    const withStripe = pageHeaders({ NODE_ENV: "test", ...stripeKeys });
    const csp = directives(withStripe["content-security-policy"]!);
    expect(csp.get("script-src")).toEqual(expect.arrayContaining(["https://js.stripe.com", "https://*.js.stripe.com", `'nonce-${nonce}'`]));
    expect(csp.get("frame-src")).toEqual(["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"]);
    expect(csp.get("connect-src")).toEqual(["'self'", "https://api.stripe.com"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(withStripe["permissions-policy"]).toContain('payment=(self "https://js.stripe.com")');
  });

  it("sends HSTS and upgrades insecure requests only when APP_URL is https", () => {
    const https = pageHeaders({ NODE_ENV: "test", APP_URL: "https://shop.example.com" });
    expect(https["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(directives(https["content-security-policy"]!).has("upgrade-insecure-requests")).toBe(true);

    const http = pageHeaders({ NODE_ENV: "test", APP_URL: "http://localhost:3000" });
    expect(http["strict-transport-security"]).toBeUndefined();
    expect(directives(http["content-security-policy"]!).has("upgrade-insecure-requests")).toBe(false);
    expect(servedOverHttps("https://shop.example.com")).toBe(true);
    expect(servedOverHttps("http://shop.example.com")).toBe(false);
  });

  it("gives API responses nosniff, DENY and a policy that allows nothing, through next.config.ts, not the proxy", async () => {
    expect(apiSecurityHeaders).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    });
    const rules = await nextConfig.headers!();
    expect(rules).toEqual([{ source: "/api/:path*", headers: Object.entries(apiSecurityHeaders).map(([key, value]) => ({ key, value })) }]);
  });

  it("runs the proxy for pages only: a request it handles has its whole body buffered by Next.js first (GW-P1-03)", () => {
    const matches = (url: string) => unstable_doesMiddlewareMatch({ config, nextConfig, url });
    for (const page of ["/", "/signin", "/console", "/console/orders/D100001", "/products/APP-TSHIRT-BLK-M"]) expect({ page, proxied: matches(page) }).toEqual({ page, proxied: true });
    for (const route of ["/api/trpc/cart.add", "/api/webhooks/stripe", "/api/webhooks/carrier/sandbox", "/api/inngest", "/api/auth/callback/credentials", "/_next/static/chunks/a.js"]) {
      expect({ route, proxied: matches(route) }).toEqual({ route, proxied: false });
    }
  });

  it("leaves room for React's eval-based debugging and the dev overlay's styles in development only", () => {
    const dev = directives(pageHeaders({ NODE_ENV: "development" })["content-security-policy"]!);
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    const test = directives(pageHeaders({ NODE_ENV: "test" })["content-security-policy"]!);
    expect(test.get("script-src")).not.toContain("'unsafe-eval'");
  });
});

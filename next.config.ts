import type { NextConfig } from "next";
import { apiSecurityHeaders } from "./server/http/security-headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages loaded from node_modules at runtime instead of bundled. rate-limiter-flexible
  // imports drizzle-orm by a computed name, which a bundle cannot resolve (its PostgreSQL store would
  // fail and every limit fall back to one process's memory); both external share one drizzle-orm.
  serverExternalPackages: ["pino", "postgres", "bcryptjs", "prom-client", "rate-limiter-flexible", "drizzle-orm"],
  typedRoutes: false,
  // Product pictures come from our own route (versioned by `?v=`); no other local image is optimised.
  images: { localPatterns: [{ pathname: "/api/products/*/image" }] },
  // The dev server is reached as localhost and 127.0.0.1 (scripts, Playwright).
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // API routes get their security headers here; pages get theirs, with a nonce, from proxy.ts,
  // which must not handle API routes (Next.js would buffer their request bodies whole).
  async headers() {
    return [{ source: "/api/:path*", headers: Object.entries(apiSecurityHeaders).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;

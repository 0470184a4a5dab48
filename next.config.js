/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages loaded from node_modules at runtime instead of bundled.
  serverExternalPackages: ["pino", "postgres", "bcryptjs", "prom-client"],
  typedRoutes: false,
  // The dev server is reached as localhost and 127.0.0.1 (scripts, Playwright).
  allowedDevOrigins: ["127.0.0.1", "localhost"],
};

export default nextConfig;

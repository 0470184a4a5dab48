/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages loaded from node_modules at runtime instead of bundled.
  serverExternalPackages: ["pino", "postgres", "bcryptjs", "prom-client"],
  typedRoutes: false,
};

export default nextConfig;

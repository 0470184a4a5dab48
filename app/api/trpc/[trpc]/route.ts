import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { withRequestMetrics } from "@/server/lib/metrics";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/routers";

export const dynamic = "force-dynamic";

const handler = withRequestMetrics("/api/trpc", (request: Request) =>
  fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext: (opts) => createContext(opts) }),
);

export { handler as GET, handler as POST };

import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "@/server/env";
import { withRequestMetrics } from "@/server/lib/metrics";
import { withCappedBody } from "@/server/trpc/capped-request";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/routers";

export const dynamic = "force-dynamic";

const handler = withRequestMetrics("/api/trpc", async (request: Request) => {
  // A body over API_MAX_BODY_BYTES is refused (413) while it streams in (GW-P1-03).
  const req = await withCappedBody(request, env().maxBodyBytes.api);
  if (req instanceof Response) return req;
  return fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: (opts) => createContext(opts) });
});

export { handler as GET, handler as POST };

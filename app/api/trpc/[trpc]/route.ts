import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "@/server/env";
import { refuseCrossOrigin } from "@/server/http";
import { withRequestMetrics } from "@/server/lib/metrics";
import { withCappedBody } from "@/server/trpc/capped-request";
import { createContext } from "@/server/trpc/context";
import { trpcErrorResponse } from "@/server/trpc/error-response";
import { appRouter } from "@/server/trpc/routers";

export const dynamic = "force-dynamic";

const handler = withRequestMetrics("/api/trpc", async (request: Request) => {
  // A mutation (always a POST) from another site, or from a script with neither Origin nor Referer.
  const crossOrigin = refuseCrossOrigin(request);
  if (crossOrigin) return trpcErrorResponse(403, "FORBIDDEN", crossOrigin);
  // A body over API_MAX_BODY_BYTES is refused (413) while it streams in (GW-P1-03).
  const req = await withCappedBody(request, env().maxBodyBytes.api);
  if (req instanceof Response) return req;
  return fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: (opts) => createContext(opts) });
});

export { handler as GET, handler as POST };

import { getDbHandle } from "@/db/client";
import { readiness } from "@/server/health";
import { withRequestMetrics } from "@/server/lib/metrics";

export const dynamic = "force-dynamic";

/** Readiness: database reachable, migrations applied, outbox not lagging. 503 otherwise. */
export const GET = withRequestMetrics("/api/health/ready", async () => {
  const result = await readiness(getDbHandle().db);
  return Response.json(result, { status: result.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
});

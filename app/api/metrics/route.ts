import { getDbHandle } from "@/db/client";
import { env } from "@/server/env";
import { metricsRefusal } from "@/server/http";
import { metrics } from "@/server/lib/metrics";
import { refreshOutboxGauges } from "@/server/outbox";

export const dynamic = "force-dynamic";

/** Prometheus text exposition, for the bearer of METRICS_TOKEN or, without one, loopback clients. */
export async function GET(request: Request) {
  const refused = metricsRefusal(request.headers, { token: env().metricsToken, trustedProxyHops: env().trustedProxyHops });
  if (refused) return refused;

  await refreshOutboxGauges(getDbHandle().db).catch(() => undefined);
  return new Response(await metrics.registry.metrics(), {
    headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" },
  });
}

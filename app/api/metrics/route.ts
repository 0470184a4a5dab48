import { getDbHandle } from "@/db/client";
import { metrics } from "@/server/lib/metrics";
import { refreshOutboxGauges } from "@/server/outbox/metrics";

export const dynamic = "force-dynamic";

/** Prometheus text exposition. */
export async function GET() {
  await refreshOutboxGauges(getDbHandle().db).catch(() => undefined);
  return new Response(await metrics.registry.metrics(), {
    headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" },
  });
}

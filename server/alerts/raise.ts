import { Counter } from "prom-client";
import type { DbOrTx } from "@/db/client";
import { opsAlerts } from "@/db/schema";
import { logger } from "@/server/lib/logging";
import { metrics } from "@/server/lib/metrics";

const holder = globalThis as unknown as { __depotAlertCounter?: Counter<"kind" | "severity"> };
const raised = (holder.__depotAlertCounter ??= new Counter({
  name: "depot_alerts_total",
  help: "Alerts raised for ops, by kind",
  labelNames: ["kind", "severity"],
  registers: [metrics.registry],
}));

/** Raises an alert for ops: a row the console shows, an error log line and a metric. */
export async function raiseAlert(
  db: DbOrTx,
  alert: { kind: string; severity: "warning" | "critical"; message: string; orderId?: string | null; details?: Record<string, unknown> },
) {
  const [row] = await db
    .insert(opsAlerts)
    .values({ kind: alert.kind, severity: alert.severity, message: alert.message, orderId: alert.orderId ?? null, details: alert.details ?? {} })
    .returning();
  raised.inc({ kind: alert.kind, severity: alert.severity });
  logger.error({ alert: row }, `ALERT ${alert.kind}: ${alert.message}`);
  return row!;
}

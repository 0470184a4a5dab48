import { Gauge } from "prom-client";
import type { DbOrTx } from "@/db/client";
import { metrics } from "@/server/lib/metrics";
import { outboxStats } from "./stats";

type OutboxGauges = { pending: Gauge; failed: Gauge; oldestAge: Gauge; sentLastHour: Gauge };
const holder = globalThis as unknown as { __depotOutboxGauges?: OutboxGauges };

const gauges = (holder.__depotOutboxGauges ??= {
  pending: new Gauge({ name: "depot_outbox_pending", help: "Outbox events waiting to be sent", registers: [metrics.registry] }),
  failed: new Gauge({ name: "depot_outbox_failed", help: "Outbox events that exhausted their send attempts", registers: [metrics.registry] }),
  oldestAge: new Gauge({
    name: "depot_outbox_oldest_pending_age_seconds",
    help: "Age of the oldest unsent outbox event (0 when none)",
    registers: [metrics.registry],
  }),
  sentLastHour: new Gauge({ name: "depot_outbox_sent_last_hour", help: "Outbox events sent in the last hour", registers: [metrics.registry] }),
});

/** Reads the outbox figures from the database at scrape time (any process may have relayed). */
export async function refreshOutboxGauges(db: DbOrTx): Promise<void> {
  const stats = await outboxStats(db);
  gauges.pending.set(stats.pending);
  gauges.failed.set(stats.failed);
  gauges.oldestAge.set(stats.oldestPendingAgeSeconds ?? 0);
  gauges.sentLastHour.set(stats.sentLastHour);
}

import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { retryLabel, dueLabelRetries } from "@/server/shipping";

const ACTOR = "system:shipment-label-retry";

/**
 * Every 2 minutes: shipments of the manual queue whose label failed because the carrier was
 * unavailable are retried through staff's Retry, with the same idempotency key, once their
 * backoff is due (2, 4, 8, 16, 32 minutes, then hourly; 10 attempts in all): a carrier outage
 * heals by itself when the carrier is back. A staff retry at the same moment is told `busy`, or
 * makes this one skip: never two calls at once. Refusals and exhausted shipments wait for staff.
 */
export const shipmentLabelRetry = inngest.createFunction(
  { id: "shipment-label-retry", retries: 2, triggers: [cron("*/2 * * * *")] },
  async ({ step }) => {
    const due = await step.run("find-due-labels", () => dueLabelRetries(db(), { limit: 50 }));
    const outcomes: Record<string, number> = {};
    for (const id of due) {
      const status = await step.run(
        `retry-label-${id}`,
        async () => (await retryLabel(db(), { shipmentId: id, actor: ACTOR, scope: { kind: "all" }, onlyIfDue: true })).status,
      );
      outcomes[status] = (outcomes[status] ?? 0) + 1;
    }
    return outcomes;
  },
);

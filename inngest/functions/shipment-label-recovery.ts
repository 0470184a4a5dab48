import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { requestLabel, stuckLabelShipments } from "@/server/shipping";

/**
 * Every 5 minutes: shipments left waiting for their label for more than 2 minutes (the process
 * died between the packing commit and the carrier call, or before storing its answer) get their
 * label now — same idempotency key, so a call that did reach the carrier returns the same
 * label. A carrier that still fails sends them to the manual queue: nothing stays stuck.
 */
export const shipmentLabelRecovery = inngest.createFunction(
  { id: "shipment-label-recovery", retries: 2, triggers: [cron("*/5 * * * *")] },
  async ({ step }) => {
    const stuck = await step.run("find-stuck-labels", () => stuckLabelShipments(db(), { olderThanSeconds: 120, limit: 50 }));
    const outcomes: Record<string, number> = {};
    for (const id of stuck) {
      const status = await step.run(`request-label-${id}`, async () => (await requestLabel(db(), id, "system:shipment-label-recovery")).status);
      outcomes[status] = (outcomes[status] ?? 0) + 1;
    }
    return outcomes;
  },
);

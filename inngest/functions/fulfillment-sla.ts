import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { env } from "@/server/env";
import { flagSlaBreaches } from "@/server/shipping";

/** Every 15 minutes: fulfillments not shipped within FULFILLMENT_SLA_HOURS are flagged once, with one warning alert each. */
export const fulfillmentSla = inngest.createFunction(
  { id: "fulfillment-sla", retries: 3, triggers: [cron("*/15 * * * *")] },
  async ({ step }) => {
    const breaches = await step.run("flag-sla-breaches", async () => (await flagSlaBreaches(db(), env().fulfillmentSlaHours)).length);
    return { breaches };
  },
);

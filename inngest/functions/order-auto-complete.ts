import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { env } from "@/server/env";
import { autoCompleteOrders } from "@/server/shipping";

/** Hourly: orders delivered, or shipped with no delivery confirmation, for ORDER_AUTO_COMPLETE_DAYS are completed (P1-2024-03). */
export const orderAutoComplete = inngest.createFunction(
  { id: "order-auto-complete", retries: 3, triggers: [cron("17 * * * *")] },
  async ({ step }) => {
    const completed = await step.run("complete-due-orders", () => autoCompleteOrders(db(), env().orderAutoCompleteDays, { limit: 500 }));
    return { completed };
  },
);

import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { confirmCodOrders } from "@/server/checkout";

/** Every minute: cash-on-delivery orders inside their window are confirmed (NEW-P1-002). */
export const codConfirmation = inngest.createFunction(
  { id: "cod-confirmation", retries: 3, triggers: [cron("* * * * *")] },
  async ({ step }) => {
    const confirmed = await step.run("confirm-cod-orders", () => confirmCodOrders(db(), 500));
    return { confirmed };
  },
);

import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { expireDueOrders } from "@/server/checkout";

/** Every minute: unpaid orders past their reservation TTL are cancelled and their stock released (WH-P0-02). */
export const reservationExpiry = inngest.createFunction(
  { id: "reservation-expiry", retries: 3, triggers: [cron("* * * * *")] },
  async ({ step }) => {
    const expired = await step.run("expire-due-orders", () => expireDueOrders(db(), 500));
    return { expired };
  },
);

import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { deleteAbandonedCarts } from "@/server/cart";

/** Daily: carts untouched for 30 days are deleted (OR-P1-01). */
export const cartCleanup = inngest.createFunction(
  { id: "cart-cleanup", retries: 3, triggers: [cron("TZ=UTC 45 3 * * *")] },
  async ({ step }) => {
    const deleted = await step.run("delete-abandoned-carts", () => deleteAbandonedCarts(db(), 30));
    return { deleted };
  },
);

import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { dueCompensations } from "@/server/compensations";
import { retryCompensation } from "@/server/ops";
import { paymentGateway } from "@/server/payments";

/** Every 5 minutes: due failed compensations are retried with exponential backoff; exhausted ones alert ops. */
export const compensationRetry = inngest.createFunction(
  { id: "compensation-retry", retries: 2, triggers: [cron("*/5 * * * *")] },
  async ({ step }) => {
    const due = await step.run("find-due", () => dueCompensations(db(), 100));
    const outcomes: Record<string, number> = {};
    for (const id of due) {
      const outcome = await step.run(`retry-${id}`, () => retryCompensation(db(), paymentGateway(), id));
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    return outcomes;
  },
);

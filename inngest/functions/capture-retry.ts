import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { env } from "@/server/env";
import { captureDuePayments, paymentGateway } from "@/server/payments";

/** Every 15 minutes: authorized payments due for capture are captured before the 7-day authorization lapses. */
export const captureRetry = inngest.createFunction(
  { id: "capture-retry", retries: 2, triggers: [cron("*/15 * * * *")] },
  async ({ step }) => step.run("capture-due-payments", () => captureDuePayments(db(), paymentGateway(), env().payments.capturePolicy)),
);

import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { reconcileSagas } from "@/server/ops";
import { paymentGateway } from "@/server/payments";

/** Every 5 minutes: orders whose payment and status disagree are finished by the same idempotent steps. */
export const sagaReconcile = inngest.createFunction(
  { id: "saga-reconcile", retries: 2, triggers: [cron("*/5 * * * *")] },
  async ({ step }) => step.run("reconcile", () => reconcileSagas(db(), paymentGateway())),
);

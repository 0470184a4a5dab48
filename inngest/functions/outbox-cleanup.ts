import { cron } from "inngest";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { env } from "@/server/env";
import { deleteSentOutboxRows } from "@/server/outbox";

/** Daily: sent outbox rows older than the retention period (30 days by default) are deleted. */
export const outboxCleanup = inngest.createFunction(
  { id: "outbox-cleanup", retries: 3, triggers: [cron("TZ=UTC 15 3 * * *")] },
  async ({ step }) => {
    const deleted = await step.run("delete-sent-rows", () => deleteSentOutboxRows(db(), env().outbox.retentionDays));
    return { deleted };
  },
);

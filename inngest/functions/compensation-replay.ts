import { compensationReplayRequested } from "@/server/vocabulary/events";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { retryCompensation } from "@/server/ops";
import { paymentGateway } from "@/server/payments";

/**
 * Ops replayed a failed compensation → the same retry the cron runs (INT-P1-02), now. The claim
 * in retryCompensation takes the row only while its replay request is still queued, so a
 * redelivered event, or the cron getting there first, makes no second try. A lost run leaves the
 * row pending: the cron retries it once the request's hold expires.
 */
export const compensationReplay = inngest.createFunction(
  { id: "compensation-replay", retries: 3, triggers: [compensationReplayRequested] },
  async ({ event, step }) => {
    const { compensationId, requestedBy } = event.data.payload;
    const outcome = await step.run("retry", () =>
      retryCompensation(db(), paymentGateway(), compensationId, { force: true, trigger: "replay", actorId: requestedBy }),
    );
    return { compensationId, outcome };
  },
);

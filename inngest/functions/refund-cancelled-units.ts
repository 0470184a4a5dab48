import { orderUnitsCancelled } from "@/server/vocabulary/events";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { recordFailedCompensation } from "@/server/compensations";
import { paymentGateway, refundCancelledUnits } from "@/server/payments";

const ID = "refund-cancelled-units";

/**
 * Units cancelled after a short pick → refund what the customer paid for them. A refund that
 * still fails (or waits for a capture) after the retries becomes a failed compensation; the saga
 * reconcile cron also finds lines left unrefunded if this run is lost.
 */
export const refundCancelledUnitsFn = inngest.createFunction(
  {
    id: ID,
    retries: 4,
    triggers: [orderUnitsCancelled],
    onFailure: async ({ event, error, step }) => {
      const payload = (event.data.event.data as { payload?: { orderId: string; fulfillmentItemId: string } }).payload;
      if (!payload) return;
      await step.run("record-failed-compensation", () =>
        recordFailedCompensation(db(), {
          operation: "refund",
          orderId: payload.orderId,
          metadata: { fulfillmentItemId: payload.fulfillmentItemId, source: ID },
          error: error.message,
          attempts: 5,
        }),
      );
    },
  },
  async ({ event, step }) => step.run("refund-units", () => refundCancelledUnits(db(), paymentGateway(), event.data.payload.fulfillmentItemId)),
);

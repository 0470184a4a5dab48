import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { orderUnitsCancelled } from "@/inngest/events";
import { recordFailedCompensation } from "@/server/compensations/record";
import { paymentGateway } from "@/server/payments/gateway-instance";
import { refundCancelledUnits, type UnitsRefund } from "@/server/payments/refund-units";

const ID = "refund-cancelled-units";

const refundOf = (payload: { orderId: string; amount: string; currency: string; reference: string }): UnitsRefund => ({
  orderId: payload.orderId,
  amount: { amount: payload.amount, currency: payload.currency },
  reference: payload.reference,
});

/**
 * Units cancelled after a short pick → refund what the customer paid for them. A refund that
 * still fails (or waits for a capture) after the retries becomes a failed compensation.
 */
export const refundCancelledUnitsFn = inngest.createFunction(
  {
    id: ID,
    retries: 4,
    triggers: [orderUnitsCancelled],
    onFailure: async ({ event, error, step }) => {
      const original = event.data.event.data as { payload?: { orderId: string; amount: string; currency: string; reference: string } };
      const payload = original.payload;
      if (!payload) return;
      await step.run("record-failed-compensation", () =>
        recordFailedCompensation(db(), {
          operation: "refund",
          orderId: payload.orderId,
          metadata: { unitsRefund: refundOf(payload), source: ID },
          error: error.message,
          attempts: 5,
        }),
      );
    },
  },
  async ({ event, step }) => {
    const refund = refundOf(event.data.payload);
    return step.run("refund-units", () => refundCancelledUnits(db(), paymentGateway(), refund));
  },
);

import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { paymentStatusChanged } from "@/inngest/events";
import { movedTo } from "@/inngest/triggers";
import { recordFailedCompensation } from "@/server/compensations/record";
import { liveReservationIds } from "@/server/inventory/reservations";
import { cancelUnpaidOrder } from "@/server/orders/payment-outcomes";
import { consumeOnce } from "@/server/outbox/consume";

const CONSUMER = "order-cancel-on-payment-failure";

/** Payment failed → the order's stock and code uses are given back and it is cancelled. */
export const orderCancelOnPaymentFailure = inngest.createFunction(
  {
    id: CONSUMER,
    retries: 8,
    triggers: [movedTo(paymentStatusChanged, "failed")],
    // Still failing after the retries: the release becomes a failed compensation carrying the
    // reservation ids it has to release (NEW-P0-001, P0-2024-01).
    onFailure: async ({ event, error, step }) => {
      const payload = (event.data.event.data as { payload?: { orderId?: string; to?: string } }).payload;
      if (payload?.to !== "failed" || !payload.orderId) return;
      const orderId = payload.orderId;
      await step.run("record-failed-compensation", async () =>
        recordFailedCompensation(db(), {
          operation: "release_reservations",
          orderId,
          metadata: { reservationIds: await liveReservationIds(db(), orderId), source: CONSUMER },
          error: error.message,
          attempts: 9,
        }),
      );
    },
  },
  async ({ event, step }) => {
    const { meta, payload } = event.data;
    const outcome = await step.run("release-and-cancel", () =>
      consumeOnce(db(), CONSUMER, meta, (tx) => cancelUnpaidOrder(tx, payload.orderId, "payment declined", `system:${CONSUMER}`)),
    );
    return { outcome: outcome.status, cancelled: outcome.status === "applied" ? outcome.result : false };
  },
);

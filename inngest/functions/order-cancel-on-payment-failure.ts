import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { paymentStatusChanged } from "@/inngest/events";
import { cancelUnpaidOrder } from "@/server/orders/payment-outcomes";
import { consumeOnce } from "@/server/outbox/consume";

const CONSUMER = "order-cancel-on-payment-failure";

/** Payment failed → the order's stock and code uses are given back and it is cancelled. */
export const orderCancelOnPaymentFailure = inngest.createFunction(
  { id: CONSUMER, retries: 8, triggers: [paymentStatusChanged] },
  async ({ event, step }) => {
    const { meta, payload } = event.data;
    if (payload.to !== "failed") return { skipped: payload.to };
    const outcome = await step.run("release-and-cancel", () =>
      consumeOnce(db(), CONSUMER, meta, (tx) => cancelUnpaidOrder(tx, payload.orderId, "payment declined", `system:${CONSUMER}`)),
    );
    return { outcome: outcome.status, cancelled: outcome.status === "applied" ? outcome.result : false };
  },
);

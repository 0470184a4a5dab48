import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { paymentStatusChanged } from "@/inngest/events";
import { env } from "@/server/env";
import { confirmPaidOrder } from "@/server/orders/payment-outcomes";
import { consumeOnce } from "@/server/outbox/consume";
import { paymentGateway } from "@/server/payments/gateway-instance";

const CONSUMER = "order-confirm-on-payment";

/**
 * Payment authorized → order confirmed with its fulfillments → capture (policy on_confirm).
 * A payment for an order that was cancelled meanwhile is voided instead. Each side effect is
 * its own step; the gateway calls carry idempotency keys derived from the intent id.
 */
export const orderConfirmOnPayment = inngest.createFunction(
  { id: CONSUMER, retries: 5, triggers: [paymentStatusChanged] },
  async ({ event, step }) => {
    const { meta, payload } = event.data;
    if (payload.to !== "authorized" || !payload.intentId) return { skipped: payload.to };
    const intentId = payload.intentId;

    const confirmed = await step.run("confirm-order", () =>
      consumeOnce(db(), CONSUMER, meta, (tx) => confirmPaidOrder(tx, payload.orderId, `system:${CONSUMER}`)),
    );
    if (confirmed.status !== "applied") return { skipped: confirmed.status };

    if (confirmed.result === "not_payable") {
      await step.run("void-authorization", async () => {
        await paymentGateway().cancel(intentId);
      });
      return { outcome: "voided" };
    }
    if (confirmed.result === "confirmed" && env().payments.capturePolicy === "on_confirm") {
      await step.run("capture-payment", async () => {
        await paymentGateway().capture(intentId);
      });
      return { outcome: "captured" };
    }
    return { outcome: confirmed.result };
  },
);

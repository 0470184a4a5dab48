import { eq } from "drizzle-orm";
import { NonRetriableError } from "inngest";
import { paymentStatusChanged } from "@/server/vocabulary/events";
import { db } from "@/db/client";
import { orders } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { raiseAlert } from "@/server/alerts";
import { recordFailedCapture, recordFailedCompensation } from "@/server/compensations";
import { env } from "@/server/env";
import { confirmPaidOrder } from "@/server/checkout";
import { consumeOnce } from "@/server/outbox";
import { captureAuthorization, paymentGateway } from "@/server/payments";

const CONSUMER = "order-confirm-on-payment";

/**
 * Payment authorized → order confirmed with its fulfillments → capture (policy on_confirm).
 * A payment for an order that was cancelled meanwhile is voided instead. Each side effect is
 * its own step; the gateway calls carry idempotency keys derived from the intent id.
 */
export const orderConfirmOnPayment = inngest.createFunction(
  {
    id: CONSUMER,
    retries: 5,
    triggers: [movedTo(paymentStatusChanged, "authorized", "event.data.payload.intentId != null")],
    // Still failing after the retries: whatever money step is left becomes a failed compensation
    // (an uncaptured payment with an alert as well: money not collected must not be silent).
    onFailure: async ({ event, error, step }) => {
      const payload = (event.data.event.data as { payload?: { orderId?: string; paymentId?: string; intentId?: string | null; to?: string } }).payload;
      if (payload?.to !== "authorized" || !payload.orderId || !payload.paymentId || !payload.intentId) return;
      const { orderId, paymentId, intentId } = payload;
      await step.run("record-failed-compensation", async () => {
        const [order] = await db().select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
        if (order?.status === "cancelled") {
          return recordFailedCompensation(db(), { operation: "void_authorization", orderId, metadata: { paymentId, intentId, source: CONSUMER }, error: error.message, attempts: 6 });
        }
        const { compensation } = await recordFailedCapture(db(), { orderId, paymentId, intentId, error: error.message, attempts: 6, source: CONSUMER, severity: "critical" });
        return compensation;
      });
    },
  },
  async ({ event, step }) => {
    const { meta, payload } = event.data;
    const intentId = payload.intentId;
    // The trigger admits only payments with an intent; this narrows the type.
    if (intentId === null) throw new NonRetriableError("an authorized payment without an intent id");

    const confirmed = await step.run("confirm-order", () =>
      consumeOnce(db(), CONSUMER, meta, (tx) => confirmPaidOrder(tx, payload.orderId, `system:${CONSUMER}`)),
    );
    if (confirmed.status !== "applied") return { skipped: confirmed.status };

    if (confirmed.result === "not_payable") {
      await step.run("void-authorization", async () => {
        await paymentGateway().cancel(intentId);
      });
      await step.run("flag-for-ops", () =>
        raiseAlert(db(), {
          kind: "payment_for_cancelled_order",
          severity: "warning",
          message: `A payment arrived for order ${payload.orderId} after it was cancelled; the authorization was voided.`,
          orderId: payload.orderId,
          details: { paymentId: payload.paymentId, intentId },
        }),
      );
      return { outcome: "voided" };
    }
    if (confirmed.result === "confirmed" && env().payments.capturePolicy === "on_confirm") {
      await step.run("capture-payment", async () => {
        await captureAuthorization(paymentGateway(), intentId);
      });
      return { outcome: "captured" };
    }
    return { outcome: confirmed.result };
  },
);

import { orderStatusChanged } from "@/server/vocabulary/events";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { recordFailedCompensation } from "@/server/compensations";
import { paymentGateway, refundCapture, settlementFor, voidAuthorization } from "@/server/payments";

const ID = "payment-settle-on-cancel";

/**
 * Order cancelled (customer, ops, expiry, failed payment) → void the authorization or refund
 * the capture. If that still fails after the retries, it becomes a failed compensation.
 */
export const paymentSettleOnCancel = inngest.createFunction(
  {
    id: ID,
    retries: 6,
    triggers: [movedTo(orderStatusChanged, "cancelled")],
    onFailure: async ({ event, error, step }) => {
      const original = event.data.event;
      const orderId = (original.data as { payload?: { orderId?: string } }).payload?.orderId ?? null;
      await step.run("record-failed-compensation", async () => {
        const settlement = orderId ? await settlementFor(db(), orderId) : { action: "none" as const };
        if (settlement.action === "none") return null;
        return recordFailedCompensation(db(), {
          operation: settlement.action === "void" ? "void_authorization" : "refund",
          orderId,
          metadata: { paymentId: settlement.paymentId, intentId: settlement.intentId, source: ID },
          error: error.message,
          attempts: 7,
        });
      });
    },
  },
  async ({ event, step }) => {
    const { payload } = event.data;
    const settlement = await step.run("find-payment", () => settlementFor(db(), payload.orderId));
    if (settlement.action === "void") {
      await step.run("void-authorization", () => voidAuthorization(paymentGateway(), settlement.intentId));
    } else if (settlement.action === "refund") {
      await step.run("refund-payment", () => refundCapture(db(), paymentGateway(), settlement.paymentId, settlement.intentId));
    }
    return { action: settlement.action };
  },
);

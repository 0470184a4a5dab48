import { orderStatusChanged } from "@/server/vocabulary/events";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { cancelShipmentsOfOrder, recordUnvoidedLabels, voidCancelledLabel, carrier } from "@/server/shipping";

const ID = "shipment-cancel-on-order-cancel";

/**
 * Order cancelled → its shipments that have not left are cancelled, and each label the carrier
 * made is voided once with the key cancel-label:<shipment id> (P1-2024-02). The first step
 * claims the shipments (locked, moved to cancelled), so a repeated event finds nothing and calls
 * the carrier for nothing. A void still failing after the retries becomes a cancel_shipment
 * failed compensation, which the compensation-retry cron retries.
 */
export const shipmentCancelOnOrderCancel = inngest.createFunction(
  {
    id: ID,
    retries: 6,
    triggers: [movedTo(orderStatusChanged, "cancelled")],
    onFailure: async ({ event, error, step }) => {
      const payload = (event.data.event.data as { payload?: { orderId?: string; to?: string } }).payload;
      if (payload?.to !== "cancelled" || !payload.orderId) return;
      const orderId = payload.orderId;
      await step.run("record-failed-compensation", () => recordUnvoidedLabels(db(), orderId, error.message, ID));
    },
  },
  async ({ event, step }) => {
    const { payload } = event.data;
    const claimed = await step.run("cancel-shipments", () => cancelShipmentsOfOrder(db(), payload.orderId, `system:${ID}`));
    if (claimed.length === 0) return { cancelled: 0 };
    // One step for the order's labels (at most one per warehouse): a label already voided has
    // lost its pending marker, so a retry of this step skips it and calls the carrier only for the rest.
    const outcomes = await step.run("void-labels", async () => {
      const done: Record<string, string> = {};
      for (const label of claimed) done[label.shipmentId] = await voidCancelledLabel(db(), carrier(), label.shipmentId);
      return done;
    });
    return { cancelled: claimed.length, outcomes };
  },
);

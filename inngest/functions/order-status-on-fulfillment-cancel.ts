import { fulfillmentStatusChanged } from "@/server/vocabulary/events";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { syncOrderWithShipments } from "@/server/shipping";

const ID = "order-status-on-fulfillment-cancel";

/**
 * A fulfillment cancelled while the order's other parcels already left (a short pick nobody can
 * fill): the order no longer waits for it — partially shipped becomes shipped, or delivered
 * when every remaining parcel is (FUL-P0-01, ORD-P0-02). Recomputed from the rows, so a
 * duplicate event changes nothing.
 */
export const orderStatusOnFulfillmentCancel = inngest.createFunction(
  { id: ID, retries: 5, triggers: [movedTo(fulfillmentStatusChanged, "cancelled")] },
  async ({ event, step }) => {
    const { payload } = event.data;
    const status = await step.run("sync-order-status", () => transaction((tx) => syncOrderWithShipments(tx, payload.orderId, `system:${ID}`), db()));
    return { orderStatus: status };
  },
);

import { fulfillmentStatusChanged } from "@/server/vocabulary/events";
import { db } from "@/db/client";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { raiseAlert } from "@/server/alerts";
import { commitShippedStock } from "@/server/inventory";
import { consumeOnce } from "@/server/outbox";

const CONSUMER = "stock-commit-on-shipment";

/**
 * Fulfillment shipped → its reserved stock is committed: reservations confirmed → committed,
 * on_hand and reserved down, ledger rows, one transaction. Once per event (processed_events)
 * and once per line (the guarded UPDATE), so a duplicated or replayed event commits once (WH-P0-02).
 */
export const stockCommitOnShipment = inngest.createFunction(
  {
    id: CONSUMER,
    retries: 8,
    triggers: [movedTo(fulfillmentStatusChanged, "shipped")],
    onFailure: async ({ event, error, step }) => {
      const payload = (event.data.event.data as { payload?: { fulfillmentId?: string; orderId?: string; to?: string } }).payload;
      if (payload?.to !== "shipped" || !payload.fulfillmentId) return;
      const { fulfillmentId, orderId } = payload;
      await step.run("alert-ops", () =>
        raiseAlert(db(), {
          kind: "stock_commit_failed",
          severity: "critical",
          message: `The stock of shipped fulfillment ${fulfillmentId} could not be committed: ${error.message}`,
          orderId: orderId ?? null,
          details: { fulfillmentId, source: CONSUMER },
        }),
      );
    },
  },
  async ({ event, step }) => {
    const { meta, payload } = event.data;
    return step.run("commit-stock", () => consumeOnce(db(), CONSUMER, meta, (tx) => commitShippedStock(tx, payload.fulfillmentId)));
  },
);

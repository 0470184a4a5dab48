import { returnStatusChanged } from "@/server/vocabulary/events";
import { db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { inngest } from "@/inngest/client";
import { movedTo } from "@/inngest/triggers";
import { recordFailedCompensation } from "@/server/compensations";
import { paymentGateway } from "@/server/payments";
import { pendingSettlement, refundReturn, restockReturn } from "@/server/returns";

const ID = "return-settle";

/**
 * Return received and inspected → the sellable units ops chose go back on hand, then the money
 * goes back (card refund through the gateway, cash on delivery recorded as a cash refund,
 * exchange closed with nothing to refund). Each side effect is its own step and idempotent; what
 * is still owed after the retries becomes a failed compensation (operation restock / refund,
 * metadata { returnId }) that the compensation retry cron and ops replay finish (P0-2024-01).
 */
export const returnSettle = inngest.createFunction(
  {
    id: ID,
    retries: 4,
    triggers: [movedTo(returnStatusChanged, "received")],
    onFailure: async ({ event, error, step }) => {
      const payload = (event.data.event.data as { payload?: { returnId?: string; orderId?: string; to?: string } }).payload;
      if (payload?.to !== "received" || !payload.returnId || !payload.orderId) return;
      const { returnId, orderId } = payload;
      await step.run("record-failed-compensations", async () => {
        const owed = await pendingSettlement(db(), returnId);
        const recorded: string[] = [];
        for (const operation of ["restock", "refund"] as const) {
          if (!owed[operation]) continue;
          const row = await recordFailedCompensation(db(), { operation, orderId, metadata: { returnId, source: ID }, error: error.message, attempts: 5 });
          recorded.push(row.id);
        }
        return recorded;
      });
    },
  },
  async ({ event, step }) => {
    const { payload } = event.data;
    const restocked = await step.run("restock-return", () => transaction((tx) => restockReturn(tx, payload.returnId)));
    const refund = await step.run("refund-return", () => refundReturn(db(), paymentGateway(), payload.returnId));
    return { restocked, refund };
  },
);

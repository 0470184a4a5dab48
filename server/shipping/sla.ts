import type { Db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { raiseAlert } from "@/server/alerts";
import { flagSlaBreachedFulfillments, type SlaBreach } from "@/server/fulfillment";

/**
 * Fulfillments not shipped within `hours` of their creation are flagged once: `sla_breached_at`
 * is set by a guarded UPDATE (only where it is still null) and each newly flagged fulfillment
 * raises one warning alert in the same transaction, so a rerun flags and alerts nothing twice.
 * The flag stays when the fulfillment ships late: the manager board shows the breach.
 */
export async function flagSlaBreaches(db: Db, hours: number, { limit = 500 }: { limit?: number } = {}): Promise<SlaBreach[]> {
  return transaction(async (tx) => {
    const rows = await flagSlaBreachedFulfillments(tx, hours, limit);
    for (const f of rows) {
      await raiseAlert(tx, {
        kind: "fulfillment_sla_breached",
        severity: "warning",
        message: `Order ${f.order_number} has not shipped from ${f.warehouse_code} within ${hours} hours (it is ${f.status.replace("_", " ")}).`,
        orderId: f.order_id,
        details: { fulfillmentId: f.id, warehouse: f.warehouse_code, status: f.status, slaHours: hours },
      });
    }
    return rows;
  }, db);
}

import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { transaction } from "@/db/transaction";
import { raiseAlert } from "@/server/alerts/raise";

export type SlaBreach = { id: string; order_id: string; order_number: string; warehouse_code: string; status: string; created_at: string };

/**
 * Fulfillments not shipped within `hours` of their creation are flagged once: `sla_breached_at`
 * is set by a guarded UPDATE (only where it is still null) and each newly flagged fulfillment
 * raises one warning alert in the same transaction, so a rerun flags and alerts nothing twice.
 * The flag stays when the fulfillment ships late: the manager board shows the breach.
 */
export async function flagSlaBreaches(db: Db, hours: number, { limit = 500 }: { limit?: number } = {}): Promise<SlaBreach[]> {
  return transaction(async (tx) => {
    const breached = await tx.execute<SlaBreach>(sql`
      with due as (
        select id from fulfillments
        where sla_breached_at is null
          and status not in ('shipped', 'completed', 'cancelled')
          and created_at < now() - make_interval(hours => ${hours})
        order by created_at
        limit ${limit}
        for update skip locked
      )
      update fulfillments f set sla_breached_at = now()
      from due, orders o, warehouses w
      where f.id = due.id and o.id = f.order_id and w.id = f.warehouse_id
      returning f.id, f.order_id, o.number as order_number, w.code as warehouse_code, f.status::text as status, f.created_at::text as created_at`);
    const rows = [...breached];
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

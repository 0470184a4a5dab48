import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { fulfillments, orders } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { transitionFulfillment } from "@/server/fulfillment";
import { transitionOrder } from "@/server/orders";

/**
 * Orders delivered — or shipped without the carrier ever confirming delivery — for longer than
 * `days` are completed (P1-2024-03), with their shipped fulfillments. The age is how long the
 * order has been in its current status (its history), not since it was placed. One order per
 * transaction, claimed with SKIP LOCKED, so concurrent runs split the work.
 */
export async function autoCompleteOrders(db: Db, days: number, { limit = 200 }: { limit?: number } = {}): Promise<number> {
  let completed = 0;
  for (let i = 0; i < limit; i++) {
    const outcome = await transaction(async (tx) => {
      const [due] = await tx
        .select({ id: orders.id, status: orders.status })
        .from(orders)
        .where(
          and(
            inArray(orders.status, ["delivered", "shipped"]),
            sql`(select max(h.created_at) from order_status_history h where h.order_id = ${orders.id} and h.to_status = ${orders.status})
                < now() - make_interval(days => ${days})`,
          ),
        )
        .orderBy(orders.updatedAt)
        .limit(1)
        .for("update", { skipLocked: true });
      if (!due) return "none" as const;
      const actor = "system:order-auto-complete";
      const shipped = await tx
        .select({ id: fulfillments.id })
        .from(fulfillments)
        .where(and(eq(fulfillments.orderId, due.id), eq(fulfillments.status, "shipped")))
        .orderBy(fulfillments.id);
      for (const f of shipped) {
        await transitionFulfillment(tx, f.id, { to: "completed", reason: `order completed after ${days} days`, actor });
      }
      const reason =
        due.status === "delivered" ? `delivered more than ${days} days ago` : `shipped more than ${days} days ago with no delivery confirmation`;
      await transitionOrder(tx, { orderId: due.id, to: "completed", reason, actor });
      return "completed" as const;
    }, db);
    if (outcome === "none") break;
    completed += 1;
  }
  return completed;
}

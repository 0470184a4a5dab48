import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orders } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { releaseReservations } from "@/server/inventory";
import { transitionOrder } from "@/server/orders";
import { releasePromotions } from "@/server/promotions";

/**
 * Cancels unpaid orders whose reservations expired and gives their stock and code uses back
 * (WH-P0-02), one order per transaction. Safe to run concurrently (SKIP LOCKED).
 */
export async function expireDueOrders(db: Db, limit = 200): Promise<number> {
  let expired = 0;
  for (; expired < limit; expired++) {
    const done = await transaction(async (tx) => {
      const [due] = await tx
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.status, "pending_payment"), lt(orders.reservationExpiresAt, sql`now()`)))
        .orderBy(orders.reservationExpiresAt)
        .limit(1)
        .for("update", { skipLocked: true });
      if (!due) return false;
      await releaseReservations(tx, due.id, "expired");
      await releasePromotions(tx, due.id);
      await transitionOrder(tx, { orderId: due.id, to: "cancelled", reason: "reservation expired before payment", actor: "system:reservation-expiry" });
      return true;
    }, db);
    if (!done) break;
  }
  return expired;
}

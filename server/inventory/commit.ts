import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { fulfillmentItems, reservations } from "@/db/schema";
import { unitsToShip } from "@/server/vocabulary/fulfillment";
import { moveStock, stockRefused, type StockMove } from "./move-stock";

export type StockCommit = { lines: number; units: number };

/**
 * A shipped fulfillment's stock leaves the building: each line's confirmed reservation becomes
 * `committed` and its units come off `on_hand` and `reserved`, with one ledger row per movement,
 * in the caller's transaction (WH-P0-02). The status change is guarded in the UPDATE itself
 * (`where status = 'confirmed'`), so a duplicated or replayed shipped event — even two at once —
 * commits each line once: the second finds nothing to move. Lines are taken in product order,
 * like every other stock write, so concurrent commits cannot deadlock.
 *
 * A line ships `unitsToShip` (less units cancelled or moved after a short pick); the reservation
 * already gave those up when the short pick was written off, so `reserved` drops by what the
 * reservation still holds and `reserved` keeps equalling the live reservations.
 */
export async function commitShippedStock(tx: Tx, fulfillmentId: string): Promise<StockCommit> {
  const lines = await tx
    .select({ item: fulfillmentItems })
    .from(fulfillmentItems)
    .where(eq(fulfillmentItems.fulfillmentId, fulfillmentId))
    .orderBy(asc(fulfillmentItems.productId), asc(fulfillmentItems.id));
  const result: StockCommit = { lines: 0, units: 0 };
  for (const { item } of lines) {
    if (!item.reservationId) continue;
    const [held] = await tx
      .update(reservations)
      .set({ status: "committed", updatedAt: sql`now()` })
      .where(and(eq(reservations.id, item.reservationId), eq(reservations.status, "confirmed")))
      .returning();
    if (!held) continue;
    const shipped = unitsToShip(item);
    const commit: StockMove = {
      warehouseId: held.warehouseId,
      productId: held.productId,
      onHandDelta: -shipped,
      reservedDelta: -held.quantity,
      reason: "shipped",
      referenceType: "fulfillment_item",
      referenceId: item.id,
    };
    if (!(await moveStock(tx, commit))) throw stockRefused(commit);
    result.lines += 1;
    result.units += shipped;
  }
  return result;
}

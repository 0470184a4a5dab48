import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { reservations } from "@/db/schema";
import { DomainError } from "@/server/lib/errors";
import { moveStock, stockRefused, type StockMove } from "./move-stock";

/**
 * Units a picker could not find: they leave the order's confirmed reservation and are written
 * off `on_hand` (the bin held fewer than the books said), with one ledger row, in the caller's
 * transaction. Availability (on_hand − reserved) is unchanged by construction.
 */
export async function writeOffReservedUnits(tx: Tx, input: { reservationId: string; units: number; reference: string }): Promise<void> {
  const [r] = await tx.select().from(reservations).where(eq(reservations.id, input.reservationId)).for("update");
  if (!r || r.status !== "confirmed" || r.quantity < input.units) {
    throw new DomainError("PRECONDITION_FAILED", "The stock held for this line has changed; reload and try again.", { reason: "reservation_changed" });
  }
  const writeOff: StockMove = {
    warehouseId: r.warehouseId,
    productId: r.productId,
    onHandDelta: -input.units,
    reservedDelta: -input.units,
    reason: "short_pick_write_off",
    referenceType: "fulfillment_item",
    referenceId: input.reference,
  };
  if (!(await moveStock(tx, writeOff))) throw stockRefused(writeOff);
  await tx
    .update(reservations)
    .set(r.quantity === input.units ? { status: "released", updatedAt: sql`now()` } : { quantity: r.quantity - input.units, updatedAt: sql`now()` })
    .where(eq(reservations.id, r.id));
}

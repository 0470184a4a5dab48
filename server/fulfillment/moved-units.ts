import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { fulfillmentItems, fulfillments, fulfillmentStatusHistory, type Fulfillment, type FulfillmentItem } from "@/db/schema";

/** Units a short pick moved off a fulfillment line to another warehouse's fulfillment, in the caller's transaction. */
export async function markUnitsMoved(tx: Tx, fulfillmentItemId: string, units: number): Promise<void> {
  await tx
    .update(fulfillmentItems)
    .set({ movedQuantity: sql`${fulfillmentItems.movedQuantity} + ${units}` })
    .where(eq(fulfillmentItems.id, fulfillmentItemId));
}

/** A short-picked line's cancelled (refunded) units, its new total, in the caller's transaction. */
export async function setCancelledUnits(tx: Tx, fulfillmentItemId: string, cancelledQuantity: number): Promise<void> {
  await tx.update(fulfillmentItems).set({ cancelledQuantity }).where(eq(fulfillmentItems.id, fulfillmentItemId));
}

/** A pending fulfillment in another warehouse for units moved there after a short pick, with its first history row. */
export async function createMoveFulfillment(
  tx: Tx,
  input: { orderId: string; warehouseId: string; originFulfillmentId: string; reason: string; actor: string },
): Promise<Fulfillment> {
  const [fulfillment] = await tx.insert(fulfillments).values({ orderId: input.orderId, warehouseId: input.warehouseId, originFulfillmentId: input.originFulfillmentId }).returning();
  await tx.insert(fulfillmentStatusHistory).values({ fulfillmentId: fulfillment!.id, fromStatus: null, toStatus: "pending", reason: input.reason, actor: input.actor });
  return fulfillment!;
}

/** The moved units' line on the fulfillment that ships them. */
export async function addMovedLine(tx: Tx, line: Omit<typeof fulfillmentItems.$inferInsert, "id">): Promise<FulfillmentItem> {
  const [moved] = await tx.insert(fulfillmentItems).values(line).returning();
  return moved!;
}

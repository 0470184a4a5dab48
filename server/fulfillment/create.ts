import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { fulfillmentItems, fulfillments, fulfillmentStatusHistory, reservations } from "@/db/schema";
import { emit } from "@/server/outbox";

/**
 * One fulfillment per warehouse holding the order's confirmed reservations, created together
 * with their items, history and fulfillment/created events in the caller's transaction, so an
 * order never ends up with some of its fulfillments (004 P0-1).
 */
export async function createFulfillments(tx: Tx, orderId: string, actor: string) {
  const held = await tx
    .select()
    .from(reservations)
    .where(and(eq(reservations.orderId, orderId), eq(reservations.status, "confirmed")))
    .orderBy(reservations.warehouseId, reservations.productId);
  const byWarehouse = new Map<string, typeof held>();
  for (const r of held) byWarehouse.set(r.warehouseId, [...(byWarehouse.get(r.warehouseId) ?? []), r]);
  if (byWarehouse.size === 0) return [];

  const created = await tx
    .insert(fulfillments)
    .values([...byWarehouse.keys()].map((warehouseId) => ({ orderId, warehouseId })))
    .onConflictDoNothing()
    .returning();
  if (created.length === 0) return [];
  await tx.insert(fulfillmentItems).values(
    created.flatMap((f) =>
      byWarehouse.get(f.warehouseId)!.map((r) => ({ fulfillmentId: f.id, orderItemId: r.orderItemId, productId: r.productId, reservationId: r.id, quantity: r.quantity })),
    ),
  );
  await tx.insert(fulfillmentStatusHistory).values(created.map((f) => ({ fulfillmentId: f.id, fromStatus: null, toStatus: "pending" as const, reason: "order confirmed", actor })));
  for (const f of created) {
    await emit(tx, {
      name: "fulfillment/created",
      aggregateId: f.id,
      payload: {
        fulfillmentId: f.id,
        orderId,
        warehouseId: f.warehouseId,
        items: byWarehouse.get(f.warehouseId)!.map((r) => ({ productId: r.productId, quantity: r.quantity })),
      },
    });
  }
  return created;
}

import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { orderItems, orders, type Order } from "@/db/schema";

export type NewOrder = Omit<typeof orders.$inferInsert, "id" | "number">;
export type NewOrderLine = Omit<typeof orderItems.$inferInsert, "id" | "orderId">;

/** A placed order's row, numbered from `order_number_seq`, and its lines, in the caller's transaction. */
export async function insertOrder(tx: Tx, order: NewOrder, lines: NewOrderLine[]): Promise<{ order: Order; items: { id: string; productId: string; name: string }[] }> {
  const [row] = await tx
    .insert(orders)
    .values({ ...order, number: sql`'D' || nextval('order_number_seq')` })
    .returning();
  const items = await tx
    .insert(orderItems)
    .values(lines.map((l) => ({ ...l, orderId: row!.id })))
    .returning({ id: orderItems.id, productId: orderItems.productId, name: orderItems.name });
  return { order: row!, items };
}

import { count, desc, eq, sql } from "drizzle-orm";
import type { FulfillmentStatus } from "@/server/vocabulary/fulfillment";
import type { DbOrTx } from "@/db/client";
import { fulfillmentItems, fulfillments, orders, warehouses } from "@/db/schema";
import type { WarehouseScope } from "@/server/auth";

export type FulfillmentRow = {
  id: string;
  orderNumber: string;
  warehouseCode: string;
  warehouseName: string;
  status: FulfillmentStatus;
  /** Order lines this warehouse ships, and the units across them. */
  items: number;
  units: number;
  createdAt: Date;
};

/** Fulfillments the scope can see, newest first. */
export async function listFulfillments(db: DbOrTx, scope: WarehouseScope, { limit = 100 }: { limit?: number } = {}): Promise<FulfillmentRow[]> {
  const rows = await db
    .select({
      id: fulfillments.id,
      orderNumber: orders.number,
      warehouseCode: warehouses.code,
      warehouseName: warehouses.name,
      status: fulfillments.status,
      items: count(fulfillmentItems.id),
      units: sql<string>`coalesce(sum(${fulfillmentItems.quantity}), 0)`,
      createdAt: fulfillments.createdAt,
    })
    .from(fulfillments)
    .innerJoin(orders, eq(orders.id, fulfillments.orderId))
    .innerJoin(warehouses, eq(warehouses.id, fulfillments.warehouseId))
    .leftJoin(fulfillmentItems, eq(fulfillmentItems.fulfillmentId, fulfillments.id))
    .where(scope.kind === "one" ? eq(fulfillments.warehouseId, scope.warehouseId) : undefined)
    .groupBy(fulfillments.id, orders.number, warehouses.code, warehouses.name)
    .orderBy(desc(fulfillments.createdAt), desc(fulfillments.id))
    .limit(Math.max(1, Math.min(limit, 500)));
  return rows.map((r) => ({ ...r, items: Number(r.items), units: Number(r.units) }));
}

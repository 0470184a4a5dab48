import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { WarehouseScope } from "@/server/auth";

export type WarehouseSummary = {
  id: string;
  code: string;
  name: string;
  city: string;
  dailyCapacity: number;
  bins: number;
  skus: number;
  unitsOnHand: number;
  unitsReserved: number;
  lowStock: number;
};

/** Stock figures per warehouse the scope can see. */
export async function warehouseSummaries(db: DbOrTx, scope: WarehouseScope): Promise<WarehouseSummary[]> {
  const rows = await db.execute<{
    id: string; code: string; name: string; city: string; daily_capacity: number;
    bins: string; skus: string; on_hand: string; reserved: string; low_stock: string;
  }>(sql`
    select w.id, w.code, w.name, w.city, w.daily_capacity,
      (select count(*) from warehouse_locations l where l.warehouse_id = w.id) as bins,
      count(il.product_id) filter (where il.on_hand > 0) as skus,
      coalesce(sum(il.on_hand), 0) as on_hand,
      coalesce(sum(il.reserved), 0) as reserved,
      count(il.product_id) filter (where il.on_hand - il.reserved <= il.low_stock_threshold) as low_stock
    from warehouses w
    left join inventory_levels il on il.warehouse_id = w.id
    ${scope.kind === "one" ? sql`where w.id = ${scope.warehouseId}` : sql``}
    group by w.id
    order by w.code`);
  return Array.from(rows, (r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    city: r.city,
    dailyCapacity: Number(r.daily_capacity),
    bins: Number(r.bins),
    skus: Number(r.skus),
    unitsOnHand: Number(r.on_hand),
    unitsReserved: Number(r.reserved),
    lowStock: Number(r.low_stock),
  }));
}

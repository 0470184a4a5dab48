import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

export type CapacityToday = { warehouseId: string; dailyCapacity: number; used: number; overCapacity: boolean };

/**
 * Fulfillments each warehouse has taken on today (in its own time zone) against its daily
 * capacity (FUL-P0-03, WH-P0-03). Unpaid orders' reservations count too: they become
 * fulfillments as soon as the payment is authorized.
 */
export async function capacityToday(db: DbOrTx): Promise<CapacityToday[]> {
  const rows = await db.execute<{ warehouse_id: string; daily_capacity: number; used: number }>(sql`
    select w.id as warehouse_id, w.daily_capacity,
      ((select count(*) from fulfillments f
         where f.warehouse_id = w.id and f.status <> 'cancelled'
           and f.created_at >= (date_trunc('day', now() at time zone w.timezone) at time zone w.timezone))
       + (select count(distinct r.order_id) from reservations r
         where r.warehouse_id = w.id and r.status = 'active'))::int as used
    from warehouses w`);
  return rows.map((r) => ({ warehouseId: r.warehouse_id, dailyCapacity: r.daily_capacity, used: r.used, overCapacity: r.used >= r.daily_capacity }));
}

import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { inventoryLevels, opsAlerts } from "@/db/schema";
import { transaction } from "@/db/transaction";
import { raiseAlert } from "@/server/alerts";
import { levelWithNames } from "./level-row";

/**
 * Low-stock alerts (WH-P1-02). A level is low when what can still be sold there
 * (`on_hand − reserved`) is at or below its `low_stock_threshold` — the same rule as the
 * warehouse figures and the dashboard. Each low spell raises one alert: the alert stays the
 * spell's marker (no second one while it is open) until the level is no longer low, when the
 * checker marks it `recoveredAt`; dropping again later raises a new one.
 *
 * Raised from the adjustment path (under the level's row lock) and by the `low-stock-checker`
 * cron, which also covers stock that left through shipments, write-offs and imports.
 */
export const LOW_STOCK_ALERT = "low_stock";

const levelKey = (warehouseId: string, productId: string) => `${warehouseId}:${productId}`;

/** An open spell: a low-stock alert for this level not yet marked recovered. */
async function hasOpenSpell(tx: Tx, warehouseId: string, productId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: opsAlerts.id })
    .from(opsAlerts)
    .where(and(eq(opsAlerts.kind, LOW_STOCK_ALERT), sql`${opsAlerts.details}->>'key' = ${levelKey(warehouseId, productId)}`, sql`${opsAlerts.details}->>'recoveredAt' is null`))
    .limit(1);
  return Boolean(row);
}

/**
 * With the level's row locked by the caller: if it is low and no alert is open for it, raises
 * one. Returns whether it raised.
 */
export async function raiseLowStockIfNeeded(tx: Tx, warehouseId: string, productId: string): Promise<boolean> {
  const level = await levelWithNames(tx, warehouseId, productId);
  if (!level) return false;
  const available = level.onHand - level.reserved;
  if (available > level.threshold) return false;
  if (await hasOpenSpell(tx, warehouseId, productId)) return false;
  await raiseAlert(tx, {
    kind: LOW_STOCK_ALERT,
    severity: available <= 0 ? "critical" : "warning",
    message:
      available <= 0
        ? `${level.sku} (${level.name}) is out of stock in ${level.code}: ${level.onHand} on hand, ${level.reserved} reserved.`
        : `${level.sku} (${level.name}) is low in ${level.code}: ${available} left to sell (threshold ${level.threshold}).`,
    details: { key: levelKey(warehouseId, productId), warehouseId, productId, sku: level.sku, warehouse: level.code, onHand: level.onHand, reserved: level.reserved, available, threshold: level.threshold },
  });
  return true;
}

/**
 * The cron's pass: closes the spells of levels that are no longer low, then raises one alert
 * for each low level without an open spell, each in its own transaction with the level locked
 * (skipped when another transaction holds it: the next run gets it).
 */
export async function checkLowStock(db: Db, { limit = 500 }: { limit?: number } = {}): Promise<{ raised: number; recovered: number }> {
  const recovered = await db.execute<{ id: string }>(sql`
    update ops_alerts a set details = a.details || jsonb_build_object('recoveredAt', now())
    from inventory_levels il
    where a.kind = ${LOW_STOCK_ALERT}
      and a.details->>'recoveredAt' is null
      and il.warehouse_id::text = a.details->>'warehouseId'
      and il.product_id::text = a.details->>'productId'
      and il.on_hand - il.reserved > il.low_stock_threshold
    returning a.id`);
  const due = await db.execute<{ warehouse_id: string; product_id: string }>(sql`
    select il.warehouse_id, il.product_id from inventory_levels il
    where il.on_hand - il.reserved <= il.low_stock_threshold
      and not exists (
        select 1 from ops_alerts a
        where a.kind = ${LOW_STOCK_ALERT} and a.details->>'recoveredAt' is null
          and a.details->>'key' = il.warehouse_id::text || ':' || il.product_id::text
      )
    order by il.warehouse_id, il.product_id
    limit ${limit}`);
  let raised = 0;
  for (const level of due) {
    const did = await transaction(async (tx) => {
      const [locked] = await tx
        .select({ productId: inventoryLevels.productId })
        .from(inventoryLevels)
        .where(and(eq(inventoryLevels.warehouseId, level.warehouse_id), eq(inventoryLevels.productId, level.product_id)))
        .for("update", { skipLocked: true });
      return locked ? raiseLowStockIfNeeded(tx, level.warehouse_id, level.product_id) : false;
    }, db);
    if (did) raised += 1;
  }
  return { raised, recovered: recovered.length };
}

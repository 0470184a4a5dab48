import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { inventoryLevels, products, warehouses } from "@/db/schema";

/** One stock level with the SKU, product name and warehouse code that messages about it need; locked when asked. */
export async function levelWithNames(tx: Tx, warehouseId: string, productId: string, { lock = false }: { lock?: boolean } = {}) {
  const query = tx
    .select({
      onHand: inventoryLevels.onHand,
      reserved: inventoryLevels.reserved,
      threshold: inventoryLevels.lowStockThreshold,
      sku: products.sku,
      name: products.name,
      code: warehouses.code,
    })
    .from(inventoryLevels)
    .innerJoin(products, eq(products.id, inventoryLevels.productId))
    .innerJoin(warehouses, eq(warehouses.id, inventoryLevels.warehouseId))
    .where(and(eq(inventoryLevels.warehouseId, warehouseId), eq(inventoryLevels.productId, productId)));
  const [level] = lock ? await query.for("update", { of: inventoryLevels }) : await query;
  return level;
}

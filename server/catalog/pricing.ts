import { and, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inventoryLevels, productPrices } from "@/db/schema";

export const STORE_CURRENCY = "USD";

/** Current price per product in one currency, in one query (OR-P1-06: no per-line lookups). */
export async function currentPrices(db: DbOrTx, productIds: string[], currency = STORE_CURRENCY): Promise<Map<string, string>> {
  if (productIds.length === 0) return new Map();
  const rows = await db
    .select({ productId: productPrices.productId, amount: productPrices.amount })
    .from(productPrices)
    .where(
      and(
        inArray(productPrices.productId, productIds),
        eq(productPrices.currency, currency),
        lte(productPrices.effectiveFrom, sql`now()`),
        or(isNull(productPrices.effectiveTo), gt(productPrices.effectiveTo, sql`now()`)),
      ),
    );
  return new Map(rows.map((r) => [r.productId, r.amount]));
}

/** Units available to sell (on hand minus reserved) per product, over all warehouses. */
export async function availableUnits(db: DbOrTx, productIds: string[]): Promise<Map<string, number>> {
  if (productIds.length === 0) return new Map();
  const rows = await db
    .select({
      productId: inventoryLevels.productId,
      available: sql<string>`sum(${inventoryLevels.onHand} - ${inventoryLevels.reserved})`,
    })
    .from(inventoryLevels)
    .where(inArray(inventoryLevels.productId, productIds))
    .groupBy(inventoryLevels.productId);
  return new Map(rows.map((r) => [r.productId, Number(r.available)]));
}

import type { Tx } from "@/db/client";
import { moveStock, stockRefused, type StockMove } from "./move-stock";

/**
 * Returned units back on the shelf: on hand grows in the return's warehouse (its level is
 * created when the warehouse never held the product), with a `return_restock` ledger row
 * pointing at the return line, in the caller's transaction.
 */
export async function restockReturnedUnits(tx: Tx, line: { warehouseId: string; productId: string; quantity: number; returnItemId: string }): Promise<void> {
  const restock: StockMove = {
    warehouseId: line.warehouseId,
    productId: line.productId,
    onHandDelta: line.quantity,
    reservedDelta: 0,
    reason: "return_restock",
    referenceType: "return_item",
    referenceId: line.returnItemId,
  };
  if (!(await moveStock(tx, restock, "upsert"))) throw stockRefused(restock);
}

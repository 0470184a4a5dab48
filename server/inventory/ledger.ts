import type { StockMovementReason } from "@/core/inventory";
import type { Tx } from "@/db/client";
import { inventoryLedger } from "@/db/schema";

export type StockMovement = {
  warehouseId: string;
  productId: string;
  onHandDelta: number;
  reservedDelta: number;
  reason: StockMovementReason;
  /** What caused it, so the SKU ledger can link back: an order, a fulfillment line, a return line, an audit entry, ... */
  referenceType?: "order" | "fulfillment_item" | "reservation" | "return_item" | "stock_import" | "audit";
  referenceId?: string;
};

/**
 * Writes the ledger rows of stock movements in the caller's transaction, beside the
 * `inventory_levels` change they explain (WH-P1-03): the ledger sums to on_hand and reserved.
 */
export async function recordStockMovements(tx: Tx, movements: StockMovement | StockMovement[]): Promise<void> {
  const rows = Array.isArray(movements) ? movements : [movements];
  if (rows.length > 0) await tx.insert(inventoryLedger).values(rows);
}

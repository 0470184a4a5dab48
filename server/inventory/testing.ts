import { expect } from "vitest";
import type { Db } from "@/db/client";
import { stockInvariants } from "@/db/testing";

/**
 * The stock books of one product agree in every warehouse: `reserved` equals its live
 * reservations and never exceeds `on_hand`, and the ledger sums to both (WH-P1-03, OR-P0-03).
 * Scoped to one product: other test files may leave drift on theirs on purpose.
 */
export async function expectStockConsistent(db: Db, productId: string): Promise<void> {
  for (const row of await stockInvariants(db, productId)) {
    expect(row.reserved).toBeLessThanOrEqual(row.on_hand);
    expect(row.reserved).toBe(row.live);
    expect(row.ledger_reserved).toBe(row.reserved);
    expect(row.ledger_on_hand).toBe(row.on_hand);
  }
}

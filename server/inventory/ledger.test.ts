import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stockMovementReasons } from "@/server/vocabulary/inventory";
import { inventoryLedger, warehouses } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";

const handle = testDb(2);
const db = handle.db;
let warehouseId = "";
let productId = "";

beforeAll(async () => {
  const [east] = await db.select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, "EAST"));
  warehouseId = east!.id;
  productId = (await createTestProduct(db, { stock: {} })).id;
});
afterAll(() => handle.close());

/** A ledger row that moves nothing, written straight in SQL as the benchmarks and e2e setups do. */
const zeroMovement = (reason: string) => sql`
  insert into inventory_ledger (warehouse_id, product_id, on_hand_delta, reserved_delta, reason)
  values (${warehouseId}, ${productId}, 0, 0, ${reason})`;

describe("the inventory ledger's reason comes from one list (issue 13, WH-P1-03)", () => {
  it("the database refuses a reason that is not in the list and takes every one that is", async () => {
    const error: unknown = await db.execute(zeroMovement("restocked_by_hand")).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, "the database took a ledger row with an unknown reason").not.toBeNull();
    // invalid_text_representation: the value is not a label of the enum.
    const pg = (error as { code?: string; cause?: { code?: string } }).cause ?? error;
    expect((pg as { code?: string }).code).toBe("22P02");

    for (const reason of stockMovementReasons) await db.execute(zeroMovement(reason));
    const written = await db.select({ reason: inventoryLedger.reason }).from(inventoryLedger).where(eq(inventoryLedger.productId, productId));
    expect(new Set(written.map((r) => r.reason))).toEqual(new Set(stockMovementReasons));
  });
});

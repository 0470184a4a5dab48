import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inventoryLedger, inventoryLevels, reservations, warehouses } from "@/db/schema";
import { createTestProduct, stockInvariants, testDb } from "@/db/testing";
import { confirmedOrder } from "@/server/fulfillment/testing";
import { isDomainError } from "@/server/lib/errors";
import { transaction } from "@/db/transaction";
import { setFlushNotifier } from "@/server/outbox/flush";
import { moveStock, moveStockInOrder, type StockMove } from "./move-stock";
import { writeOffReservedUnits } from "./write-off";

const handle = testDb(2);
const db = handle.db;
let site: Record<string, string> = {};

beforeAll(async () => {
  setFlushNotifier(undefined);
  site = Object.fromEntries((await db.select().from(warehouses)).map((w) => [w.code, w.id]));
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

async function level(productId: string, warehouseId: string) {
  const [row] = await db
    .select({ onHand: inventoryLevels.onHand, reserved: inventoryLevels.reserved })
    .from(inventoryLevels)
    .where(and(eq(inventoryLevels.productId, productId), eq(inventoryLevels.warehouseId, warehouseId)));
  return row ?? null;
}

async function ledger(productId: string) {
  return db
    .select({ warehouseId: inventoryLedger.warehouseId, onHandDelta: inventoryLedger.onHandDelta, reservedDelta: inventoryLedger.reservedDelta, reason: inventoryLedger.reason, referenceId: inventoryLedger.referenceId })
    .from(inventoryLedger)
    .where(eq(inventoryLedger.productId, productId))
    .orderBy(inventoryLedger.id);
}

const move = (productId: string, warehouseId: string, onHandDelta: number, reservedDelta: number): StockMove => ({
  warehouseId,
  productId,
  onHandDelta,
  reservedDelta,
  reason: "adjustment",
  referenceType: "audit",
  referenceId: `move-stock-test:${onHandDelta}:${reservedDelta}`,
});

describe("moveStock: the one writer of stock levels (issue 13, WH-P1-03)", () => {
  it("writes the level change and its ledger row together, and the ledger keeps summing to the level", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 5 } });
    const after = await transaction((tx) => moveStock(tx, move(p.id, site.EAST!, -2, 1)), db);
    expect(after).toEqual({ onHand: 3, reserved: 1 });
    expect(await level(p.id, site.EAST!)).toEqual({ onHand: 3, reserved: 1 });
    expect((await ledger(p.id)).at(-1)).toEqual({ warehouseId: site.EAST!, onHandDelta: -2, reservedDelta: 1, reason: "adjustment", referenceId: "move-stock-test:-2:1" });
    const [sums] = await stockInvariants(db, p.id);
    expect({ onHand: sums!.ledger_on_hand, reserved: sums!.ledger_reserved }).toEqual({ onHand: 3, reserved: 1 });

    // A move rolled back with its transaction leaves neither the level change nor the ledger row.
    await expect(
      transaction(async (tx) => {
        await moveStock(tx, move(p.id, site.EAST!, 4, 0));
        throw new Error("roll back");
      }, db),
    ).rejects.toThrow("roll back");
    expect(await level(p.id, site.EAST!)).toEqual({ onHand: 3, reserved: 1 });
    expect(await ledger(p.id)).toHaveLength(2);
  });

  it("refuses a move that would take on hand or reserved below zero, or reserved above on hand, and writes no ledger row", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 5 } });
    await transaction((tx) => moveStock(tx, move(p.id, site.EAST!, 0, 2)), db);
    const before = await ledger(p.id);
    for (const [onHandDelta, reservedDelta] of [
      [-6, 0], // on hand below zero
      [-4, 0], // on hand below what is reserved
      [0, -3], // reserved below zero
      [0, 4], // reserved above on hand: more than is available
    ] as const) {
      expect(await transaction((tx) => moveStock(tx, move(p.id, site.EAST!, onHandDelta, reservedDelta)), db), `${onHandDelta}/${reservedDelta}`).toBeNull();
    }
    expect(await level(p.id, site.EAST!)).toEqual({ onHand: 5, reserved: 2 });
    expect(await ledger(p.id)).toEqual(before);
  });

  it("refuses a missing level unless asked to create it; `new` refuses an existing one; a level created at zero has no ledger row", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 5 } });
    expect(await transaction((tx) => moveStock(tx, move(p.id, site.WEST!, 3, 0)), db)).toBeNull();
    expect(await level(p.id, site.WEST!)).toBeNull();
    expect(await transaction((tx) => moveStock(tx, move(p.id, site.EAST!, 3, 0), "new"), db)).toBeNull();
    expect(await transaction((tx) => moveStock(tx, move(p.id, site.WEST!, 3, 0), "upsert"), db)).toEqual({ onHand: 3, reserved: 0 });
    expect(await transaction((tx) => moveStock(tx, move(p.id, site.WEST!, 2, 0), "upsert"), db)).toEqual({ onHand: 5, reserved: 0 });
    expect(await transaction((tx) => moveStock(tx, move(p.id, site.CENTRAL!, 0, 0), "new"), db)).toEqual({ onHand: 0, reserved: 0 });
    const rows = await ledger(p.id);
    expect(rows.filter((r) => r.warehouseId === site.WEST!).map((r) => r.onHandDelta)).toEqual([3, 2]);
    expect(rows.some((r) => r.warehouseId === site.CENTRAL!)).toBe(false);
  });

  it("moveStockInOrder stops at the first refused move and returns it", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 5, WEST: 1 } });
    const east = move(p.id, site.EAST!, 0, 2);
    const west = move(p.id, site.WEST!, 0, 2);
    const refused = await transaction((tx) => moveStockInOrder(tx, [west, east]), db).catch((e: unknown) => e);
    expect(refused).toBe(west);
  });

  it("a write-off whose level is gone is refused and writes nothing (the old write-off wrote a ledger row for a level it never changed)", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 5 } });
    const { order } = await confirmedOrder(db, [{ sku: p.sku, quantity: 2 }]);
    const [r] = await db.select().from(reservations).where(eq(reservations.orderId, order.id));
    const rowsBefore = await ledger(p.id);
    // The level row disappears (drift no checker has caught yet).
    await db.execute(sql`delete from inventory_levels where product_id = ${p.id} and warehouse_id = ${r!.warehouseId}`);
    const error = await transaction((tx) => writeOffReservedUnits(tx, { reservationId: r!.id, units: 1, reference: "move-stock-test" }), db).catch((e: unknown) => e);
    expect(isDomainError(error) && error.details?.reason).toBe("stock_refused");
    expect(await ledger(p.id)).toEqual(rowsBefore);
    const [still] = await db.select({ quantity: reservations.quantity }).from(reservations).where(eq(reservations.id, r!.id));
    expect(still!.quantity).toBe(2);
  });
});

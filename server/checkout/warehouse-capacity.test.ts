import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fulfillments, inventoryLedger, inventoryLevels, reservations, warehouses } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { capacityToday } from "@/server/fulfillment/capacity";
import { confirmedOrder, placedOrder } from "@/server/fulfillment/testing";
import { setFlushNotifier } from "@/server/outbox/flush";

const handle = testDb(4);
const db = handle.db;
beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/**
 * A warehouse of its own that takes two fulfillments a day, in Trenton: nearer to a New Jersey
 * address than EAST (Newark), so a checkout prefers it while it has room. Only this test's
 * product is stocked there, so no other test's order goes to it.
 */
async function smallWarehouse() {
  const code = `TCAP-${randomUUID().slice(0, 6).toUpperCase()}`;
  const [site] = await db
    .insert(warehouses)
    .values({
      code,
      name: `Capacity test ${code}`,
      addressLine: "1 State St",
      city: "Trenton, NJ",
      postalCode: "08608",
      country: "US",
      latitude: "40.200000",
      longitude: "-74.700000",
      dailyCapacity: 2,
      timezone: "America/New_York",
    })
    .returning();
  return site!;
}

async function usedToday(warehouseId: string) {
  return (await capacityToday(db)).find((c) => c.warehouseId === warehouseId)!;
}

async function warehouseOfOrder(orderId: string) {
  const held = await db.selectDistinct({ warehouseId: reservations.warehouseId }).from(reservations).where(eq(reservations.orderId, orderId));
  return held.map((r) => r.warehouseId);
}

describe("warehouse capacity at checkout (FUL-P0-03, WH-P0-03, issue 13)", () => {
  it("FUL-P0-03, WH-P0-03 (issue 13): a warehouse whose real fulfillments of today reach its capacity is skipped by the next checkout, for the next nearest with stock", async () => {
    const small = await smallWarehouse();
    const [east] = await db.select().from(warehouses).where(eq(warehouses.code, "EAST"));
    const product = await createTestProduct(db, { stock: { EAST: 10 } });
    await db.insert(inventoryLevels).values({ warehouseId: small.id, productId: product.id, onHand: 10 });
    await db.insert(inventoryLedger).values({ warehouseId: small.id, productId: product.id, onHandDelta: 10, reservedDelta: 0, reason: "test_stock" });
    expect(await usedToday(small.id)).toMatchObject({ dailyCapacity: 2, used: 0, overCapacity: false });

    // Two orders through the real checkout, confirmed into fulfillments: the nearest warehouse takes both.
    for (const n of [1, 2]) {
      const { order, fulfillments: made } = await confirmedOrder(db, [{ sku: product.sku, quantity: 1 }]);
      expect(made.map((f) => f.warehouseId)).toEqual([small.id]);
      expect(await usedToday(small.id)).toMatchObject({ used: n, overCapacity: n === 2 });
      expect(await warehouseOfOrder(order.id)).toEqual([small.id]);
    }
    // What fills it is its fulfillments, not reservations waiting for payment.
    const taken = await db.select().from(fulfillments).where(eq(fulfillments.warehouseId, small.id));
    expect(taken).toHaveLength(2);
    const waiting = await db.select().from(reservations).where(and(eq(reservations.warehouseId, small.id), eq(reservations.status, "active")));
    expect(waiting).toEqual([]);

    // Full for today: the next checkout ships from EAST, though the small warehouse is nearer and has the stock.
    const third = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    expect(await warehouseOfOrder(third.id)).toEqual([east!.id]);
    const [level] = await db.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, small.id), eq(inventoryLevels.productId, product.id)));
    expect(level).toMatchObject({ onHand: 10, reserved: 2 });
  });
});

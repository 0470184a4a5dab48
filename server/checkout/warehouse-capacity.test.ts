import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inventoryLevels, reservations, warehouses } from "@/db/schema";
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
 * EAST (Newark, the nearest warehouse to a New Jersey address) with room for `room` more
 * fulfillments today than it has taken: its capacity is set just above what it has taken so
 * far, and put back by the returned function. (A warehouse of the test's own would outlive it
 * and show up in every later list of warehouses.)
 */
async function eastWithRoomFor(room: number) {
  const [east] = await db.select().from(warehouses).where(eq(warehouses.code, "EAST"));
  const { used } = await usedToday(east!.id);
  await db.update(warehouses).set({ dailyCapacity: used + room }).where(eq(warehouses.id, east!.id));
  return { east: east!, used, restore: () => db.update(warehouses).set({ dailyCapacity: east!.dailyCapacity }).where(eq(warehouses.id, east!.id)) };
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
    const [central] = await db.select().from(warehouses).where(eq(warehouses.code, "CENTRAL"));
    const product = await createTestProduct(db, { stock: { EAST: 10, CENTRAL: 10 } });
    const { east, used, restore } = await eastWithRoomFor(2);
    try {
      const confirmed: string[] = [];
      // Two orders through the real checkout, confirmed into fulfillments: the nearest warehouse takes both.
      for (const n of [1, 2]) {
        const { order, fulfillments: made } = await confirmedOrder(db, [{ sku: product.sku, quantity: 1 }]);
        expect(made.map((f) => f.warehouseId)).toEqual([east.id]);
        expect(await warehouseOfOrder(order.id)).toEqual([east.id]);
        confirmed.push(order.id);
        expect(await usedToday(east.id)).toMatchObject({ dailyCapacity: used + 2, used: used + n, overCapacity: n === 2 });
      }
      // What filled it is their fulfillments: neither order still holds a reservation waiting for payment.
      const waiting = await db.select().from(reservations).where(and(inArray(reservations.orderId, confirmed), eq(reservations.status, "active")));
      expect(waiting).toEqual([]);

      // Full for today: the next checkout ships from CENTRAL, though EAST is nearer and has the stock.
      const third = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
      expect(await warehouseOfOrder(third.id)).toEqual([central!.id]);
      const [level] = await db.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, east.id), eq(inventoryLevels.productId, product.id)));
      expect(level).toMatchObject({ onHand: 10, reserved: 2 });
    } finally {
      await restore();
    }
  });
});

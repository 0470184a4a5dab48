import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { warehouses } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { placedOrder } from "@/server/fulfillment/testing";
import { setFlushNotifier } from "@/server/outbox/flush";
import { adjustStock, skuLedger } from "./levels";

const handle = testDb(2);
const db = handle.db;
let ops: SessionUser;
let site: Record<string, string> = {};

beforeAll(async () => {
  setFlushNotifier(undefined);
  ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
  site = Object.fromEntries((await db.select().from(warehouses)).map((w) => [w.code, w.id]));
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

describe("the SKU ledger (issue 12 item 11, WH-P1-03)", () => {
  it("issue 12 item 11: every row has its warehouse's running balance, the same on whichever keyset page it lands, the order number and the reason's text", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 10, WEST: 5 } });
    const first = await placedOrder(db, [{ sku: p.sku, quantity: 3 }]);
    await transaction((tx) => adjustStock(tx, ops, { warehouseId: site.WEST!, productId: p.id, delta: 4, reason: "found behind the shelf" }), db);
    await transaction((tx) => adjustStock(tx, ops, { warehouseId: site.EAST!, productId: p.id, delta: -2, reason: "two broken in storage" }), db);
    const second = await placedOrder(db, [{ sku: p.sku, quantity: 1 }]);

    const pages = [];
    let before: string | undefined;
    do {
      const page = await skuLedger(db, { sku: p.sku, limit: 2, before });
      pages.push(page.entries);
      before = page.next ?? undefined;
    } while (before);
    expect(pages.map((rows) => rows.length)).toEqual([2, 2, 2]);
    const rows = pages.flat();
    const whole = (await skuLedger(db, { sku: p.sku, limit: 50 })).entries;
    // The paged rows carry the very balances of the one-page ledger.
    expect(rows).toEqual(whole);

    const seen = rows.map((e) => [e.warehouseCode, e.reasonText, e.onHandDelta, e.reservedDelta, e.onHandAfter, e.reservedAfter, e.orderNumber, e.note]);
    expect(seen).toEqual([
      ["EAST", "Reserved for an order", 0, 1, 8, 4, second.number, null],
      ["EAST", "Adjustment", -2, 0, 8, 3, null, "two broken in storage"],
      ["WEST", "Adjustment", 4, 0, 9, 0, null, "found behind the shelf"],
      ["EAST", "Reserved for an order", 0, 3, 10, 3, first.number, null],
      ["WEST", "Initial stock", 5, 0, 5, 0, null, null],
      ["EAST", "Initial stock", 10, 0, 10, 0, null, null],
    ]);

    // One warehouse alone: its own balances, the same figures as in the all-warehouse view.
    const east = (await skuLedger(db, { sku: p.sku, warehouseId: site.EAST, limit: 1, before: rows[0]!.id })).entries;
    expect(east.map((e) => [e.onHandAfter, e.reservedAfter])).toEqual([[8, 3]]);
    // The newest balance of each warehouse is its level.
    const levels = (await skuLedger(db, { sku: p.sku })).levels;
    for (const l of levels) {
      const newest = whole.find((e) => e.warehouseId === l.warehouseId)!;
      expect([newest.onHandAfter, newest.reservedAfter]).toEqual([l.onHand, l.reserved]);
    }
  });
});

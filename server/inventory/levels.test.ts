import { InngestTestEngine } from "@inngest/test";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { auditLog, inventoryLedger, inventoryLevels, opsAlerts, warehouses } from "@/db/schema";
import { createTestProduct, stockInvariants, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { lowStockChecker } from "@/inngest/functions/low-stock-checker";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { env } from "@/server/env";
import { confirmedOrder, placedOrder } from "@/server/fulfillment/testing";
import { commitShippedStock } from "@/server/inventory/commit";
import { isDomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { adjustStock, listLevels, setLowStockThreshold, skuLedger } from "./levels";
import { checkLowStock } from "./low-stock";

const handle = testDb(4);
const db = handle.db;
let ops: SessionUser;
let pools: DbHandle[] = [];
let site: Record<string, string> = {};

beforeAll(async () => {
  setFlushNotifier(undefined);
  ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
  pools = Array.from({ length: 6 }, () => createDb(env().databaseUrl!, { max: 2 }));
  site = Object.fromEntries((await db.select().from(warehouses)).map((w) => [w.code, w.id]));
});
afterAll(async () => {
  setFlushNotifier(null);
  await Promise.all(pools.map((p) => p.close()));
  await handle.close();
});

async function domainReason(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (error) {
    if (isDomainError(error)) return String(error.details?.reason ?? error.code);
    throw error;
  }
}

const lowAlerts = (productId: string) =>
  db.select().from(opsAlerts).where(and(eq(opsAlerts.kind, "low_stock"), sql`${opsAlerts.details}->>'productId' = ${productId}`));

describe("levels and the SKU ledger", () => {
  it("filters by warehouse, SKU or name and low stock, in keyset pages; the ledger pages newest first", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 3, WEST: 40 }, name: "Levels filter 100% cotton_tee" });
    const bySku = await listLevels(db, { search: p.sku.toLowerCase() });
    expect(bySku.rows.map((r) => r.warehouseCode)).toEqual(["EAST", "WEST"]);
    expect((await listLevels(db, { search: "100% cotton_tee" })).rows.map((r) => r.sku)).toEqual([p.sku, p.sku]);
    expect((await listLevels(db, { search: "100%_cotton" })).rows).toEqual([]);
    expect((await listLevels(db, { search: p.sku, warehouseId: site.WEST })).rows).toEqual([expect.objectContaining({ onHand: 40, low: false })]);
    expect((await listLevels(db, { search: p.sku, lowOnly: true })).rows).toEqual([expect.objectContaining({ warehouseCode: "EAST", available: 3, threshold: 5, low: true })]);

    const first = await listLevels(db, { limit: 1, search: p.sku });
    expect(first.next).toEqual({ sku: p.sku, warehouseCode: "EAST" });
    const second = await listLevels(db, { limit: 1, search: p.sku, after: first.next! });
    expect(second.rows.map((r) => r.warehouseCode)).toEqual(["WEST"]);

    for (const delta of [1, 2, 3]) await transaction((tx) => adjustStock(tx, ops, { warehouseId: site.WEST!, productId: p.id, delta, reason: "found in receiving" }), db);
    const page1 = await skuLedger(db, { sku: p.sku, warehouseId: site.WEST, limit: 2 });
    expect(page1.entries.map((e) => e.onHandDelta)).toEqual([3, 2]);
    const page2 = await skuLedger(db, { sku: p.sku, warehouseId: site.WEST, limit: 2, before: page1.next! });
    expect(page2.entries.map((e) => e.onHandDelta)).toEqual([1, 40]);
    expect(page2.next).toBeNull();
    expect(page1.levels.map((l) => [l.warehouseCode, l.onHand])).toEqual([
      ["EAST", 3],
      ["WEST", 46],
    ]);
  });
});

describe("stock adjustments (WH-P1-03)", () => {
  it("moves on hand with an `adjustment` ledger row and an audit row; refuses going below what is reserved", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 10 } });
    await placedOrder(db, [{ sku: p.sku, quantity: 4 }]);

    const down = await transaction((tx) => adjustStock(tx, ops, { warehouseId: site.EAST!, productId: p.id, delta: -6, reason: "cycle count", expectedOnHand: 10 }), db);
    expect(down).toMatchObject({ onHand: 4, reserved: 4 });
    expect(await domainReason(transaction((tx) => adjustStock(tx, ops, { warehouseId: site.EAST!, productId: p.id, delta: -1, reason: "cycle count" }), db))).toBe("below_reserved");
    // A double submit of the same form: the second saw on hand 10, which moved.
    expect(
      await domainReason(transaction((tx) => adjustStock(tx, ops, { warehouseId: site.EAST!, productId: p.id, delta: -6, reason: "cycle count", expectedOnHand: 10 }), db)),
    ).toBe("stale_on_hand");
    expect(await domainReason(transaction((tx) => adjustStock(tx, ops, { warehouseId: site.EAST!, productId: p.id, delta: 2, reason: "" }), db))).toBe("reason_required");

    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ on_hand: 4, reserved: 4, live: 4, ledger_on_hand: 4, ledger_reserved: 4 });
    const rows = await db.select().from(inventoryLedger).where(and(eq(inventoryLedger.productId, p.id), eq(inventoryLedger.reason, "adjustment")));
    expect(rows).toEqual([expect.objectContaining({ onHandDelta: -6, reservedDelta: 0 })]);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, "inventory.adjust"), eq(auditLog.targetId, `${site.EAST}:${p.id}`)));
    expect(audit).toEqual([expect.objectContaining({ reason: "cycle count", details: expect.objectContaining({ delta: -6, onHandBefore: 10, onHand: 4 }) })]);
    // The ledger row names the audit row that says who adjusted and why (WH-P1-03).
    expect(rows[0]).toMatchObject({ referenceType: "audit", referenceId: audit[0]!.id.toString() });
  });

  it("concurrent adjustments on separate connections all count, and none takes on hand below reserved", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 10 } });
    await placedOrder(db, [{ sku: p.sku, quantity: 2 }]);
    const outcomes = await Promise.all(
      pools.map((pool) => domainReason(transaction((tx) => adjustStock(tx, ops, { warehouseId: site.EAST!, productId: p.id, delta: -3, reason: "damaged" }), pool.db))),
    );
    // 10 on hand, 2 reserved: two -3 fit (10 → 4), the third would leave 1 < 2.
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(2);
    expect(outcomes.filter((o) => o === "below_reserved")).toHaveLength(pools.length - 2);
    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ on_hand: 4, reserved: 2, ledger_on_hand: 4 });
  });
});

describe("low-stock alerts (WH-P1-02)", () => {
  it("an adjustment crossing the threshold raises one alert; further decreases and the cron add none", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 20 } });
    const adjust = (delta: number) => transaction((tx) => adjustStock(tx, ops, { warehouseId: site.EAST!, productId: p.id, delta, reason: "damaged in storage" }), db);
    expect((await adjust(-10)).lowStockAlert).toBe(false);
    expect((await adjust(-6)).lowStockAlert).toBe(true);
    expect((await adjust(-1)).lowStockAlert).toBe(false);
    await Promise.all(pools.slice(0, 3).map((pool) => checkLowStock(pool.db)));
    const alerts = await lowAlerts(p.id);
    expect(alerts).toEqual([expect.objectContaining({ severity: "warning", details: expect.objectContaining({ available: 4, threshold: 5, warehouse: "EAST" }) })]);
  });

  it("the low-stock-checker cron covers stock that left by shipment, closes the spell when restocked, and alerts again on the next drop", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 8 } });
    const { fulfillments } = await confirmedOrder(db, [{ sku: p.sku, quantity: 4 }]);
    await transaction((tx) => commitShippedStock(tx, fulfillments[0]!.id), db);
    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ on_hand: 4, reserved: 0 });
    expect(await lowAlerts(p.id)).toEqual([]);

    const { result } = await new InngestTestEngine({ function: lowStockChecker }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });
    expect(result).toMatchObject({ raised: expect.any(Number) });
    expect(await lowAlerts(p.id)).toHaveLength(1);
    await checkLowStock(db);
    expect(await lowAlerts(p.id)).toHaveLength(1);

    await transaction((tx) => adjustStock(tx, ops, { warehouseId: site.EAST!, productId: p.id, delta: 10, reason: "restocked" }), db);
    await checkLowStock(db);
    expect((await lowAlerts(p.id))[0]!.details).toHaveProperty("recoveredAt");
    await transaction((tx) => adjustStock(tx, ops, { warehouseId: site.EAST!, productId: p.id, delta: -12, reason: "sold at the counter" }), db);
    expect(await lowAlerts(p.id)).toHaveLength(2);
  });

  it("a threshold edit is audited, and raising it above what is left alerts at once", async () => {
    const p = await createTestProduct(db, { stock: { WEST: 12 } });
    const set = (threshold: number) => transaction((tx) => setLowStockThreshold(tx, ops, { warehouseId: site.WEST!, productId: p.id, threshold, reason: "fast mover" }), db);
    expect(await set(20)).toMatchObject({ outcome: "changed", lowStockAlert: true });
    expect(await set(20)).toMatchObject({ outcome: "unchanged" });
    expect(await domainReason(set(-1))).toBe("invalid_threshold");
    const [level] = await db.select().from(inventoryLevels).where(eq(inventoryLevels.productId, p.id));
    expect(level!.lowStockThreshold).toBe(20);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "inventory.set_threshold"), eq(auditLog.targetId, `${site.WEST}:${p.id}`)))).toHaveLength(1);
    expect(await lowAlerts(p.id)).toHaveLength(1);
  });
});

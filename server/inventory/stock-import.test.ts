import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, inventoryLedger } from "@/db/schema";
import { createTestProduct, stockInvariants, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { placedOrder } from "@/server/fulfillment/testing";
import { setFlushNotifier } from "@/server/outbox/flush";
import { importStock } from "./stock-import";

const handle = testDb(4);
const db = handle.db;
let ops: SessionUser;

beforeAll(async () => {
  setFlushNotifier(undefined);
  ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

const onHand = async (productId: string) => Object.fromEntries((await stockInvariants(db, productId)).map((r) => [r.warehouse_id, r.on_hand]));

describe("stock CSV import", () => {
  it("reports every bad row with its row number and column, and a dry run changes nothing", async () => {
    const a = await createTestProduct(db, { stock: { EAST: 10 } });
    const b = await createTestProduct(db, { stock: { WEST: 6 } });
    await placedOrder(db, [{ sku: b.sku, quantity: 3 }]);
    const csv = [
      "warehouse_code,sku,on_hand",
      `EAST,${a.sku},25`, // row 2: fine
      `NOWHERE,${a.sku},1`, // row 3: unknown warehouse
      `WEST,NO-SUCH-SKU,1`, // row 4: unknown SKU
      `WEST,${b.sku},-2`, // row 5: not a whole number ≥ 0
      `WEST,${b.sku},2`, // row 6: below the 3 reserved
      `east,${a.sku},30`, // row 7: same level as row 2
      `EAST,${a.sku}`, // row 8: a field short
    ].join("\n");
    const before = await onHand(a.id);
    const report = await transaction((tx) => importStock(tx, ops, { csv, dryRun: true }), db);
    expect(report).toMatchObject({ dryRun: true, applied: false, rows: 7 });
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [3, "warehouse_code"],
      [4, "sku"],
      [5, "on_hand"],
      [6, "on_hand"],
      [7, "sku"],
      [8, null],
    ]);
    expect(report.errors[3]!.message).toMatch(/3 units reserved/);
    expect(await onHand(a.id)).toEqual(before);

    // The same file for real: one bad row aborts the whole import.
    const real = await transaction((tx) => importStock(tx, ops, { csv, dryRun: false }), db);
    expect(real).toMatchObject({ applied: false, changes: [] });
    expect(real.errors).toHaveLength(6);
    expect(await onHand(a.id)).toEqual(before);
    expect(await db.select().from(inventoryLedger).where(and(eq(inventoryLedger.productId, a.id), eq(inventoryLedger.referenceType, "stock_import")))).toEqual([]);
  });

  it("a clean dry run previews the changes; applying sets on hand through adjustment rows, creates missing levels and writes one audit row", async () => {
    const a = await createTestProduct(db, { stock: { EAST: 10 } });
    const b = await createTestProduct(db, { stock: { WEST: 6 } });
    await placedOrder(db, [{ sku: b.sku, quantity: 2 }]);
    // Column order is free, quotes and CRLF are fine, blank lines are skipped.
    const csv = `sku,warehouse_code,on_hand\r\n"${a.sku}",EAST,4\r\n\r\n${a.sku},CENTRAL,7\r\n${b.sku},WEST,2\r\n${b.sku},EAST,0\r\n`;
    const preview = await transaction((tx) => importStock(tx, ops, { csv, dryRun: true }), db);
    expect(preview).toMatchObject({ applied: false, errors: [], rows: 4 });
    expect(preview.changes.map((c) => [c.row, c.warehouseCode, c.onHandBefore, c.onHand, c.created])).toEqual(
      expect.arrayContaining([
        [2, "EAST", 10, 4, false],
        [4, "CENTRAL", 0, 7, true],
        [5, "WEST", 6, 2, false],
        [6, "EAST", 0, 0, true],
      ]),
    );
    expect((await stockInvariants(db, a.id)).map((r) => r.on_hand)).toEqual([10]);

    const done = await transaction((tx) => importStock(tx, ops, { csv, dryRun: false }), db);
    expect(done).toMatchObject({ applied: true, errors: [] });
    const levels = await stockInvariants(db, a.id);
    expect(levels.map((l) => l.on_hand).sort()).toEqual([4, 7]);
    for (const l of [...levels, ...(await stockInvariants(db, b.id))]) {
      expect(l.ledger_on_hand).toBe(l.on_hand);
      expect(l.reserved).toBe(l.live);
    }
    const rows = await db.select().from(inventoryLedger).where(and(eq(inventoryLedger.referenceType, "stock_import"), eq(inventoryLedger.referenceId, done.importId!)));
    expect(rows.every((r) => r.reason === "adjustment")).toBe(true);
    expect(rows.map((r) => r.onHandDelta).sort((x, y) => x - y)).toEqual([-6, -4, 7]);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "inventory.import"), eq(auditLog.targetId, done.importId!)))).toEqual([
      expect.objectContaining({ actorEmail: "ops@depot.test" }),
    ]);

    // The same file again: nothing left to change.
    const again = await transaction((tx) => importStock(tx, ops, { csv, dryRun: false }), db);
    expect(again).toMatchObject({ applied: true, importId: null, changes: [], unchanged: 4 });
  });

  it("reports a file that is not CSV, has the wrong header or no rows", async () => {
    const run = (csv: string) => transaction((tx) => importStock(tx, ops, { csv, dryRun: true }), db);
    expect((await run('warehouse_code,sku,on_hand\nEAST,"open,1\n')).errors).toEqual([expect.objectContaining({ row: 2, column: null })]);
    expect((await run("warehouse,sku,qty\nEAST,X,1\n")).errors.map((e) => e.column)).toEqual(["warehouse_code", "on_hand", "warehouse", "qty"]);
    expect((await run("warehouse_code,sku,on_hand\n")).errors).toEqual([expect.objectContaining({ message: "The file has a header but no rows." })]);
  });
});

import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, inventoryLedger, inventoryLevels, returnItems, returns, warehouses } from "@/db/schema";
import { testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { skuLedger } from "@/server/inventory/levels";
import { expectStockConsistent } from "@/server/inventory/testing";
import { DomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser } from "@/server/trpc/testing";
import { restockReturn } from "./settle";
import { deliveredOrder } from "./testing";

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

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const cause = (error as TRPCError).cause;
  return { code: (error as TRPCError).code, reason: cause instanceof DomainError ? cause.details?.reason : undefined, message: (error as TRPCError).message };
}

async function eastOnHand(productId: string) {
  const [east] = await db.select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, "EAST"));
  const [level] = await db.select().from(inventoryLevels).where(and(eq(inventoryLevels.warehouseId, east!.id), eq(inventoryLevels.productId, productId)));
  return level!.onHand;
}

describe("restocking a returned item inspected as damaged (issue 12 item 11)", () => {
  it("issue 12 item 11: refused by the server without an explicit override; with one and a reason it goes back on the shelf, recorded and audited in the inspection's transaction", async () => {
    const { order, products, browser } = await deliveredOrder(db, { lines: [{ price: "20.75", quantity: 2 }] });
    const product = products[0]!;
    const [line] = await db.query.orderItems.findMany({ where: (t, { eq: is }) => is(t.orderId, order.id) });
    const { number } = await browser.caller.returns.request({ number: order.number, items: [{ orderItemId: line!.id, quantity: 2, reason: "damaged" }], kind: "refund", note: "box crushed" });
    const [ret] = await db.select().from(returns).where(eq(returns.number, number));
    const desk = testBrowser(ops).caller;
    await desk.returns.approve({ returnId: ret!.id });
    const [item] = (await desk.returns.detail({ returnId: ret!.id })).items;
    const damaged = { itemId: item!.id, condition: "damaged" as const, restock: true };
    const audits = () => db.select().from(auditLog).where(and(eq(auditLog.targetId, ret!.id), eq(auditLog.action, "return.restock_override")));

    // No override: refused with a message that says what to do, nothing written.
    expect(await refusal(desk.returns.receive({ returnId: ret!.id, items: [damaged] }))).toMatchObject({
      code: "BAD_REQUEST",
      reason: "restock_not_sellable",
      message: expect.stringContaining(`${product.sku} was inspected as damaged`),
    });
    // An override without a reason is no override.
    expect(await refusal(desk.returns.receive({ returnId: ret!.id, items: [{ ...damaged, restockOverride: { reason: " " } }] }))).toMatchObject({ code: "BAD_REQUEST" });
    expect((await db.select().from(returns).where(eq(returns.id, ret!.id)))[0]!.status).toBe("approved");
    expect(await audits()).toEqual([]);

    // With the override and its reason: received, the item restocked once, the override kept and audited.
    const why = "only the outer box is crushed; product sealed";
    expect(await desk.returns.receive({ returnId: ret!.id, items: [{ ...damaged, restockOverride: { reason: why } }] })).toMatchObject({ changed: true, return: { status: "received" } });
    const [kept] = await db.select().from(returnItems).where(eq(returnItems.id, item!.id));
    expect(kept).toMatchObject({ condition: "damaged", restock: true, restockOverrideReason: why });
    expect(await audits()).toEqual([expect.objectContaining({ actorId: ops.id, orderId: order.id, reason: why, details: expect.objectContaining({ sku: product.sku, quantity: 2, condition: "damaged" }) })]);

    const before = await eastOnHand(product.id);
    expect(await transaction((tx) => restockReturn(tx, ret!.id), db)).toEqual({ items: 1, units: 2 });
    expect(await transaction((tx) => restockReturn(tx, ret!.id), db)).toEqual({ items: 0, units: 0 });
    expect(await eastOnHand(product.id)).toBe(before + 2);
    const rows = await db.select().from(inventoryLedger).where(and(eq(inventoryLedger.productId, product.id), eq(inventoryLedger.reason, "return_restock")));
    expect(rows).toMatchObject([{ onHandDelta: 2, referenceType: "return_item", referenceId: item!.id }]);
    // The SKU ledger links the restock back to the order.
    expect((await skuLedger(db, { sku: product.sku, limit: 1 })).entries[0]).toMatchObject({ reasonText: "Returned to stock", orderNumber: order.number });
    await expectStockConsistent(db, product.id);
  });
});

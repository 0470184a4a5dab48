import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failedCompensations, inventoryLedger, outbox, payments, returnItems, returns } from "@/db/schema";
import { stockInvariants, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import type { LocalExecutor } from "@/inngest/local-executor";
import { testExecutor } from "@/inngest/local-executor/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { retryCompensation } from "@/server/ops/retry-compensation";
import { env } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { SandboxGateway, type Money } from "@/server/payments/gateway";
import { usePaymentGateway } from "@/server/payments/gateway-instance";
import { gatewayWith } from "@/server/payments/gateway/testing";
import { approveReturn, receiveReturn } from "./ops";
import { requestReturn } from "./request";
import { deliveredOrder } from "./testing";

/**
 * The return's refund keeps failing through the served return-settle function, run by the local
 * executor with its retries and onFailure exactly as in production without Inngest Cloud.
 */
const handle = testDb(8);
const db = handle.db;
const sandbox = new SandboxGateway({ webhookUrl: "http://127.0.0.1/none", webhookSecret: env().payments.webhookSecret, deliver: async () => new Response("ok") });
const refundCalls: { intentId: string; amount?: Money; reference?: string }[] = [];
let refundsDown = false;
const gateway = gatewayWith(sandbox, {
  refund: async (intentId, amount, reference) => {
    refundCalls.push({ intentId, amount, reference });
    if (refundsDown) throw new Error("payment provider unavailable");
    return sandbox.refund(intentId, amount, reference);
  },
});

let executor: LocalExecutor;
let ops: SessionUser;

beforeAll(async () => {
  // Background work runs only when a test relays the outbox (runBackgroundWork).
  setFlushNotifier(undefined);
  usePaymentGateway(gateway);
  ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
  executor = await testExecutor();
});
afterAll(async () => {
  await executor.drain(30_000).catch(() => undefined);
  await executor.stop();
  usePaymentGateway(undefined);
  setFlushNotifier(null);
  await sandbox.idle();
  await handle.close();
});

/** Relays the outbox and lets every function run to its end (retries and onFailure included). */
async function runBackgroundWork() {
  for (let i = 0; i < 4; i++) {
    await executor.send([{ name: "outbox/flush", data: {} }]);
    await executor.drain(60_000);
  }
}

describe("a return refund that keeps failing (P0-2024-01)", () => {
  it("becomes a refund failed compensation with the returnId; the compensation retry then refunds once, and the restock is not repeated", async () => {
    const { order, products, intentId } = await deliveredOrder(db, { lines: [{ price: "14.00", quantity: 2 }], payment: "card", gateway });
    // Only this test's events: the fixture already did what the order's saga events would.
    await db.update(outbox).set({ status: "sent" }).where(eq(outbox.status, "pending"));

    const [line] = await db.execute<{ id: string }>(sql`select id from order_items where order_id = ${order.id}`);
    const { return: ret, items } = await transaction(
      (tx) => requestReturn(tx, order, { items: [{ orderItemId: line!.id, quantity: 2, reason: "damaged" }], kind: "refund", note: "" }, { label: "guest", userId: null }, { windowDays: 30 }),
      db,
    );
    refundsDown = true;
    await transaction(async (tx) => {
      await approveReturn(tx, ops, ret.id);
      await receiveReturn(tx, ops, ret.id, [{ itemId: items[0]!.id, condition: "sellable", restock: true }]);
    }, db);
    await runBackgroundWork();

    // The restock step went through; the refund step failed on every try and then onFailure ran.
    expect(refundCalls.filter((c) => c.intentId === intentId).length).toBeGreaterThanOrEqual(5);
    expect((await db.select().from(returns).where(eq(returns.id, ret.id)))[0]!.status).toBe("received");
    const rows = await db.select().from(failedCompensations).where(sql`${failedCompensations.metadata}->>'returnId' = ${ret.id}`);
    expect(rows).toMatchObject([
      { operation: "refund", orderId: order.id, status: "pending", metadata: { returnId: ret.id, source: "return-settle" }, lastError: expect.stringContaining("payment provider unavailable") },
    ]);
    expect((await db.select().from(returnItems).where(eq(returnItems.returnId, ret.id)))[0]!.restockedAt).not.toBeNull();

    // Still down: the cron's try reschedules it.
    expect(await retryCompensation(db, gateway, rows[0]!.id, { force: true })).toBe("retry_later");
    refundsDown = false;
    expect(await retryCompensation(db, gateway, rows[0]!.id, { force: true })).toBe("resolved");
    expect((await db.select().from(returns).where(eq(returns.id, ret.id)))[0]!.status).toBe("refunded");
    expect((await db.select().from(payments).where(eq(payments.intentId, intentId!)))[0]!.status).toBe("partially_refunded");
    // Every try used one key: the provider refunded 28.00 with its NJ tax, 29.86, once.
    expect(new Set(refundCalls.filter((c) => c.intentId === intentId).map((c) => `${c.reference} ${c.amount?.amount}`))).toEqual(new Set([`return:${ret.id} 29.86`]));

    // Replayed again (a double click in the console): nothing more is refunded or restocked.
    await db.update(failedCompensations).set({ status: "pending" }).where(eq(failedCompensations.id, rows[0]!.id));
    const calls = refundCalls.length;
    expect(await retryCompensation(db, gateway, rows[0]!.id, { force: true })).toBe("resolved");
    expect(refundCalls).toHaveLength(calls);
    const restocks = await db.select().from(inventoryLedger).where(and(eq(inventoryLedger.productId, products[0]!.id), eq(inventoryLedger.reason, "return_restock")));
    expect(restocks).toMatchObject([{ onHandDelta: 2 }]);
    for (const row of await stockInvariants(db, products[0]!.id)) expect(row.on_hand).toBe(row.ledger_on_hand);
  });

  it("a restock that fails becomes a restock failed compensation, retried once the cause is gone", async () => {
    const { order, products } = await deliveredOrder(db, { lines: [{ price: "7.00", quantity: 1 }] });
    await db.update(outbox).set({ status: "sent" }).where(eq(outbox.status, "pending"));
    const [line] = await db.execute<{ id: string }>(sql`select id from order_items where order_id = ${order.id}`);
    const { return: ret, items } = await transaction(
      (tx) => requestReturn(tx, order, { items: [{ orderItemId: line!.id, quantity: 1, reason: "other" }], kind: "refund", note: "" }, { label: "guest", userId: null }, { windowDays: 30 }),
      db,
    );
    await transaction(async (tx) => {
      await approveReturn(tx, ops, ret.id);
      await receiveReturn(tx, ops, ret.id, [{ itemId: items[0]!.id, condition: "sellable", restock: true }]);
    }, db);
    // The warehouse the parcel came back to is unknown (a data problem ops must fix): restock can't run.
    const warehouseId = ret.warehouseId;
    await db.update(returns).set({ warehouseId: null }).where(eq(returns.id, ret.id));
    await runBackgroundWork();

    const rows = await db.select().from(failedCompensations).where(sql`${failedCompensations.metadata}->>'returnId' = ${ret.id}`);
    // The refund step never ran (it comes after the restock): both are owed.
    expect(rows.map((r) => r.operation).sort()).toEqual(["refund", "restock"]);
    await db.update(returns).set({ warehouseId }).where(eq(returns.id, ret.id));
    for (const row of rows) expect(await retryCompensation(db, gateway, row.id, { force: true })).toBe("resolved");
    expect((await db.select().from(returns).where(eq(returns.id, ret.id)))[0]!.status).toBe("refunded");
    const restocks = await db.select().from(inventoryLedger).where(and(eq(inventoryLedger.productId, products[0]!.id), eq(inventoryLedger.reason, "return_restock")));
    expect(restocks).toHaveLength(1);
  });
});

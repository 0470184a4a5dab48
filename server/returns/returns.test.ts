import { InngestTestEngine } from "@inngest/test";
import { TRPCError } from "@trpc/server";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, fulfillmentItems, inventoryLedger, inventoryLevels, payments, returnItems, returns, returnStatusHistory, shipments, warehouses } from "@/db/schema";
import { createTestProduct, stockInvariants, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { returnSettle } from "@/inngest/functions/return-settle";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { env } from "@/server/env";
import { confirmedOrder } from "@/server/fulfillment/testing";
import { DomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { SandboxGateway, type Money } from "@/server/payments/gateway";
import { usePaymentGateway } from "@/server/payments/gateway-instance";
import { gatewayWith } from "@/server/payments/gateway/testing";
import { outboxEvent } from "@/server/shipping/testing";
import { newCustomerSession } from "@/server/trpc/test-sessions";
import { testBrowser } from "@/server/trpc/testing";
import { approveReturn, receiveReturn, rejectReturn } from "./ops";
import { requestReturn, type ReturnRequest } from "./request";
import { restockReturn } from "./settle";
import { deliveredOrder } from "./testing";

const handle = testDb(16);
const db = handle.db;
const sandbox = new SandboxGateway({ webhookUrl: "http://127.0.0.1/none", webhookSecret: env().payments.webhookSecret, deliver: async () => new Response("ok") });
/** Every refund the app asked the provider for (the sandbox holds the money and the idempotency keys). */
const refunds: { intentId: string; amount?: Money; reference?: string }[] = [];
const gateway = gatewayWith(sandbox, {
  refund: async (intentId, amount, reference) => {
    refunds.push({ intentId, amount, reference });
    return sandbox.refund(intentId, amount, reference);
  },
});

let alice: SessionUser;
let bob: SessionUser;
let ops: SessionUser;

beforeAll(async () => {
  setFlushNotifier(undefined);
  usePaymentGateway(gateway);
  const signIn = async (email: string) => (await authenticate(db, email, "depot-demo")) ?? Promise.reject(new Error(`seeded ${email} missing`));
  // Customers of the test's own: their carts and orders are nobody else's.
  [alice, bob, ops] = await Promise.all([newCustomerSession(db, "Alice"), newCustomerSession(db, "Bob"), signIn("ops@depot.test")]);
});
afterAll(async () => {
  usePaymentGateway(undefined);
  setFlushNotifier(null);
  await sandbox.idle();
  await handle.close();
});

const asCustomer = (actorUser: SessionUser | null) => ({ label: actorUser ? `user:${actorUser.id}` : "guest", userId: actorUser?.id ?? null });
const window = { windowDays: 30 };

/** The domain error (code and reason) a promise rejects with. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  const domain = error instanceof TRPCError ? error.cause : error;
  expect(domain).toBeInstanceOf(DomainError);
  const d = domain as DomainError;
  return { code: d.code, reason: d.details?.reason, message: d.message };
}

async function itemsOf(orderId: string) {
  return db.execute<{ id: string; product_id: string; quantity: number }>(sql`select id, product_id, quantity from order_items where order_id = ${orderId} order by unit_price desc`);
}

const request = (orderId: string, input: ReturnRequest, actor = asCustomer(null)) => transaction((tx) => requestReturn(tx, { id: orderId }, input, actor, window), db);
const returnById = async (id: string) => (await db.select().from(returns).where(eq(returns.id, id)))[0]!;
const settle = async (returnId: string) => {
  const event = await outboxEvent(db, "return/status-changed", returnId, "received");
  return (await new InngestTestEngine({ function: returnSettle, events: [event as never] }).execute()).result;
};
const restockRows = (productId: string) =>
  db.select().from(inventoryLedger).where(and(eq(inventoryLedger.productId, productId), eq(inventoryLedger.reason, "return_restock")));
const eastLevel = async (productId: string) => {
  const [row] = await db
    .select({ onHand: inventoryLevels.onHand })
    .from(inventoryLevels)
    .innerJoin(warehouses, eq(warehouses.id, inventoryLevels.warehouseId))
    .where(and(eq(inventoryLevels.productId, productId), eq(warehouses.code, "EAST")));
  return row!.onHand;
};
/** Stock, live reservations and the ledger agree in every warehouse. */
async function expectStockConsistent(productId: string) {
  for (const row of await stockInvariants(db, productId)) {
    expect(row.on_hand).toBe(row.ledger_on_hand);
    expect(row.reserved).toBe(row.ledger_reserved);
    expect(row.reserved).toBe(row.live);
  }
}

describe("requesting a return", () => {
  it("refuses an order that has not been delivered", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 5 } });
    const { order } = await confirmedOrder(db, [{ sku: p.sku, quantity: 1 }]);
    const [line] = await itemsOf(order.id);
    expect(await refusal(request(order.id, { items: [{ orderItemId: line!.id, quantity: 1, reason: "damaged" }], kind: "refund", note: "" }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "not_delivered",
      message: expect.stringContaining("once it has been delivered"),
    });
  });

  it("counts the window from the delivery confirmation: 29 days later yes, 31 days later no", async () => {
    const { order } = await deliveredOrder(db, { lines: [{ price: "10.00", quantity: 2 }] });
    const [line] = await itemsOf(order.id);
    const one = { items: [{ orderItemId: line!.id, quantity: 1, reason: "too_small" as const }], kind: "refund" as const, note: "" };
    await db.update(shipments).set({ deliveredAt: sql`now() - interval '31 days'` }).where(eq(shipments.orderId, order.id));
    expect(await refusal(request(order.id, one))).toMatchObject({ code: "PRECONDITION_FAILED", reason: "return_window_passed", message: expect.stringContaining("within 30 days") });
    expect(await db.select().from(returns).where(eq(returns.orderId, order.id))).toEqual([]);
    await db.update(shipments).set({ deliveredAt: sql`now() - interval '29 days'` }).where(eq(shipments.orderId, order.id));
    expect((await request(order.id, one)).return.status).toBe("requested");
  });

  it("allows at most shipped − cancelled − already returned units; a rejected return gives them back", async () => {
    const { order } = await deliveredOrder(db, { lines: [{ price: "10.00", quantity: 3 }] });
    const [line] = await itemsOf(order.id);
    // One of the three units was short-picked: cancelled, refunded, never shipped.
    await db.update(fulfillmentItems).set({ cancelledQuantity: 1, refundedQuantity: 1 }).where(eq(fulfillmentItems.orderItemId, line!.id));
    const ask = (quantity: number) => request(order.id, { items: [{ orderItemId: line!.id, quantity, reason: "no_longer_needed" }], kind: "refund", note: "" });

    expect(await refusal(ask(3))).toMatchObject({ code: "PRECONDITION_FAILED", reason: "too_many_units", message: expect.stringContaining("at most 2") });
    const first = await ask(2);
    expect(first.items).toMatchObject([{ quantity: 2, reason: "no_longer_needed" }]);
    expect(await refusal(ask(1))).toMatchObject({ reason: "too_many_units", message: expect.stringContaining("already in a return") });

    await transaction((tx) => rejectReturn(tx, ops, first.return.id, "no proof of purchase"), db);
    expect((await ask(2)).return.status).toBe("requested");
  });

  it("refuses an item of another order, an empty or duplicated list", async () => {
    const a = await deliveredOrder(db, { lines: [{ price: "10.00", quantity: 1 }] });
    const b = await deliveredOrder(db, { lines: [{ price: "10.00", quantity: 1 }] });
    const [foreign] = await itemsOf(b.order.id);
    const [own] = await itemsOf(a.order.id);
    expect(await refusal(request(a.order.id, { items: [{ orderItemId: foreign!.id, quantity: 1, reason: "other" }], kind: "refund", note: "" }))).toMatchObject({
      code: "INVALID_INPUT",
      reason: "unknown_item",
    });
    expect(await refusal(request(a.order.id, { items: [], kind: "refund", note: "" }))).toMatchObject({ reason: "no_items" });
    const twice = { orderItemId: own!.id, quantity: 1, reason: "other" as const };
    expect(await refusal(request(a.order.id, { items: [twice, twice], kind: "refund", note: "" }))).toMatchObject({ reason: "duplicate_item" });
  });

  it("a customer can return only their own order: anyone else's is not found", async () => {
    const { order } = await deliveredOrder(db, { lines: [{ price: "10.00", quantity: 1 }], buyer: alice });
    const [line] = await itemsOf(order.id);
    const input = { number: order.number, items: [{ orderItemId: line!.id, quantity: 1, reason: "damaged" as const }], kind: "refund" as const, note: "box crushed" };
    for (const stranger of [testBrowser(bob).caller, testBrowser(null).caller]) {
      await expect(stranger.returns.request(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(stranger.returns.forOrder({ number: order.number })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await db.select().from(returns).where(eq(returns.orderId, order.id))).toEqual([]);

    const own = testBrowser(alice).caller;
    expect(await own.returns.forOrder({ number: order.number })).toMatchObject({ eligibility: { eligible: true }, items: [{ returnable: 1 }], returns: [] });
    const created = await own.returns.request(input);
    expect(created).toMatchObject({ number: expect.stringMatching(/^R\d+$/), status: "requested" });
    expect(await own.returns.forOrder({ number: order.number })).toMatchObject({
      items: [{ returnable: 0, returned: 1 }],
      returns: [{ number: created.number, status: "requested", kind: "refund", items: [{ quantity: 1, reason: "damaged" }] }],
    });
    const [history] = await db.select().from(returnStatusHistory).innerJoin(returns, eq(returns.id, returnStatusHistory.returnId)).where(eq(returns.number, created.number));
    expect(history!.return_status_history).toMatchObject({ fromStatus: null, toStatus: "requested", actor: `user:${alice.id}`, actorId: alice.id });
  });

  it("concurrent requests for the same units: one wins, the order is never over-returned", async () => {
    const { order } = await deliveredOrder(db, { lines: [{ price: "10.00", quantity: 2 }] });
    const [line] = await itemsOf(order.id);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => request(order.id, { items: [{ orderItemId: line!.id, quantity: 2, reason: "other" }], kind: "refund", note: "" })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const [counted] = await db.select({ units: sql<number>`coalesce(sum(${returnItems.quantity}), 0)::int` }).from(returnItems).where(eq(returnItems.orderItemId, line!.id));
    expect(counted!.units).toBe(2);
  });
});

describe("ops: approve → receive and inspect → refund and restock", () => {
  it("card order: restocks the sellable item only, refunds the units with their share of NJ tax through the gateway once, payment partially refunded (issue 12 item 3)", async () => {
    const { order, products, intentId } = await deliveredOrder(db, {
      lines: [
        { price: "12.50", quantity: 2 },
        { price: "8.00", quantity: 1 },
      ],
      buyer: alice,
      payment: "card",
      gateway,
    });
    const [sellable, damaged] = products as [(typeof products)[0], (typeof products)[0]];
    const lines = await itemsOf(order.id);
    const customer = testBrowser(alice).caller;
    const { number } = await customer.returns.request({
      number: order.number,
      items: lines.map((l) => ({ orderItemId: l.id, quantity: l.quantity, reason: "not_as_described" as const })),
      kind: "refund",
      note: "",
    });
    const [ret] = await db.select().from(returns).where(eq(returns.number, number));
    const desk = testBrowser(ops).caller;

    expect((await desk.returns.list({ status: "requested" })).rows.map((r) => r.number)).toContain(number);
    // Not approved yet: it can't be received.
    const detail = await desk.returns.detail({ returnId: ret!.id });
    const inspection = detail.items.map((i) => ({
      itemId: i.id,
      condition: i.sku === sellable.sku ? ("sellable" as const) : ("damaged" as const),
      restock: i.sku === sellable.sku,
    }));
    await expect(desk.returns.receive({ returnId: ret!.id, items: inspection })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    expect(await desk.returns.approve({ returnId: ret!.id })).toMatchObject({ changed: true, return: { status: "approved" } });
    expect(await desk.returns.approve({ returnId: ret!.id })).toMatchObject({ changed: false });
    // Restocking a damaged item is refused.
    await expect(
      desk.returns.receive({ returnId: ret!.id, items: inspection.map((i) => ({ ...i, restock: true })) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("only sellable items can be restocked") });
    expect(await desk.returns.receive({ returnId: ret!.id, items: inspection })).toMatchObject({ changed: true, return: { status: "received", refundAmount: "35.1900" } });
    // Received is committed before any money or stock moves: those run in return-settle.
    expect(refunds.filter((r) => r.intentId === intentId)).toEqual([]);
    expect(await restockRows(sellable.id)).toEqual([]);

    expect(await settle(ret!.id)).toEqual({ restocked: { items: 1, units: 2 }, refund: "refunded" });
    expect(refunds.filter((r) => r.intentId === intentId)).toEqual([{ intentId, amount: { amount: "35.19", currency: "USD" }, reference: `return:${ret!.id}` }]);
    const [payment] = await db.select().from(payments).where(eq(payments.intentId, intentId!));
    expect(payment!.status).toBe("partially_refunded");
    expect(await returnById(ret!.id)).toMatchObject({ status: "refunded", refundAmount: "35.1900" });

    // The event again (a redelivery): no second refund, no second restock.
    expect(await settle(ret!.id)).toEqual({ restocked: { items: 0, units: 0 }, refund: "already_settled" });
    expect(refunds.filter((r) => r.intentId === intentId)).toHaveLength(1);

    // 10 stocked − 2 shipped + 2 restocked; the damaged unit stays off the books.
    expect(await eastLevel(sellable.id)).toBe(10);
    expect(await eastLevel(damaged.id)).toBe(9);
    expect(await restockRows(sellable.id)).toMatchObject([{ onHandDelta: 2, reservedDelta: 0, referenceType: "return_item" }]);
    expect(await restockRows(damaged.id)).toEqual([]);
    await expectStockConsistent(sellable.id);
    await expectStockConsistent(damaged.id);

    const history = await db.select().from(returnStatusHistory).where(eq(returnStatusHistory.returnId, ret!.id)).orderBy(returnStatusHistory.createdAt);
    expect(history.map((h) => h.toStatus)).toEqual(["requested", "approved", "received", "refunded"]);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.targetType, "return"), eq(auditLog.targetId, ret!.id))).orderBy(auditLog.id);
    expect(audits.map((a) => [a.action, a.actorId, a.orderId])).toEqual([
      ["return.approve", ops.id, order.id],
      ["return.receive", ops.id, order.id],
    ]);
    expect(await customer.returns.forOrder({ number: order.number })).toMatchObject({ returns: [{ number, status: "refunded", refundAmount: "35.1900" }] });
  });

  it("a second return of the rest of a card order refunds the payment in full, tax included (issue 12 item 3)", async () => {
    // $80.00 ships free; NJ tax $5.30: the payment is $85.30, all of it for the two units.
    const { order, intentId } = await deliveredOrder(db, { lines: [{ price: "40.00", quantity: 2 }], payment: "card", gateway });
    expect(order.total).toBe("85.3000");
    const [line] = await itemsOf(order.id);
    for (const quantity of [1, 1]) {
      const { return: ret } = await request(order.id, { items: [{ orderItemId: line!.id, quantity, reason: "too_large" }], kind: "refund", note: "" });
      const [item] = await db.select().from(returnItems).where(eq(returnItems.returnId, ret.id));
      await transaction(async (tx) => {
        await approveReturn(tx, ops, ret.id);
        await receiveReturn(tx, ops, ret.id, [{ itemId: item!.id, condition: "sellable", restock: true }]);
      }, db);
      expect(await settle(ret.id)).toMatchObject({ refund: "refunded" });
    }
    const [payment] = await db.select().from(payments).where(eq(payments.intentId, intentId!));
    expect(payment!.status).toBe("refunded");
    expect(refunds.filter((r) => r.intentId === intentId).map((r) => r.amount?.amount)).toEqual(["42.65", "42.65"]);
    // Two refunds of the same amount on one intent, each under its own key.
    expect(new Set(refunds.filter((r) => r.intentId === intentId).map((r) => r.reference)).size).toBe(2);
  });

  it("cash on delivery: nothing goes through the gateway, the refund is recorded as paid back by ops", async () => {
    const { order, products } = await deliveredOrder(db, { lines: [{ price: "9.00", quantity: 1 }] });
    const [line] = await itemsOf(order.id);
    const { return: ret } = await request(order.id, { items: [{ orderItemId: line!.id, quantity: 1, reason: "wrong_item" }], kind: "refund", note: "" });
    const [item] = await db.select().from(returnItems).where(eq(returnItems.returnId, ret.id));
    const before = refunds.length;
    await transaction(async (tx) => {
      await approveReturn(tx, ops, ret.id);
      await receiveReturn(tx, ops, ret.id, [{ itemId: item!.id, condition: "sellable", restock: true }]);
    }, db);
    expect(await settle(ret.id)).toEqual({ restocked: { items: 1, units: 1 }, refund: "cash_refund" });
    expect(refunds).toHaveLength(before);
    expect(await returnById(ret.id)).toMatchObject({ status: "refunded", refundAmount: "9.6000" });
    const [last] = await db.select().from(returnStatusHistory).where(and(eq(returnStatusHistory.returnId, ret.id), eq(returnStatusHistory.toStatus, "refunded")));
    expect(last!.reason).toContain("cash refund by ops");
    expect(await eastLevel(products[0]!.id)).toBe(10);
    await expectStockConsistent(products[0]!.id);
  });

  it("exchange: never restocked, nothing refunded, closed", async () => {
    const { order, products, intentId } = await deliveredOrder(db, { lines: [{ price: "15.00", quantity: 1 }], payment: "card", gateway });
    const [line] = await itemsOf(order.id);
    const { return: ret } = await request(order.id, { items: [{ orderItemId: line!.id, quantity: 1, reason: "too_small" }], kind: "exchange", note: "a size up please" });
    const [item] = await db.select().from(returnItems).where(eq(returnItems.returnId, ret.id));
    const desk = testBrowser(ops).caller;
    await desk.returns.approve({ returnId: ret.id });
    await expect(desk.returns.receive({ returnId: ret.id, items: [{ itemId: item!.id, condition: "sellable", restock: true }] })).rejects.toMatchObject({
      message: expect.stringContaining("never restocked"),
    });
    expect(await desk.returns.receive({ returnId: ret.id, items: [{ itemId: item!.id, condition: "sellable", restock: false }] })).toMatchObject({
      return: { status: "received", refundAmount: "0.0000" },
    });
    expect(await settle(ret.id)).toEqual({ restocked: { items: 0, units: 0 }, refund: "closed_exchange" });
    expect(await returnById(ret.id)).toMatchObject({ status: "closed" });
    expect(refunds.filter((r) => r.intentId === intentId)).toEqual([]);
    expect((await db.select().from(payments).where(eq(payments.intentId, intentId!)))[0]!.status).toBe("captured");
    expect(await restockRows(products[0]!.id)).toEqual([]);
    expect(await eastLevel(products[0]!.id)).toBe(9);
    await expectStockConsistent(products[0]!.id);
  });

  it("receive twice or by several operators at once, settle many times at once: restocked once", async () => {
    const { order, products } = await deliveredOrder(db, {
      lines: [
        { price: "5.00", quantity: 3 },
        { price: "6.00", quantity: 2 },
      ],
    });
    const lines = await itemsOf(order.id);
    const { return: ret, items } = await request(order.id, {
      items: lines.map((l) => ({ orderItemId: l.id, quantity: l.quantity, reason: "no_longer_needed" as const })),
      kind: "refund",
      note: "",
    });
    const desk = testBrowser(ops).caller;
    await desk.returns.approve({ returnId: ret.id });
    const inspection = items.map((i) => ({ itemId: i.id, condition: "sellable" as const, restock: true }));
    const received = await Promise.all(Array.from({ length: 4 }, () => desk.returns.receive({ returnId: ret.id, items: inspection })));
    expect(received.filter((r) => r.changed)).toHaveLength(1);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.targetId, ret.id), eq(auditLog.action, "return.receive")));
    expect(audits).toHaveLength(1);
    expect(await db.execute(sql`select 1 from outbox where aggregate_id = ${ret.id} and payload->>'to' = 'received'`)).toHaveLength(1);

    await Promise.all([
      settle(ret.id),
      settle(ret.id),
      transaction((tx) => restockReturn(tx, ret.id), db),
      transaction((tx) => restockReturn(tx, ret.id), db),
      transaction((tx) => restockReturn(tx, ret.id), db),
    ]);
    for (const p of products) {
      expect(await restockRows(p.id)).toHaveLength(1);
      expect(await eastLevel(p.id)).toBe(10);
      await expectStockConsistent(p.id);
    }
    expect(await returnById(ret.id)).toMatchObject({ status: "refunded" });
  });
});

import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { failedCompensations, fulfillments, opsAlerts, orders, payments, promotions, reservations, sandboxWebhookDeliveries } from "@/db/schema";
import { createTestProduct, stockInvariants, testDb } from "@/db/testing";
import type { LocalExecutor } from "@/inngest/local-executor";
import { testExecutor } from "@/inngest/local-executor/testing";
import { authenticate } from "@/server/auth/authenticate";
import { env } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { authorizeOrderPayment } from "@/server/payments/authorize";
import { SandboxGateway } from "@/server/payments/gateway";
import { gatewayWith, sandboxLosesIntent } from "@/server/payments/gateway/testing";
import { usePaymentGateway } from "@/server/payments/gateway-instance";
import { testBrowser, testCard } from "@/server/trpc/testing";

/**
 * The order saga end to end on the real routes: sandbox card → signed webhook → payment moves
 * → outbox → local executor → saga functions → order, stock, fulfillments, capture or void.
 */
const handle = testDb(6);
const db = handle.db;
const address = { name: "Saga Sam", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };
const sandbox = new SandboxGateway({
  webhookUrl: "http://127.0.0.1/api/webhooks/stripe",
  webhookSecret: env().payments.webhookSecret,
  deliveryBackoffMs: 10,
  deliver: (_url, body, headers) => stripeWebhook(new Request("http://127.0.0.1/api/webhooks/stripe", { method: "POST", body, headers })),
});
let executor: LocalExecutor;
/** The executor's clock for crons: each tick moves a minute past the last one. */
let cronClock = Date.now();
const nextMinute = () => executor.tickCrons(new Date((cronClock += 61_000)));

beforeAll(async () => {
  usePaymentGateway(sandbox);
  setFlushNotifier(null);
  executor = await testExecutor();
});
afterAll(async () => {
  await settle();
  await executor.stop();
  usePaymentGateway(undefined);
  await handle.close();
});

/** Until webhooks, outbox and functions have all run out of work. */
async function settle() {
  for (let i = 0; i < 6; i++) {
    await sandbox.idle();
    await executor.send([{ name: "outbox/flush", data: {} }]);
    await executor.drain(30_000);
  }
}

async function placeOrder(stock: number, codes: string[] = [], paymentMethod: "card" | "cod" = "card") {
  const p = await createTestProduct(db, { price: "40.00", stock: { EAST: stock } });
  const guest = testBrowser();
  await guest.caller.cart.add({ sku: p.sku, quantity: 2 });
  const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes });
  const { number } = await guest.caller.checkout.placeOrder({ card: testCard, email: "saga@example.com", address, shippingMethod: "standard", paymentMethod, codes, expectedTotal: quote.total, idempotencyKey: randomUUID() });
  const [order] = await db.select().from(orders).where(eq(orders.number, number));
  return { order: order!, product: p, guest };
}

const orderStatus = async (id: string) => (await db.select().from(orders).where(eq(orders.id, id)))[0]!.status;
const paymentOf = async (orderId: string) => (await db.select().from(payments).where(eq(payments.orderId, orderId)))[0]!;

describe("order saga through the local executor", () => {
  it("card 4242: payment authorized → order confirmed, reservations confirmed, fulfillment created, payment captured", async () => {
    const { order, product } = await placeOrder(5);
    await authorizeOrderPayment(db, sandbox, { orderId: order.id, paymentMethod: "4242424242424242" });
    await settle();

    expect(await orderStatus(order.id)).toBe("confirmed");
    const held = await db.select().from(reservations).where(eq(reservations.orderId, order.id));
    expect(held.every((r) => r.status === "confirmed" && r.expiresAt === null)).toBe(true);
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toMatchObject([{ status: "pending" }]);
    expect(await paymentOf(order.id)).toMatchObject({ status: "captured", amountReceived: order.total });
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 2, live: 2, ledger_reserved: 2 });
  });

  it("declined card: the order stays pending with its stock and code (WH-P0-01); another card then pays it, once (issue 12 item 2)", async () => {
    const before = (await db.select().from(promotions).where(eq(promotions.code, "FREESHIP")))[0]!.usedCount;
    const { order, product } = await placeOrder(5, ["FREESHIP"]);
    const payment = await authorizeOrderPayment(db, sandbox, { orderId: order.id, paymentMethod: "4000000000000002" });
    expect(payment).toMatchObject({ status: "failed", attempt: 1, lastError: { declineCode: "generic_decline" } });
    await settle();

    expect(await orderStatus(order.id)).toBe("pending_payment");
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 2, live: 2, ledger_reserved: 2 });
    expect((await db.select().from(promotions).where(eq(promotions.code, "FREESHIP")))[0]!.usedCount).toBe(before + 1);
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toEqual([]);

    const retried = await authorizeOrderPayment(db, sandbox, { orderId: order.id, paymentMethod: "4242424242424242" });
    expect(retried).toMatchObject({ status: "authorized", attempt: 2, cardBrand: "visa", cardLast4: "4242" });
    await settle();
    expect(await orderStatus(order.id)).toBe("confirmed");
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toHaveLength(1);
    const attempts = await db.select().from(payments).where(eq(payments.orderId, order.id)).orderBy(payments.attempt);
    expect(attempts.map((p) => [p.attempt, p.status])).toEqual([
      [1, "failed"],
      [2, "captured"],
    ]);
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 2, live: 2, ledger_reserved: 2 });
  });

  it("a payment authorized for an order that expired meanwhile is voided, and nothing is confirmed", async () => {
    const { order, product } = await placeOrder(5);
    setFlushNotifier(undefined);
    try {
      await authorizeOrderPayment(db, sandbox, { orderId: order.id, paymentMethod: "4242424242424242" });
      await sandbox.idle();
      // The reservation lapses before the saga hears of the payment.
      await db.update(orders).set({ reservationExpiresAt: sql`now() - interval '1 second'` }).where(eq(orders.id, order.id));
      await nextMinute();
      await executor.drain(30_000);
    } finally {
      setFlushNotifier(null);
    }
    expect(await orderStatus(order.id)).toBe("cancelled");
    await settle();

    expect(await orderStatus(order.id)).toBe("cancelled");
    expect((await paymentOf(order.id)).status).toBe("voided");
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 0, live: 0 });
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toEqual([]);
  });

  it("the same payment event delivered twice confirms once and captures once", async () => {
    const { order } = await placeOrder(5);
    await authorizeOrderPayment(db, sandbox, { orderId: order.id, paymentMethod: "4242424242424242" });
    await settle();
    const [authorizedEvent] = await db.execute<{ id: string; name: string; payload: unknown; aggregate_id: string; sequence: number; schema_version: number; created_at: string }>(
      sql`select * from outbox where name = 'payment/status-changed' and payload->>'orderId' = ${order.id} and payload->>'to' = 'authorized'`,
    );
    const captures = () =>
      executor.runs().filter((r) => r.functionId.endsWith("order-confirm-on-payment") && (r.output as { outcome?: string } | undefined)?.outcome === "captured").length;
    const capturesBefore = captures();
    // Redeliver under a new event id (as a re-sent outbox row would be, were it not deduped).
    await executor.send([
      {
        name: "payment/status-changed",
        data: {
          meta: {
            outboxId: authorizedEvent!.id,
            aggregateType: "payment",
            aggregateId: authorizedEvent!.aggregate_id,
            sequence: authorizedEvent!.sequence,
            schemaVersion: 1,
            occurredAt: new Date(authorizedEvent!.created_at).toISOString(),
          },
          payload: authorizedEvent!.payload,
        },
      },
    ]);
    await settle();
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toHaveLength(1);
    expect(await paymentOf(order.id)).toMatchObject({ status: "captured" });
    expect(captures()).toBe(capturesBefore);
  });

  it("checkout.pay authorizes the buyer's own card order and explains a decline; the order waits for another card (issue 12 item 2)", async () => {
    const { order, guest } = await placeOrder(5);
    await expect(testBrowser().caller.checkout.pay({ number: order.number, card: "4242 4242 4242 4242" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await guest.caller.checkout.pay({ number: order.number, card: "4000 0000 0000 9995" })).toEqual({
      status: "failed",
      message: expect.stringMatching(/^Your card has insufficient funds\. Nothing was charged, and your items are still reserved/),
      attemptsLeft: env().payments.maxAttempts - 1,
    });
    await settle();
    expect(await guest.caller.orders.get({ number: order.number })).toMatchObject({
      status: "pending_payment",
      payment: { status: "failed", attempt: 1, card: { brand: "visa", last4: "9995" } },
    });
  });

  it("cash on delivery: the cron confirms the order and creates its fulfillment, no payment involved (NEW-P1-002)", async () => {
    const { order } = await placeOrder(5, [], "cod");
    await nextMinute();
    await settle();
    expect(await orderStatus(order.id)).toBe("confirmed");
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toHaveLength(1);
    expect(await db.select().from(payments).where(eq(payments.orderId, order.id))).toEqual([]);
  });

  it("a customer cancels inside the window: captured payment refunded, stock back, fulfillment cancelled (OR-P1-04)", async () => {
    const { order, product, guest } = await placeOrder(5);
    await guest.caller.checkout.pay({ number: order.number, card: "4242424242424242" });
    await settle();
    expect(await paymentOf(order.id)).toMatchObject({ status: "captured" });

    expect(await guest.caller.orders.cancel({ number: order.number })).toEqual({ number: order.number, status: "cancelled" });
    await settle();
    expect(await paymentOf(order.id)).toMatchObject({ status: "refunded" });
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 0, live: 0, ledger_reserved: 0 });
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toMatchObject([{ status: "cancelled" }]);
    await expect(guest.caller.orders.cancel({ number: order.number })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("refuses a cancellation past the window", async () => {
    const { order, guest } = await placeOrder(5);
    await db.update(orders).set({ createdAt: sql`now() - interval '2 hours'` }).where(eq(orders.id, order.id));
    await expect(guest.caller.orders.cancel({ number: order.number })).rejects.toMatchObject({
      message: `Order ${order.number} can only be cancelled within 60 minutes of ordering.`,
    });
  });

  it("a void that keeps failing becomes a failed compensation with what is needed to retry it (P0-2024-01)", async () => {
    const { order, guest } = await placeOrder(5);
    await guest.caller.checkout.pay({ number: order.number, card: "4242424242424242" });
    // Keep the payment authorized: confirm without capturing, then cancel while voids fail.
    await settle();
    await db.update(payments).set({ status: "authorized" }).where(eq(payments.orderId, order.id));
    await db.update(orders).set({ status: "confirmed" }).where(eq(orders.id, order.id));
    const payment = await paymentOf(order.id);
    usePaymentGateway(
      gatewayWith(sandbox, {
        cancel: async () => {
          throw new Error("provider unavailable");
        },
      }),
    );
    try {
      await guest.caller.orders.cancel({ number: order.number });
      await settle();
    } finally {
      usePaymentGateway(sandbox);
    }
    const rows = await db.select().from(failedCompensations).where(eq(failedCompensations.orderId, order.id));
    expect(rows).toMatchObject([{ operation: "void_authorization", status: "pending", lastError: "provider unavailable", metadata: { paymentId: payment.id, intentId: payment.intentId } }]);
  });

  it("P0-2024-01: an order confirmed whose intent the provider lost: the capture fails through its retries into a payment_capture compensation with an alert; replayed once the provider knows the intent again, it captures once", async () => {
    const { order } = await placeOrder(5);
    const payment = await authorizeOrderPayment(db, sandbox, { orderId: order.id, paymentMethod: "4242424242424242" });
    await sandbox.idle();
    const lost = await sandboxLosesIntent(db, payment.intentId!);
    await settle();

    expect(await orderStatus(order.id)).toBe("confirmed");
    expect(await paymentOf(order.id)).toMatchObject({ status: "authorized" });
    const [row, ...more] = await db.select().from(failedCompensations).where(eq(failedCompensations.orderId, order.id));
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      operation: "payment_capture",
      status: "pending",
      attempts: 6,
      metadata: { paymentId: payment.id, intentId: payment.intentId, source: "order-confirm-on-payment" },
      lastError: `No such payment_intent: '${payment.intentId}'`,
    });
    expect(await db.select().from(opsAlerts).where(eq(opsAlerts.orderId, order.id))).toMatchObject([{ kind: "payment_capture_failed", severity: "critical" }]);

    // The provider has it again (e.g. the right account's key is back); ops replay from the console.
    await lost.restore();
    const ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
    expect(await testBrowser(ops).caller.compensations.replay({ ids: [row!.id] })).toEqual([{ id: row!.id, outcome: "queued" }]);
    expect(await testBrowser(ops).caller.compensations.replay({ ids: [row!.id] })).toEqual([{ id: row!.id, outcome: "in_progress" }]);
    await settle();

    expect((await db.select().from(failedCompensations).where(eq(failedCompensations.id, row!.id)))[0]).toMatchObject({ status: "resolved" });
    expect(await paymentOf(order.id)).toMatchObject({ status: "captured", amountReceived: order.total });
    const succeeded = await db
      .select()
      .from(sandboxWebhookDeliveries)
      .where(sql`${sandboxWebhookDeliveries.type} = 'payment_intent.succeeded' and ${sandboxWebhookDeliveries.body}::jsonb -> 'data' -> 'object' ->> 'id' = ${payment.intentId}`);
    expect(succeeded).toHaveLength(1);
  });
});

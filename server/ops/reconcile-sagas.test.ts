import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fulfillments, orders, payments } from "@/db/schema";
import { createTestProduct, stockInvariants, testDb } from "@/db/testing";
import { env } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { authorizeOrderPayment } from "@/server/payments/authorize";
import { SandboxGateway } from "@/server/payments/gateway";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { reconcileSagas } from "./reconcile-sagas";

/** No events are relayed here: the saga functions never run, as after a crash that lost them. */
const handle = testDb(4);
const db = handle.db;
const sandbox = new SandboxGateway({ webhookUrl: "http://127.0.0.1/none", webhookSecret: env().payments.webhookSecret, deliver: async () => new Response("ok") });
const address = { name: "Rec Onciler", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await sandbox.idle();
  await handle.close();
});

async function paidOrder(card: string) {
  const p = await createTestProduct(db, { stock: { EAST: 4 } });
  const guest = testBrowser();
  await guest.caller.cart.add({ sku: p.sku, quantity: 2 });
  const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const { number } = await guest.caller.checkout.placeOrder({ card: testCard, email: "rec@example.com", address, shippingMethod: "standard", codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() });
  const [order] = await db.select().from(orders).where(eq(orders.number, number));
  const payment = await authorizeOrderPayment(db, sandbox, { orderId: order!.id, paymentMethod: card });
  await age(order!.id);
  return { order: order!, payment, product: p };
}

async function age(orderId: string) {
  await db.update(orders).set({ updatedAt: sql`now() - interval '10 minutes'` }).where(eq(orders.id, orderId));
  await db.update(payments).set({ updatedAt: sql`now() - interval '10 minutes'` }).where(eq(payments.orderId, orderId));
}

const status = async (id: string) => (await db.select().from(orders).where(eq(orders.id, id)))[0]!.status;

describe("saga reconciliation (recovery after lost events or a crash)", () => {
  it("confirms a paid order the saga never heard about, once", async () => {
    const { order } = await paidOrder("4242424242424242");
    expect(await status(order.id)).toBe("pending_payment");
    const first = await reconcileSagas(db, sandbox);
    expect(first.confirmed).toBeGreaterThanOrEqual(1);
    expect(await status(order.id)).toBe("confirmed");
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toHaveLength(1);
    await reconcileSagas(db, sandbox);
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id))).toHaveLength(1);
  });

  it("leaves an order whose card was declined waiting for another card, its stock still held (issue 12 item 2, WH-P0-01)", async () => {
    const { order, product } = await paidOrder("4000000000000002");
    await reconcileSagas(db, sandbox);
    expect(await status(order.id)).toBe("pending_payment");
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 2, live: 2 });
  });

  it("voids an authorization left on a cancelled order", async () => {
    const { order, payment } = await paidOrder("4242424242424242");
    await db.update(orders).set({ status: "cancelled" }).where(eq(orders.id, order.id));
    await age(order.id);
    await reconcileSagas(db, sandbox);
    expect((await sandbox.retrieve(payment.intentId!)).status).toBe("canceled");
  });

  it("leaves fresh orders to the event path (grace period)", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 2 } });
    const guest = testBrowser();
    await guest.caller.cart.add({ sku: p.sku, quantity: 1 });
    const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
    const { number } = await guest.caller.checkout.placeOrder({ card: testCard, email: "rec@example.com", address, shippingMethod: "standard", codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() });
    const [order] = await db.select().from(orders).where(eq(orders.number, number));
    await authorizeOrderPayment(db, sandbox, { orderId: order!.id, paymentMethod: "4242424242424242" });
    await reconcileSagas(db, sandbox);
    expect(await status(order!.id)).toBe("pending_payment");
  });
});

import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opsAlerts, orders, payments } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { env } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser } from "@/server/trpc/testing";
import { authorizeOrderPayment } from "./authorize";
import { captureDuePayments } from "./capture-due";
import { SandboxGateway } from "./gateway";
import { gatewayWith } from "./gateway/testing";

const handle = testDb(4);
const db = handle.db;
const sandbox = new SandboxGateway({ webhookUrl: "http://127.0.0.1/none", webhookSecret: env().payments.webhookSecret, deliver: async () => new Response("ok") });
const address = { name: "Cap Tester", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await sandbox.idle();
  await handle.close();
});

async function confirmedOrderWithAuthorizedPayment() {
  const p = await createTestProduct(db, { stock: { EAST: 3 } });
  const guest = testBrowser();
  await guest.caller.cart.add({ sku: p.sku, quantity: 1 });
  const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const { number } = await guest.caller.checkout.placeOrder({ email: "cap@example.com", address, shippingMethod: "standard", codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() });
  const [order] = await db.select().from(orders).where(eq(orders.number, number));
  const payment = await authorizeOrderPayment(db, sandbox, { orderId: order!.id, paymentMethod: "4242424242424242" });
  await db.update(orders).set({ status: "confirmed" }).where(eq(orders.id, order!.id));
  await db.update(payments).set({ updatedAt: sql`now() - interval '10 minutes'` }).where(eq(payments.id, payment.id));
  return { order: order!, payment };
}

describe("capture retry before the authorization lapses", () => {
  it("captures an authorized payment of a confirmed order, with the same key however often it runs", async () => {
    const { payment } = await confirmedOrderWithAuthorizedPayment();
    const first = await captureDuePayments(db, sandbox, "on_confirm");
    expect(first.captured).toBeGreaterThanOrEqual(1);
    expect((await sandbox.retrieve(payment.intentId!)).status).toBe("succeeded");
    // Not yet moved by its webhook here: running again captures with the same key, no second capture.
    await captureDuePayments(db, sandbox, "on_confirm");
    expect((await sandbox.retrieve(payment.intentId!)).amountReceived).toBe((await sandbox.retrieve(payment.intentId!)).amount.amount);
  });

  it("waits for the first shipment under that policy", async () => {
    const { payment } = await confirmedOrderWithAuthorizedPayment();
    await captureDuePayments(db, sandbox, "on_first_shipment");
    expect((await sandbox.retrieve(payment.intentId!)).status).toBe("requires_capture");
  });

  it("alerts ops when a capture keeps failing as the authorization nears 7 days", async () => {
    const { order, payment } = await confirmedOrderWithAuthorizedPayment();
    await db.update(payments).set({ createdAt: sql`now() - interval '6 days 1 hour'` }).where(eq(payments.id, payment.id));
    const broken = gatewayWith(sandbox, { capture: async () => Promise.reject(new Error("provider unavailable")) });
    const result = await captureDuePayments(db, broken, "on_confirm");
    expect(result.alerted).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(opsAlerts).where(eq(opsAlerts.orderId, order.id))).toMatchObject([{ kind: "authorization_expiring", severity: "critical" }]);
  });
});

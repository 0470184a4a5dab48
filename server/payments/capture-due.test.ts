import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failedCompensations, opsAlerts, orders, payments } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { recordFailedCompensation } from "@/server/compensations/record";
import { retryCompensation } from "@/server/ops/retry-compensation";
import { env } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { authorizeOrderPayment } from "./authorize";
import { captureDuePayments } from "./capture-due";
import { GatewayError, SandboxGateway } from "./gateway";
import { gatewayWith, sandboxLosesIntent } from "./gateway/testing";

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
  const { number } = await guest.caller.checkout.placeOrder({ card: testCard, email: "cap@example.com", address, shippingMethod: "standard", codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() });
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

describe("a capture that cannot succeed is never silent (P0-2024-01)", () => {
  const compensationsOf = (orderId: string) => db.select().from(failedCompensations).where(eq(failedCompensations.orderId, orderId));
  const alertsOf = (orderId: string) => db.select().from(opsAlerts).where(eq(opsAlerts.orderId, orderId));

  it("P0-2024-01: an intent the provider lost becomes one payment_capture compensation with a critical alert at once; the cron leaves it to the queue, whose retry captures it once the provider knows it again", async () => {
    const { order, payment } = await confirmedOrderWithAuthorizedPayment();
    const lost = await sandboxLosesIntent(db, payment.intentId!);
    const captures: string[] = [];
    const counting = gatewayWith(sandbox, {
      capture: (id, amount) => {
        captures.push(id);
        return sandbox.capture(id, amount);
      },
    });

    const first = await captureDuePayments(db, counting, "on_confirm");
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    expect(await compensationsOf(order.id)).toMatchObject([
      {
        operation: "payment_capture",
        status: "pending",
        attempts: 1,
        metadata: { paymentId: payment.id, intentId: payment.intentId, source: "capture-retry" },
        lastError: `No such payment_intent: '${payment.intentId}'`,
      },
    ]);
    expect(await alertsOf(order.id)).toMatchObject([{ kind: "payment_capture_failed", severity: "critical" }]);

    // The queue owns it now: the next runs neither ask the provider again nor record it twice.
    await captureDuePayments(db, counting, "on_confirm");
    expect(captures.filter((id) => id === payment.intentId)).toHaveLength(1);
    expect(await compensationsOf(order.id)).toHaveLength(1);
    expect(await alertsOf(order.id)).toHaveLength(1);

    await lost.restore();
    const [row] = await compensationsOf(order.id);
    expect(await retryCompensation(db, counting, row!.id, { force: true })).toBe("resolved");
    expect(await retryCompensation(db, counting, row!.id, { force: true })).toBe("not_due");
    const intent = await sandbox.retrieve(payment.intentId!);
    expect(intent).toMatchObject({ status: "succeeded", amountReceived: intent.amount.amount });
    expect(captures.filter((id) => id === payment.intentId)).toHaveLength(2);
  });

  it("P0-2024-01: an authorization the provider no longer holds (voided there: payment_intent_unexpected_state) becomes a failed compensation with an alert", async () => {
    const { order, payment } = await confirmedOrderWithAuthorizedPayment();
    await sandbox.cancel(payment.intentId!);
    await captureDuePayments(db, sandbox, "on_confirm");
    const [row, ...more] = await compensationsOf(order.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ operation: "payment_capture", status: "pending" });
    expect(row!.lastError).toMatch(/status of canceled/);
    expect(await alertsOf(order.id)).toMatchObject([{ kind: "payment_capture_failed", severity: "critical" }]);
  });

  it("P0-2024-01: a capture still failing an hour after it fell due becomes a failed compensation with a warning; a fresh failure is left to the next run", async () => {
    const fresh = await confirmedOrderWithAuthorizedPayment();
    const stale = await confirmedOrderWithAuthorizedPayment();
    await db.update(payments).set({ updatedAt: sql`now() - interval '2 hours'` }).where(eq(payments.id, stale.payment.id));
    await db.update(orders).set({ updatedAt: sql`now() - interval '2 hours'` }).where(eq(orders.id, stale.order.id));
    const down = gatewayWith(sandbox, {
      capture: async () => {
        throw new GatewayError("timeout", "Payment provider did not answer in time");
      },
    });
    await captureDuePayments(db, down, "on_confirm");
    expect(await compensationsOf(fresh.order.id)).toEqual([]);
    expect(await alertsOf(fresh.order.id)).toEqual([]);
    expect(await compensationsOf(stale.order.id)).toMatchObject([{ operation: "payment_capture", status: "pending", lastError: "Payment provider did not answer in time" }]);
    expect(await alertsOf(stale.order.id)).toMatchObject([{ kind: "payment_capture_failed", severity: "warning" }]);
  });

  it("an intent the provider captured already (the capture's key long forgotten) is a capture done: the cron does not escalate it and its compensation resolves", async () => {
    const { order, payment } = await confirmedOrderWithAuthorizedPayment();
    await sandbox.capture(payment.intentId!);
    // What Stripe answers a capture of a captured intent once its idempotency key has expired.
    const forgetful = gatewayWith(sandbox, {
      capture: async (id) => {
        throw new GatewayError("invalid", "This PaymentIntent could not be captured because it has a status of succeeded.", { code: "payment_intent_unexpected_state", intentId: id });
      },
    });
    await captureDuePayments(db, forgetful, "on_confirm");
    expect(await compensationsOf(order.id)).toEqual([]);
    expect(await alertsOf(order.id)).toEqual([]);

    const row = await recordFailedCompensation(db, { operation: "payment_capture", orderId: order.id, metadata: { paymentId: payment.id, intentId: payment.intentId }, error: "timeout", attempts: 6 });
    expect(await retryCompensation(db, forgetful, row.id, { force: true })).toBe("resolved");
  });
});

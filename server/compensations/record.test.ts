import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failedCompensations, opsAlerts, orders } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { recordFailedCapture, type FailedCapture } from "./record";

const handle = testDb(12);
const db = handle.db;
beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

async function anOrder() {
  const p = await createTestProduct(db, { stock: { EAST: 2 } });
  const guest = testBrowser();
  await guest.caller.cart.add({ sku: p.sku, quantity: 1 });
  const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const address = { name: "Rec Order", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };
  const { number } = await guest.caller.checkout.placeOrder({ card: testCard, email: "rec@example.com", address, shippingMethod: "standard", codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() });
  return (await db.select().from(orders).where(eq(orders.number, number)))[0]!;
}

describe("a failed capture", () => {
  it("P0-2024-01: reported by the saga and the capture cron at once, from 12 connections, is one compensation with one alert", async () => {
    const order = await anOrder();
    const failure: FailedCapture = { orderId: order.id, paymentId: randomUUID(), intentId: "pi_sandbox_lost", error: "No such payment_intent", attempts: 1, source: "test", severity: "critical" };
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => recordFailedCapture(db, { ...failure, source: i % 2 ? "capture-retry" : "order-confirm-on-payment" })));
    expect(results.filter((r) => r.recorded)).toHaveLength(1);
    expect(new Set(results.map((r) => r.compensation.id)).size).toBe(1);
    expect(await db.select().from(failedCompensations).where(eq(failedCompensations.orderId, order.id))).toMatchObject([
      { operation: "payment_capture", status: "pending", metadata: { paymentId: failure.paymentId, intentId: "pi_sandbox_lost" } },
    ]);
    expect(await db.select().from(opsAlerts).where(eq(opsAlerts.orderId, order.id))).toMatchObject([
      { kind: "payment_capture_failed", severity: "critical", details: { compensationId: results[0]!.compensation.id } },
    ]);
  });

  it("of another payment of the same order, or after the first was resolved, is recorded anew", async () => {
    const order = await anOrder();
    const failure: FailedCapture = { orderId: order.id, paymentId: randomUUID(), intentId: "pi_sandbox_a", error: "timeout", attempts: 6, source: "test", severity: "warning" };
    const first = await recordFailedCapture(db, failure);
    expect((await recordFailedCapture(db, { ...failure, paymentId: randomUUID(), intentId: "pi_sandbox_b" })).recorded).toBe(true);
    await db.update(failedCompensations).set({ status: "resolved" }).where(eq(failedCompensations.id, first.compensation.id));
    expect((await recordFailedCapture(db, failure)).recorded).toBe(true);
    expect(await db.select().from(opsAlerts).where(eq(opsAlerts.orderId, order.id))).toHaveLength(3);
  });
});

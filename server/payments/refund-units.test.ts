import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PaymentStatus } from "@/server/vocabulary/payments";
import { fulfillmentItems, fulfillments, payments } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { confirmedOrder } from "@/server/fulfillment/testing";
import { reconcileSagas } from "@/server/ops/reconcile-sagas";
import { setFlushNotifier } from "@/server/outbox/flush";
import { SandboxGateway, type Money, type PaymentGateway } from "./gateway";
import { gatewayWith } from "./gateway/testing";
import { refundCancelledUnits } from "./refund-units";

const handle = testDb(4);
const db = handle.db;
const refunds: { intentId: string; amount?: Money; reference?: string }[] = [];
const gateway: PaymentGateway = gatewayWith(new SandboxGateway({ webhookUrl: "http://127.0.0.1/none", webhookSecret: "whsec_test", deliver: async () => new Response() }), {
  refund: async (intentId, amount, reference) => {
    refunds.push({ intentId, amount, reference });
    return { id: `re_${refunds.length}`, status: "succeeded" };
  },
});

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/** A line of 3 units at 12.50 of which 2 were cancelled after a short pick, paid as `status`. */
async function shortLine(status: PaymentStatus | "cod") {
  const product = await createTestProduct(db, { stock: { EAST: 5 }, price: "12.50" });
  const { order, fulfillments: [f] } = await confirmedOrder(db, [{ sku: product.sku, quantity: 3 }]);
  const [item] = await db.update(fulfillmentItems).set({ cancelledQuantity: 2 }).where(eq(fulfillmentItems.fulfillmentId, f!.id)).returning();
  const intentId = `pi_test_${randomUUID()}`;
  if (status !== "cod") await db.insert(payments).values({ orderId: order.id, provider: "sandbox", intentId, status, currency: "USD", amount: order.total });
  return { item: item!, intentId, fulfillmentId: f!.id };
}

const refundedOf = async (id: string) => (await db.select().from(fulfillmentItems).where(eq(fulfillmentItems.id, id)))[0]!.refundedQuantity;

describe("refund of units cancelled after a short pick", () => {
  it("refunds the cancelled units once, however often it is asked", async () => {
    const { item, intentId } = await shortLine("captured");
    await Promise.all([refundCancelledUnits(db, gateway, item.id), refundCancelledUnits(db, gateway, item.id)]);
    expect(await refundCancelledUnits(db, gateway, item.id)).toBe("nothing_owed");
    const mine = refunds.filter((r) => r.intentId === intentId);
    // Two concurrent calls may both reach the provider, but under one idempotency key: one refund.
    expect(new Set(mine.map((r) => r.reference))).toEqual(new Set([`short:${item.id}:2`]));
    // 2 of 3 units at 12.50 with their share of NJ tax (2.48 on 37.50): floor(39.98 × 2 / 3).
    expect(mine[0]!.amount).toEqual({ amount: "26.65", currency: "USD" });
    expect(await refundedOf(item.id)).toBe(2);
    const [payment] = await db.select().from(payments).where(eq(payments.intentId, intentId));
    expect(payment!.status).toBe("partially_refunded");
  });

  it("owes nothing for cash on delivery", async () => {
    const { item } = await shortLine("cod");
    expect(await refundCancelledUnits(db, gateway, item.id)).toBe("nothing_owed");
    expect(await refundedOf(item.id)).toBe(2);
  });

  it("waits for the capture, and the saga reconcile finishes the refund once there is one (P0-2024-01)", async () => {
    const { item, intentId, fulfillmentId } = await shortLine("authorized");
    await expect(refundCancelledUnits(db, gateway, item.id)).rejects.toThrow(/waits for the capture/);
    expect(await refundedOf(item.id)).toBe(0);

    await db.update(payments).set({ status: "captured" }).where(eq(payments.intentId, intentId));
    await db.update(fulfillments).set({ updatedAt: sql`now() - interval '1 hour'` }).where(eq(fulfillments.id, fulfillmentId));
    const result = await reconcileSagas(db, gateway, { graceSeconds: 60 });
    expect(result.unitsRefunded).toBeGreaterThanOrEqual(1);
    expect(await refundedOf(item.id)).toBe(2);
    expect(refunds.filter((r) => r.intentId === intentId)).toHaveLength(1);
  });
});

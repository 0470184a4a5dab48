import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders, orderStatusHistory, promotions, reservations } from "@/db/schema";
import { createTestProduct, stockInvariants, testDb } from "@/db/testing";
import { reservationExpiry } from "@/inngest/functions/reservation-expiry";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { expireDueOrders } from "./expire";

const handle = testDb(4);
const db = handle.db;
const address = { name: "Ann Lee", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

async function placeOrderFor(sku: string, codes: string[] = []) {
  const guest = testBrowser();
  await guest.caller.cart.add({ sku, quantity: 2 });
  const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes });
  const { number } = await guest.caller.checkout.placeOrder({ card: testCard, email: "late@example.com", address, shippingMethod: "standard", codes, expectedTotal: quote.total, idempotencyKey: randomUUID() });
  const [order] = await db.select().from(orders).where(eq(orders.number, number));
  return order!;
}

const expireNow = (orderId: string) =>
  db.update(orders).set({ reservationExpiresAt: sql`now() - interval '1 second'` }).where(eq(orders.id, orderId));

describe("reservation expiry (WH-P0-02, WH-P1-03)", () => {
  it("cancels an unpaid order past its TTL, gives stock and code uses back, with ledger rows", async () => {
    const p = await createTestProduct(db, { price: "60.00", stock: { EAST: 5 } });
    const usedBefore = (await db.select().from(promotions).where(eq(promotions.code, "FREESHIP")))[0]!.usedCount;
    const order = await placeOrderFor(p.sku, ["FREESHIP"]);
    const fresh = await placeOrderFor(p.sku);
    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ reserved: 4 });

    await expireNow(order.id);
    expect(await expireDueOrders(db)).toBe(1);

    const [after] = await db.select().from(orders).where(eq(orders.id, order.id));
    expect(after!.status).toBe("cancelled");
    const history = await db.select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, order.id)).orderBy(orderStatusHistory.createdAt);
    expect(history.at(-1)).toMatchObject({ fromStatus: "pending_payment", toStatus: "cancelled", actor: "system:reservation-expiry" });
    expect((await db.select().from(reservations).where(eq(reservations.orderId, order.id))).every((r) => r.status === "expired")).toBe(true);
    const [level] = await stockInvariants(db, p.id);
    expect(level).toMatchObject({ reserved: 2, live: 2, ledger_reserved: 2 });
    expect((await db.select().from(promotions).where(eq(promotions.code, "FREESHIP")))[0]!.usedCount).toBe(usedBefore);
    // The order still inside its TTL is untouched.
    expect((await db.select().from(orders).where(eq(orders.id, fresh.id)))[0]!.status).toBe("pending_payment");
  });

  it("is idempotent: running again, or in parallel, releases nothing twice", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 6 } });
    const order = await placeOrderFor(p.sku);
    await expireNow(order.id);
    const counts = await Promise.all([expireDueOrders(db), expireDueOrders(db), expireDueOrders(db)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await expireDueOrders(db)).toBe(0);
    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ reserved: 0, live: 0, ledger_reserved: 0 });
  });

  it("runs as the reservation-expiry cron function", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 4 } });
    const order = await placeOrderFor(p.sku);
    await expireNow(order.id);
    const { result } = await new InngestTestEngine({ function: reservationExpiry }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });
    expect(result).toEqual({ expired: 1 });
    expect((await db.select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe("cancelled");
  });
});

import { InngestTestEngine } from "@inngest/test";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDbHandle } from "@/db/client";
import { fulfillments, orders, orderStatusHistory, reservations } from "@/db/schema";
import { createTestProduct, stockInvariants, testDb } from "@/db/testing";
import { codConfirmation } from "@/inngest/functions/cod-confirmation";
import { reservationExpiry } from "@/inngest/functions/reservation-expiry";
import { placedOrder } from "@/server/fulfillment/testing";
import { setFlushNotifier } from "@/server/outbox/flush";

const handle = testDb(4);
const db = handle.db;
beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
  await getDbHandle().close();
});

/** One tick of each cron function, as Inngest runs it every minute. */
const confirmCod = () => new InngestTestEngine({ function: codConfirmation }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });
const expireReservations = () => new InngestTestEngine({ function: reservationExpiry }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });

async function statusesOf(orderId: string) {
  const history = await db.select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, orderId)).orderBy(orderStatusHistory.createdAt);
  return history.map((h) => h.toStatus);
}

describe("cash on delivery past its confirmation window (NEW-P1-002, issue 13)", () => {
  it("NEW-P1-002 (issue 13): the COD confirmation cron confirms an order inside its window and never one past it; the reservation expiry then cancels that one and gives its stock back", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    const inWindow = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    const late = await placedOrder(db, [{ sku: product.sku, quantity: 2 }]);
    expect([inWindow.paymentMethod, late.paymentMethod]).toEqual(["cod", "cod"]);
    // The late order's window (its reservation) ran out a second ago; the expiry has not run yet.
    await db.update(orders).set({ reservationExpiresAt: sql`now() - interval '1 second'` }).where(eq(orders.id, late.id));

    // The confirmation cron runs first, the order still holding its (expired) reservation.
    await confirmCod();
    expect((await db.select().from(orders).where(eq(orders.id, inWindow.id)))[0]!.status).toBe("confirmed");
    expect((await db.select().from(orders).where(eq(orders.id, late.id)))[0]!.status).toBe("pending_payment");

    await expireReservations();
    const [cancelled] = await db.select().from(orders).where(eq(orders.id, late.id));
    expect(cancelled!.status).toBe("cancelled");
    expect(await statusesOf(late.id)).toEqual(["pending_payment", "cancelled"]);
    expect(await db.select().from(fulfillments).where(eq(fulfillments.orderId, late.id))).toEqual([]);
    expect((await db.select().from(reservations).where(eq(reservations.orderId, late.id))).map((r) => r.status)).toEqual(["expired"]);
    // Only the confirmed order's unit stays held.
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 1, live: 1, ledger_reserved: 1 });

    // Later runs change nothing: cancelled stays cancelled.
    await confirmCod();
    expect(await statusesOf(late.id)).toEqual(["pending_payment", "cancelled"]);
  });
});

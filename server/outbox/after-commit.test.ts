import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { orders, outbox } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { expireDueOrders } from "@/server/checkout/expire";
import { placedOrder } from "@/server/fulfillment/testing";
import { confirmCodOrders } from "@/server/checkout/payment-outcomes";
import { consumeOnce } from "./consume";
import { emit } from "./emit";
import { setFlushNotifier } from "./flush";

const handle = testDb(4);
const db = handle.db;

/** What each nudge of the relay saw: the outbox rows of `watched` already committed at that moment. */
let nudges: number[] = [];
let watched = "";
const committedEventsOf = async (aggregateId: string) => (await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.aggregateId, aggregateId))).length;

beforeAll(() => setFlushNotifier(async () => void nudges.push(await committedEventsOf(watched))));
beforeEach(() => {
  nudges = [];
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/** A pending cash-on-delivery order of our own, first in line for the crons (oldest, expired or not). */
async function pendingOrder(options: { expired: boolean }) {
  const product = await createTestProduct(db, { stock: { EAST: 3 } });
  const order = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
  await db
    .update(orders)
    .set({
      createdAt: sql`now() - interval '20 years'`,
      reservationExpiresAt: options.expired ? sql`now() - interval '20 years'` : sql`now() + interval '1 day'`,
    })
    .where(eq(orders.id, order.id));
  watched = order.id;
  nudges = [];
  return order;
}

const statusEvents = (orderId: string, to: string) =>
  db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.aggregateId, orderId), eq(outbox.name, "order/status-changed"), sql`${outbox.payload}->>'to' = ${to}`));

describe("every committed event nudges the relay at once, not at its cron (issue 13)", () => {
  it("an event emitted inside a consumer (consumeOnce) nudges the relay once, after its transaction committed", async () => {
    const userId = randomUUID();
    watched = userId;
    const meta = { outboxId: randomUUID(), aggregateType: "customer", aggregateId: randomUUID(), sequence: 1, schemaVersion: 1, occurredAt: new Date().toISOString() };
    const payload = { userId, email: `${userId.slice(0, 8)}@example.com`, name: "Nudged Customer" };

    const outcome = await consumeOnce(db, "after-commit-test", meta, (tx) => emit(tx, { name: "customer/registered", aggregateId: userId, payload }));

    expect(outcome.status).toBe("applied");
    expect(nudges).toEqual([1]);
    // A redelivery applies nothing, emits nothing and nudges nothing.
    expect((await consumeOnce(db, "after-commit-test", meta, (tx) => emit(tx, { name: "customer/registered", aggregateId: userId, payload }))).status).toBe("duplicate");
    expect(nudges).toEqual([1]);
  });

  it("the reservation expiry's cancellation (expireDueOrders) nudges the relay after its commit", async () => {
    const order = await pendingOrder({ expired: true });

    expect(await expireDueOrders(db, 1)).toBe(1);

    expect(await statusEvents(order.id, "cancelled")).toHaveLength(1);
    expect(nudges).toHaveLength(1);
    expect(nudges[0]).toBe(await committedEventsOf(order.id));
  });

  it("the cash-on-delivery confirmation (confirmCodOrders) nudges the relay after its commit", async () => {
    const order = await pendingOrder({ expired: false });

    expect(await confirmCodOrders(db, 1)).toBe(1);

    expect(await statusEvents(order.id, "confirmed")).toHaveLength(1);
    expect(nudges).toHaveLength(1);
    expect(nudges[0]).toBe(await committedEventsOf(order.id));
  });
});

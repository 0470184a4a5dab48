import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { fulfillments, fulfillmentStatusHistory, orders, shipments } from "@/db/schema";
import { testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { env } from "@/server/env";
import { isDomainError } from "@/server/lib/errors";
import { cancelOrderByCustomer } from "@/server/checkout/cancel";
import { opsCancelOrder } from "@/server/ops/order-actions";
import { setFlushNotifier } from "@/server/outbox/flush";
import { shipFulfillment } from "./handover";
import { requestLabel } from "./labels";
import { orderBeingPacked, pack, RecordingCarrier } from "./testing";

/**
 * The dock handing parcels over while the customer and ops cancel the same order, every caller
 * on a connection of its own. The dock locks shipment → fulfillment → order; a cancel that took
 * the order first and then the fulfillments deadlocked with it (40P01).
 */
const handle = testDb(4);
const db = handle.db;
let pools: DbHandle[] = [];
let ops: SessionUser;

beforeAll(async () => {
  setFlushNotifier(undefined);
  pools = Array.from({ length: 6 }, () => createDb(env().databaseUrl!, { max: 1 }));
  ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
});
afterAll(async () => {
  setFlushNotifier(null);
  await Promise.all(pools.map((p) => p.close()));
  await handle.close();
});

type Caller = "ship" | "customer" | "ops";
type Outcome = { who: Caller; result: string };

/** "ok", the DomainError's reason, or "error: …" for anything else (a deadlock). */
async function attempt(who: Caller, run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return { who, result: "ok" };
  } catch (error) {
    if (isDomainError(error)) return { who, result: String(error.details?.reason ?? error.code) };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { who, result: `error: ${cause?.code ?? ""} ${cause?.message ?? String(error)}` };
  }
}

/** A two-warehouse order, both parcels packed and labelled, ready at the dock (no wave: still confirmed). */
async function readyOrder() {
  const made = await orderBeingPacked(db, ["EAST", "WEST"]);
  const parcels = [];
  for (const f of made.fulfillments) {
    const shipment = await pack(db, f.id);
    const labelled = await requestLabel(db, shipment.id, "test", new RecordingCarrier());
    if (labelled.status !== "labelled") throw new Error("the sandbox carrier made no label");
    parcels.push({ fulfillmentId: f.id, shipmentId: shipment.id, trackingNumber: labelled.shipment.trackingNumber! });
  }
  return { order: made.order, parcels };
}

describe("hand-over racing a cancel of the same order", () => {
  it("never deadlocks over 20 rounds and ends either shipped with every cancel refused, or cancelled with every hand-over refused", async () => {
    for (let round = 0; round < 20; round++) {
      const { order, parcels } = await readyOrder();
      const [east, west] = parcels as [(typeof parcels)[0], (typeof parcels)[0]];
      const callers: [Caller, (pool: DbHandle) => Promise<unknown>][] = [
        ["ship", (p) => transaction((tx) => shipFulfillment(tx, { fulfillmentId: east.fulfillmentId, actor: "user:dock-1" }), p.db)],
        ["ship", (p) => transaction((tx) => shipFulfillment(tx, { trackingNumber: west.trackingNumber, actor: "user:dock-2" }), p.db)],
        ["customer", (p) => transaction((tx) => cancelOrderByCustomer(tx, { orderId: order.id, windowMinutes: 60, actor: "guest" }), p.db)],
        ["ops", (p) => transaction((tx) => opsCancelOrder(tx, order.number, "customer called to cancel", ops), p.db)],
        ["customer", (p) => transaction((tx) => cancelOrderByCustomer(tx, { orderId: order.id, windowMinutes: 60, actor: "guest" }), p.db)],
        ["ship", (p) => transaction((tx) => shipFulfillment(tx, { fulfillmentId: west.fulfillmentId, actor: "user:dock-3" }), p.db)],
      ];
      // Each round starts the callers in another order, so the cancels sometimes get there first.
      const rotated = [...callers.slice(round % callers.length), ...callers.slice(0, round % callers.length)];
      const outcomes = await Promise.all(rotated.map(([who, run], i) => attempt(who, () => run(pools[i]!))));

      expect(outcomes.filter((o) => o.result.startsWith("error")), `round ${round}`).toEqual([]);
      const [o] = await db.select().from(orders).where(eq(orders.id, order.id));
      const fs = await db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id));
      const ss = await db.select().from(shipments).where(inArray(shipments.id, [east.shipmentId, west.shipmentId]));
      const results = (who: Caller) => outcomes.filter((x) => x.who === who).map((x) => x.result);
      if (o!.status === "cancelled") {
        expect(results("ops"), `round ${round}`).toEqual(["ok"]);
        expect(results("customer").every((r) => r === "fulfillment_started" || r === "not_cancellable"), `round ${round}: ${results("customer").join()}`).toBe(true);
        expect(results("ship"), `round ${round}`).toEqual(["not_ready_to_ship", "not_ready_to_ship", "not_ready_to_ship"]);
        expect(fs.map((f) => f.status)).toEqual(["cancelled", "cancelled"]);
        // The order-cancelled consumer cancels them and voids their labels.
        expect(ss.map((s) => s.status)).toEqual(["labelled", "labelled"]);
      } else {
        expect(o!.status, `round ${round}`).toBe("shipped");
        expect(results("ops"), `round ${round}`).toEqual(["not_cancellable"]);
        // Before the first hand-over the parcels were ready (being picked); after it, the order had shipped.
        expect(results("customer").every((r) => r === "fulfillment_started" || r === "not_cancellable"), `round ${round}: ${results("customer").join()}`).toBe(true);
        // Each parcel handed over once; the second scan of the west parcel changes nothing.
        expect(results("ship"), `round ${round}`).toEqual(["ok", "ok", "ok"]);
        expect(fs.map((f) => f.status)).toEqual(["shipped", "shipped"]);
        const handedOver = await db
          .select({ id: fulfillmentStatusHistory.fulfillmentId })
          .from(fulfillmentStatusHistory)
          .where(and(inArray(fulfillmentStatusHistory.fulfillmentId, [east.fulfillmentId, west.fulfillmentId]), eq(fulfillmentStatusHistory.toStatus, "shipped")));
        expect(handedOver).toHaveLength(2);
        expect(ss.map((s) => s.status)).toEqual(["shipped", "shipped"]);
      }
    }
  });
});

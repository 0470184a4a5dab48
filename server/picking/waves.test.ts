import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { fulfillments, fulfillmentStatusHistory, orders, orderStatusHistory, outbox } from "@/db/schema";
import { createTestBins, createTestProduct, placeInBin, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { confirmedOrder } from "@/server/fulfillment/testing";
import { transitionOrder } from "@/server/orders/status";
import { setFlushNotifier } from "@/server/outbox/flush";
import { releaseWave, type WaveRules } from "./waves";

const handle = testDb(4);
const db = handle.db;
let manager: SessionUser;

beforeAll(async () => {
  setFlushNotifier(undefined);
  manager = (await authenticate(db, "manager.east@depot.test", "depot-demo"))!;
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/** `count` confirmed one-line orders whose products sit in the bins of a fresh EAST zone. */
async function ordersInZone(count: number) {
  const bins = await createTestBins(db, "EAST", count);
  const made: { orderId: string; fulfillmentId: string }[] = [];
  for (const bin of bins) {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    await placeInBin(db, product.id, bin);
    const { order, fulfillments: [f] } = await confirmedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    made.push({ orderId: order.id, fulfillmentId: f!.id });
  }
  return { zone: bins[0]!.zone, made };
}

const rules = (zone: string): WaveRules => ({ maxOrders: 2, maxUnits: 20, maxPicklists: 10, zone });

/** What the release must leave behind for each row: history, events and versions. */
async function trail(fulfillmentIds: string[], orderIds: string[]) {
  const [fs, os, fHistory, oHistory, events] = await Promise.all([
    db.select().from(fulfillments).where(inArray(fulfillments.id, fulfillmentIds)),
    db.select().from(orders).where(inArray(orders.id, orderIds)),
    db.select().from(fulfillmentStatusHistory).where(inArray(fulfillmentStatusHistory.fulfillmentId, fulfillmentIds)),
    db.select().from(orderStatusHistory).where(inArray(orderStatusHistory.orderId, orderIds)),
    db.select().from(outbox).where(inArray(outbox.aggregateId, [...fulfillmentIds, ...orderIds])),
  ]);
  return { fs, os, fHistory, oHistory, events };
}

describe("releasing a wave, set-based", () => {
  it("writes one history row and one event per fulfillment and per order for each move, versions bumped and sequences consecutive", async () => {
    const { zone, made } = await ordersInZone(5);
    const fulfillmentIds = made.map((m) => m.fulfillmentId);
    const orderIds = made.map((m) => m.orderId);
    // One order is already processing (as after a wave in another warehouse): it stays, with no new row.
    const ahead = made[2]!.orderId;
    await transaction((tx) => transitionOrder(tx, { orderId: ahead, to: "processing", reason: "released elsewhere", actor: "test" }), db);

    const before = await trail(fulfillmentIds, orderIds);
    const wave = await transaction((tx) => releaseWave(tx, manager.warehouseId!, rules(zone), { userId: manager.id }), db);
    const after = await trail(fulfillmentIds, orderIds);
    const added = <T extends { id: string }>(was: T[], now: T[]) => now.filter((r) => !was.some((w) => w.id === r.id));
    const actor = `user:${manager.id}`;
    const lastSequence = (aggregateId: string) => Math.max(0, ...before.events.filter((e) => e.aggregateId === aggregateId).map((e) => e.sequence));

    const fHistory = added(before.fHistory, after.fHistory);
    expect(fHistory.map((h) => h.fulfillmentId).sort()).toEqual([...fulfillmentIds].sort());
    for (const h of fHistory) expect(h).toMatchObject({ fromStatus: "pending", toStatus: "planning", reason: `in wave ${wave.number}`, actor });

    const events = added(before.events, after.events);
    const fEvents = events.filter((e) => e.name === "fulfillment/status-changed");
    expect(fEvents.map((e) => e.aggregateId).sort()).toEqual([...fulfillmentIds].sort());
    for (const e of fEvents) {
      const f = after.fs.find((r) => r.id === e.aggregateId)!;
      expect(e).toMatchObject({ aggregateType: "fulfillment", schemaVersion: 1, sequence: lastSequence(f.id) + 1 });
      expect(e.payload).toEqual({ fulfillmentId: f.id, orderId: f.orderId, warehouseId: f.warehouseId, from: "pending", to: "planning", reason: `in wave ${wave.number}`, actor });
    }
    for (const f of after.fs) {
      expect(f.status).toBe("planning");
      expect(f.version).toBe(before.fs.find((r) => r.id === f.id)!.version + 1);
    }

    const moved = orderIds.filter((id) => id !== ahead);
    const oHistory = added(before.oHistory, after.oHistory);
    expect(oHistory.map((h) => h.orderId).sort()).toEqual([...moved].sort());
    for (const h of oHistory) expect(h).toMatchObject({ fromStatus: "confirmed", toStatus: "processing", reason: "picking released", actor });
    const oEvents = events.filter((e) => e.name === "order/status-changed");
    expect(oEvents.map((e) => e.aggregateId).sort()).toEqual([...moved].sort());
    for (const e of oEvents) {
      const o = after.os.find((r) => r.id === e.aggregateId)!;
      expect(e).toMatchObject({ aggregateType: "order", sequence: lastSequence(o.id) + 1 });
      expect(e.payload).toEqual({ orderId: o.id, number: o.number, from: "confirmed", to: "processing", reason: "picking released", actor });
    }
    for (const o of after.os) {
      const was = before.os.find((r) => r.id === o.id)!;
      expect(o.status).toBe("processing");
      expect(o.version).toBe(was.version + (o.id === ahead ? 0 : 1));
    }
    // Nothing else: one wave/released besides the status events.
    expect(events).toHaveLength(fEvents.length + oEvents.length);
    const [released] = await db.select().from(outbox).where(and(eq(outbox.name, "wave/released"), eq(outbox.aggregateId, wave.waveId)));
    expect(released).toBeDefined();
  });

  it("sends as many statements for a wave of 6 fulfillments as for a wave of 2", async () => {
    let statements = 0;
    const counting: Db = drizzle(handle.sql, { schema, casing: "snake_case", logger: { logQuery: () => void statements++ } });
    const release = async (count: number) => {
      const { zone } = await ordersInZone(count);
      statements = 0;
      const wave = await transaction((tx) => releaseWave(tx, manager.warehouseId!, rules(zone), { userId: manager.id }), counting);
      expect(wave.picklists.reduce((n, p) => n + p.fulfillments, 0)).toBe(count);
      return statements;
    };
    const small = await release(2);
    const large = await release(6);
    expect(large).toBe(small);
  });
});

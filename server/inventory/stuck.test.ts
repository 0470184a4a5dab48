import { InngestTestEngine } from "@inngest/test";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { auditLog, fulfillments, inventoryLedger, inventoryLevels, opsAlerts, orders, reservations } from "@/db/schema";
import { createTestProduct, stockInvariants, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { reservationChecker } from "@/inngest/functions/reservation-checker";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { env } from "@/server/env";
import { confirmedOrder, placedOrder } from "@/server/fulfillment/testing";
import { isDomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { extendReservation } from "@/server/orders/extend-reservation";
import { checkStuckReservations, driftedLevels, recheckDrift, releaseStuckReservation, stuckReservations, commitStuckReservation } from "./stuck";

/**
 * Stuck reservations (WH-P0-02, OR-P0-03 safety net) on the real database. The stuck states are
 * made the way a lost event or a crashed process would leave them: the cleanup that should have
 * run is simply skipped (a direct UPDATE of the order, fulfillment or level).
 */
const handle = testDb(4);
const db = handle.db;
let ops: SessionUser;
let pools: DbHandle[] = [];

beforeAll(async () => {
  setFlushNotifier(undefined);
  ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
  pools = Array.from({ length: 8 }, () => createDb(env().databaseUrl!, { max: 2 }));
});
afterAll(async () => {
  setFlushNotifier(null);
  await Promise.all(pools.map((p) => p.close()));
  await handle.close();
});

const liveOf = async (orderId: string) => db.select().from(reservations).where(eq(reservations.orderId, orderId));
const hourAgo = sql`now() - interval '1 hour'`;

async function domainReason(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (error) {
    if (isDomainError(error)) return String(error.details?.reason ?? error.code);
    throw error;
  }
}

describe("finding stuck reservations (WH-P0-02)", () => {
  it("finds an active reservation past its TTL, one held for a cancelled, a delivered order, a shipped parcel never committed, and a drift", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 50 } });
    // (a) unpaid past its TTL: the expiry cron never ran.
    const unpaid = await placedOrder(db, [{ sku: p.sku, quantity: 1 }]);
    await db.update(reservations).set({ expiresAt: hourAgo }).where(eq(reservations.orderId, unpaid.id));
    // (b) cancelled, but the release was lost.
    const cancelled = await placedOrder(db, [{ sku: p.sku, quantity: 2 }]);
    await db.update(orders).set({ status: "cancelled", updatedAt: hourAgo }).where(eq(orders.id, cancelled.id));
    // (b) delivered while its reservation is still confirmed.
    const delivered = await confirmedOrder(db, [{ sku: p.sku, quantity: 1 }]);
    await db.update(orders).set({ status: "delivered", updatedAt: hourAgo }).where(eq(orders.id, delivered.order.id));
    // (b) shipped, but the stock commit never ran.
    const shipped = await confirmedOrder(db, [{ sku: p.sku, quantity: 3 }]);
    await db.update(fulfillments).set({ status: "shipped", shippedAt: hourAgo }).where(eq(fulfillments.orderId, shipped.order.id));
    // A healthy unpaid order and a healthy confirmed order are not stuck.
    const fresh = await placedOrder(db, [{ sku: p.sku, quantity: 1 }]);
    const healthy = await confirmedOrder(db, [{ sku: p.sku, quantity: 1 }]);

    const report = await stuckReservations(db, { limit: 1000 });
    const mine = (list: { productId: string }[]) => list.filter((r) => r.productId === p.id);
    const expired = mine(report.expired) as typeof report.expired;
    const closed = mine(report.orderClosed) as typeof report.orderClosed;
    expect(expired.map((r) => [r.orderId, r.why])).toEqual([[unpaid.id, "expired"]]);
    expect(closed.map((r) => [r.orderId, r.why]).sort()).toEqual(
      [
        [cancelled.id, "order_cancelled"],
        [delivered.order.id, "order_delivered"],
        [shipped.order.id, "shipped_uncommitted"],
      ].sort(),
    );
    const flagged = new Set([...expired, ...closed].map((r) => r.orderId));
    expect(flagged.has(fresh.id) || flagged.has(healthy.order.id)).toBe(false);
    expect(mine(report.drift)).toEqual([]);

    // (c) drift: reserved moved without a reservation.
    await db.execute(sql`update inventory_levels set reserved = reserved + 2 where product_id = ${p.id}`);
    const drift = mine((await stuckReservations(db, { limit: 1000 })).drift);
    expect(drift).toEqual([expect.objectContaining({ warehouseCode: "EAST", sku: p.sku, live: 9, reserved: 11, onHand: 50 })]);
  });

  it("waits the grace period before calling a just-cancelled order stuck", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 5 } });
    const order = await placedOrder(db, [{ sku: p.sku, quantity: 1 }]);
    await db.update(orders).set({ status: "cancelled" }).where(eq(orders.id, order.id));
    expect((await stuckReservations(db, { limit: 1000 })).orderClosed.filter((r) => r.orderId === order.id)).toEqual([]);
    expect((await stuckReservations(db, { graceMinutes: 0, limit: 1000 })).orderClosed.filter((r) => r.orderId === order.id)).toHaveLength(1);
  });
});

describe("releasing a stuck reservation", () => {
  it("gives the stock back with a ledger and an audit row; the stock invariants hold", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 10 } });
    const order = await placedOrder(db, [{ sku: p.sku, quantity: 4 }]);
    await db.update(orders).set({ status: "cancelled", updatedAt: hourAgo }).where(eq(orders.id, order.id));
    const [r] = await liveOf(order.id);
    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ reserved: 4, live: 4 });

    const result = await transaction((tx) => releaseStuckReservation(tx, ops, { reservationId: r!.id, reason: "order was cancelled, release was lost" }), db);
    expect(result).toMatchObject({ outcome: "changed", status: "released" });
    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ on_hand: 10, reserved: 0, live: 0, ledger_on_hand: 10, ledger_reserved: 0 });
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, "reservation.release"), eq(auditLog.targetId, r!.id)));
    expect(audit).toEqual([expect.objectContaining({ actorEmail: "ops@depot.test", orderId: order.id, reason: "order was cancelled, release was lost" })]);
    expect((await stuckReservations(db, { limit: 1000 })).orderClosed.filter((x) => x.reservationId === r!.id)).toEqual([]);
  });

  it("two operators (or a double click) releasing the same reservation at once: one effect", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 10 } });
    const order = await placedOrder(db, [{ sku: p.sku, quantity: 3 }]);
    await db.update(orders).set({ status: "cancelled", updatedAt: hourAgo }).where(eq(orders.id, order.id));
    const [r] = await liveOf(order.id);

    const outcomes = await Promise.all(
      pools.map((pool) => transaction((tx) => releaseStuckReservation(tx, ops, { reservationId: r!.id, reason: "two operators at once" }), pool.db)),
    );
    expect(outcomes.filter((o) => o.outcome === "changed")).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === "unchanged")).toHaveLength(pools.length - 1);
    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ reserved: 0, live: 0, ledger_reserved: 0, on_hand: 10 });
    const ledger = await db.select().from(inventoryLedger).where(and(eq(inventoryLedger.referenceType, "reservation"), eq(inventoryLedger.referenceId, r!.id)));
    expect(ledger).toHaveLength(1);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "reservation.release"), eq(auditLog.targetId, r!.id)))).toHaveLength(1);
  });

  it("refuses a reservation its order still needs unless forced with a reason, and never a shipped parcel", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 10 } });
    const { order } = await confirmedOrder(db, [{ sku: p.sku, quantity: 2 }]);
    const [r] = await liveOf(order.id);
    expect(await domainReason(transaction((tx) => releaseStuckReservation(tx, ops, { reservationId: r!.id, reason: "just because" }), db))).toBe("still_needed");
    expect(await domainReason(transaction((tx) => releaseStuckReservation(tx, ops, { reservationId: r!.id, reason: "  ", force: true }), db))).toBe("reason_required");
    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ reserved: 2 });

    const forced = await transaction((tx) => releaseStuckReservation(tx, ops, { reservationId: r!.id, reason: "customer called, order is void", force: true }), db);
    expect(forced.outcome).toBe("changed");
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, "reservation.release"), eq(auditLog.targetId, r!.id)));
    expect(audit!.details).toMatchObject({ forced: true });
    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ reserved: 0, live: 0, ledger_reserved: 0 });

    // A parcel that shipped: its stock left, so it is committed, not released.
    const shipped = await confirmedOrder(db, [{ sku: p.sku, quantity: 3 }]);
    await db.update(fulfillments).set({ status: "shipped", shippedAt: hourAgo }).where(eq(fulfillments.orderId, shipped.order.id));
    const [s] = await liveOf(shipped.order.id);
    expect(await domainReason(transaction((tx) => releaseStuckReservation(tx, ops, { reservationId: s!.id, reason: "try anyway", force: true }), db))).toBe("already_shipped");
    const committed = await Promise.all(pools.slice(0, 4).map((pool) => transaction((tx) => commitStuckReservation(tx, ops, { reservationId: s!.id }), pool.db)));
    expect(committed.filter((c) => c.outcome === "changed")).toEqual([expect.objectContaining({ units: 3, status: "committed" })]);
    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ on_hand: 7, reserved: 0, live: 0, ledger_on_hand: 7, ledger_reserved: 0 });
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "reservation.commit"), eq(auditLog.targetId, s!.id)))).toHaveLength(1);
  });
});

describe("extending an unpaid order's reservation", () => {
  it("moves the reservations and the order's deadline, once per double click; refuses a paid order", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 10, WEST: 10 } });
    const order = await placedOrder(db, [{ sku: p.sku, quantity: 1 }]);
    await db.update(reservations).set({ expiresAt: hourAgo }).where(eq(reservations.orderId, order.id));
    await db.update(orders).set({ reservationExpiresAt: hourAgo }).where(eq(orders.id, order.id));
    const [r] = await liveOf(order.id);

    const [first, second] = await Promise.all(
      pools.slice(0, 2).map((pool) => transaction((tx) => extendReservation(tx, ops, { reservationId: r!.id, minutes: 90, reason: "customer paying by phone" }), pool.db)),
    );
    expect([first!.outcome, second!.outcome].sort()).toEqual(["changed", "unchanged"]);
    const [after] = await liveOf(order.id);
    const [o] = await db.select().from(orders).where(eq(orders.id, order.id));
    const ahead = after!.expiresAt!.getTime() - Date.now();
    expect(ahead).toBeGreaterThan(85 * 60_000);
    expect(ahead).toBeLessThan(95 * 60_000);
    expect(o!.reservationExpiresAt!.getTime()).toBe(after!.expiresAt!.getTime());
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "reservation.extend"), eq(auditLog.targetId, r!.id)))).toHaveLength(1);
    expect((await stuckReservations(db, { limit: 1000 })).expired.filter((x) => x.orderId === order.id)).toEqual([]);

    expect(await domainReason(transaction((tx) => extendReservation(tx, ops, { reservationId: r!.id, minutes: 0 }), db))).toBe("minutes_out_of_range");
    const paid = await confirmedOrder(db, [{ sku: p.sku, quantity: 1 }]);
    const [pr] = await liveOf(paid.order.id);
    expect(await domainReason(transaction((tx) => extendReservation(tx, ops, { reservationId: pr!.id, minutes: 30 }), db))).toBe("not_extendable");
  });
});

describe("re-checking a drift", () => {
  it("sets reserved to the live reservations with a correction ledger row and an audit row; a second re-check does nothing", async () => {
    const p = await createTestProduct(db, { stock: { CENTRAL: 20 } });
    await placedOrder(db, [{ sku: p.sku, quantity: 2 }]);
    const [level] = await db.select().from(inventoryLevels).where(eq(inventoryLevels.productId, p.id));
    await db.execute(sql`update inventory_levels set reserved = reserved + 5 where product_id = ${p.id}`);
    expect(await driftedLevels(db, { productId: p.id })).toEqual([expect.objectContaining({ reserved: 7, live: 2 })]);

    const fixed = await transaction((tx) => recheckDrift(tx, ops, { warehouseId: level!.warehouseId, productId: p.id, reason: "found by the checker" }), db);
    expect(fixed).toMatchObject({ outcome: "changed", previousReserved: 7, reserved: 2 });
    expect(await driftedLevels(db, { productId: p.id })).toEqual([]);
    const [inv] = await stockInvariants(db, p.id);
    expect(inv).toMatchObject({ reserved: 2, live: 2 });
    const corrections = await db
      .select()
      .from(inventoryLedger)
      .where(and(eq(inventoryLedger.productId, p.id), eq(inventoryLedger.reason, "drift_correction")));
    expect(corrections).toEqual([expect.objectContaining({ reservedDelta: -5, onHandDelta: 0 })]);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "inventory.recheck_drift"), eq(auditLog.targetId, `${level!.warehouseId}:${p.id}`)))).toHaveLength(1);

    expect((await transaction((tx) => recheckDrift(tx, ops, { warehouseId: level!.warehouseId, productId: p.id }), db)).outcome).toBe("unchanged");
  });

  it("holds the level row while it counts: re-checks racing orders and releases leave no drift", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 100 } });
    const [level] = await db.select().from(inventoryLevels).where(eq(inventoryLevels.productId, p.id));
    const stuck = await placedOrder(db, [{ sku: p.sku, quantity: 1 }]);
    await db.update(orders).set({ status: "cancelled", updatedAt: hourAgo }).where(eq(orders.id, stuck.id));
    const [sr] = await liveOf(stuck.id);
    await db.execute(sql`update inventory_levels set reserved = reserved + 3 where product_id = ${p.id}`);

    await Promise.all([
      ...pools.slice(0, 4).map((pool) => transaction((tx) => recheckDrift(tx, ops, { warehouseId: level!.warehouseId, productId: p.id }), pool.db)),
      ...Array.from({ length: 4 }, () => placedOrder(db, [{ sku: p.sku, quantity: 2 }])),
      transaction((tx) => releaseStuckReservation(tx, ops, { reservationId: sr!.id, reason: "race test" }), pools[5]!.db),
    ]);
    expect(await driftedLevels(db, { productId: p.id })).toEqual([]);
    expect((await stockInvariants(db, p.id))[0]).toMatchObject({ reserved: 8, live: 8 });
  });

  it("refuses when the live reservations exceed what is on hand", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 3 } });
    await placedOrder(db, [{ sku: p.sku, quantity: 3 }]);
    const [level] = await db.select().from(inventoryLevels).where(eq(inventoryLevels.productId, p.id));
    // On hand written down by hand below what orders hold (reserved lowered with it so the CHECKs let it through).
    await db.execute(sql`update inventory_levels set reserved = 0, on_hand = 1 where product_id = ${p.id}`);
    expect(await domainReason(transaction((tx) => recheckDrift(tx, ops, { warehouseId: level!.warehouseId, productId: p.id }), db))).toBe("reserved_exceeds_on_hand");
  });
});

describe("the reservation-checker cron", () => {
  it("raises one alert per new problem, not again while it is unacknowledged, and again after it is acknowledged", async () => {
    const p = await createTestProduct(db, { stock: { WEST: 10 } });
    const order = await placedOrder(db, [{ sku: p.sku, quantity: 1 }]);
    await db.update(orders).set({ status: "cancelled", updatedAt: hourAgo }).where(eq(orders.id, order.id));
    await db.execute(sql`update inventory_levels set reserved = reserved + 1 where product_id = ${p.id}`);
    const [r] = await liveOf(order.id);

    const { result } = await new InngestTestEngine({ function: reservationChecker }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });
    expect(result).toMatchObject({ found: expect.any(Number), raised: expect.any(Number) });
    await Promise.all(pools.slice(0, 3).map((pool) => checkStuckReservations(pool.db)));
    const alertsFor = () =>
      db
        .select()
        .from(opsAlerts)
        .where(sql`${opsAlerts.details}->>'reservationId' = ${r!.id} or (${opsAlerts.details}->>'productId' = ${p.id} and ${opsAlerts.kind} = 'reservation_drift')`);
    const alerts = await alertsFor();
    expect(alerts.map((a) => a.kind).sort()).toEqual(["reservation_drift", "reservation_stuck"]);
    expect(alerts.find((a) => a.kind === "reservation_stuck")).toMatchObject({ orderId: order.id, severity: "warning" });

    await db.update(opsAlerts).set({ acknowledgedAt: sql`now()` }).where(sql`${opsAlerts.details}->>'reservationId' = ${r!.id}`);
    await checkStuckReservations(db);
    expect((await alertsFor()).filter((a) => a.kind === "reservation_stuck")).toHaveLength(2);
  });
});

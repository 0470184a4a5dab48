import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, failedCompensations, fulfillments, inventoryLevels, opsAlerts, orders, outbox, reservations, warehouses } from "@/db/schema";
import { createTestProduct, resetOutbox, testDb } from "@/db/testing";
import { raiseAlert } from "@/server/alerts/raise";
import { authenticate } from "@/server/auth/authenticate";
import { confirmedOrder, placedOrder } from "@/server/fulfillment/testing";
import { STUCK_GRACE_MINUTES } from "@/server/inventory/stuck";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser } from "@/server/trpc/testing";
import { opsDashboard, SERIES_HOURS, type OpsDashboard } from "./dashboard";

const handle = testDb(12);
const db = handle.db;

/** What this file changed in shared rows, put back in afterAll (other files assert no drift, no stuck reservations). */
const restore: (() => Promise<unknown>)[] = [];

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  for (const undo of restore.reverse()) await undo();
  setFlushNotifier(null);
  await handle.close();
});

async function ops() {
  const user = await authenticate(db, "ops@depot.test", "depot-demo");
  if (!user) throw new Error("seeded ops user missing");
  return user;
}

const byHour = (d: OpsDashboard) => new Map(d.series.map((p) => [p.hour.getTime(), p]));
const ordersOf = (d: OpsDashboard, status: string) => d.ordersToday.byStatus.find((s) => s.status === status)!.count;
const compensationsOf = (d: OpsDashboard, operation: string, status: string) =>
  d.compensations.byOperationStatus.find((r) => r.operation === operation && r.status === status)?.count ?? 0;

async function rawOrder(createdAt: ReturnType<typeof sql>, status: "confirmed" | "cancelled" = "confirmed") {
  const key = randomUUID();
  const [row] = await db
    .insert(orders)
    .values({
      number: `T${key.slice(0, 8)}`,
      email: "dashboard-test@example.com",
      status,
      currency: "USD",
      subtotal: "10.0000",
      discountTotal: "0",
      shippingTotal: "0",
      taxTotal: "0",
      total: "10.0000",
      shippingMethod: "standard",
      shippingAddress: { name: "Dash Board", line1: "1 Main St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" },
      idempotencyKey: key,
      createdAt,
    })
    .returning();
  return row!;
}

async function outboxRow(values: { status: "pending" | "sent" | "failed"; name?: string; createdAt?: ReturnType<typeof sql>; sentAt?: ReturnType<typeof sql> }) {
  const [row] = await db
    .insert(outbox)
    .values({
      aggregateType: "test",
      aggregateId: randomUUID(),
      sequence: 1,
      name: values.name ?? "customer/registered",
      schemaVersion: 1,
      payload: { test: true },
      status: values.status,
      attempts: values.status === "failed" ? 10 : values.status === "sent" ? 1 : 0,
      lastError: values.status === "failed" ? "inngest unreachable" : null,
      createdAt: values.createdAt ?? sql`now()`,
      sentAt: values.sentAt ?? null,
    })
    .returning();
  return row!;
}

describe("ops dashboard figures", () => {
  it(`has ${SERIES_HOURS} hourly points ending with the current hour, empty hours as 0`, async () => {
    const d = await opsDashboard(db);
    expect(d.series).toHaveLength(SERIES_HOURS);
    const hours = d.series.map((p) => p.hour.getTime());
    for (let i = 1; i < hours.length; i++) expect(hours[i]! - hours[i - 1]!).toBe(3_600_000);
    const last = d.series.at(-1)!.hour.getTime();
    expect(d.generatedAt.getTime() - last).toBeGreaterThanOrEqual(0);
    expect(d.generatedAt.getTime() - last).toBeLessThan(3_600_000);
    expect(d.series.every((p) => Number.isInteger(p.events) && p.events >= 0 && Number.isInteger(p.orders) && p.orders >= 0)).toBe(true);
    expect(d.ordersToday.byStatus.map((s) => s.status)).toContain("pending_payment");
  });

  it("counts orders placed today by status and per hour, outside the window not at all", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 10 } });
    const before = await opsDashboard(db);
    const placed = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    const { order: confirmed } = await confirmedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    const fiveHoursAgo = await rawOrder(sql`date_trunc('hour', now()) - interval '5 hours' + interval '1 minute'`, "cancelled");
    await rawOrder(sql`now() - interval '30 hours'`);
    const after = await opsDashboard(db);

    expect(ordersOf(after, "pending_payment") - ordersOf(before, "pending_payment")).toBe(1);
    expect(ordersOf(after, "confirmed") - ordersOf(before, "confirmed")).toBe(1);
    const earlierToday = fiveHoursAgo.createdAt >= after.ordersToday.since ? 1 : 0;
    expect(ordersOf(after, "cancelled") - ordersOf(before, "cancelled")).toBe(earlierToday);
    expect(after.ordersToday.total - before.ordersToday.total).toBe(2 + earlierToday);
    expect(placed.createdAt.getTime()).toBeGreaterThanOrEqual(after.ordersToday.since.getTime());
    expect(confirmed.status).toBe("confirmed");

    const [b, a] = [byHour(before), byHour(after)];
    const thisHour = after.series.at(-1)!.hour.getTime();
    const fiveBack = thisHour - 5 * 3_600_000;
    expect(a.get(thisHour)!.orders - (b.get(thisHour)?.orders ?? 0)).toBe(2);
    expect(a.get(fiveBack)!.orders - (b.get(fiveBack)?.orders ?? 0)).toBe(1);
    const total = (d: OpsDashboard) => d.series.reduce((s, p) => s + p.orders, 0);
    expect(total(after) - total(before)).toBe(3); // the order 30 hours ago is outside the 24 h window
  });

  it("reports outbox depth, the oldest pending age, events per minute and events per hour", async () => {
    await resetOutbox(db);
    const empty = await opsDashboard(db);
    expect(empty.outbox).toMatchObject({ pending: 0, failed: 0, oldestPendingAgeSeconds: null, sentLastFiveMinutes: 0, eventsPerMinute: 0 });
    expect(empty.series.every((p) => p.events === 0)).toBe(true);

    await outboxRow({ status: "pending", createdAt: sql`now() - interval '10 minutes'` });
    await outboxRow({ status: "pending" });
    await outboxRow({ status: "failed" });
    // In the current hour and the last 5 minutes, whatever the time of day.
    for (let i = 0; i < 3; i++) await outboxRow({ status: "sent", sentAt: sql`greatest(date_trunc('hour', now()), now() - interval '1 minute')` });
    await outboxRow({ status: "sent", sentAt: sql`date_trunc('hour', now()) - interval '2 hours' + interval '5 minutes'` });
    await outboxRow({ status: "sent", sentAt: sql`date_trunc('hour', now()) - interval '2 hours' + interval '10 minutes'` });
    await outboxRow({ status: "sent", sentAt: sql`now() - interval '2 days'` });

    const d = await opsDashboard(db);
    expect(d.outbox).toMatchObject({ pending: 2, failed: 1, sentLastFiveMinutes: 3, eventsPerMinute: 0.6 });
    expect(d.outbox.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(600);
    expect(d.outbox.oldestPendingAgeSeconds).toBeLessThan(700);
    const events = d.series.map((p) => p.events);
    expect(events).toHaveLength(SERIES_HOURS);
    expect(events.at(-1)).toBe(3);
    expect(events.at(-3)).toBe(2);
    expect(events.reduce((a, b) => a + b, 0)).toBe(5); // the one sent 2 days ago is outside the window
    await resetOutbox(db);
  });

  it("groups failed compensations by operation and status", async () => {
    const before = await opsDashboard(db);
    const rows = await db
      .insert(failedCompensations)
      .values([
        { operation: "refund", metadata: { test: true }, lastError: "gateway down", status: "pending" },
        { operation: "refund", metadata: { test: true }, lastError: "gateway down", status: "pending" },
        { operation: "refund", metadata: { test: true }, lastError: "gateway down", status: "exhausted" },
        { operation: "restock", metadata: { test: true }, lastError: "no bin", status: "discarded", discardReason: "counted by hand" },
      ])
      .returning({ id: failedCompensations.id });
    restore.push(() => db.update(failedCompensations).set({ status: "resolved" }).where(inArray(failedCompensations.id, rows.map((r) => r.id))));
    const after = await opsDashboard(db);
    expect(compensationsOf(after, "refund", "pending") - compensationsOf(before, "refund", "pending")).toBe(2);
    expect(compensationsOf(after, "refund", "exhausted") - compensationsOf(before, "refund", "exhausted")).toBe(1);
    expect(compensationsOf(after, "restock", "discarded") - compensationsOf(before, "restock", "discarded")).toBe(1);
    expect(after.compensations.open - before.compensations.open).toBe(3);
    expect(after.compensations.exhausted - before.compensations.exhausted).toBe(1);
  });

  it("counts active reservations past their expiry and reserved/live drift (WH-P0-02, OR-P0-03)", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    const order = await placedOrder(db, [{ sku: product.sku, quantity: 2 }]);
    const before = await opsDashboard(db);
    const held = await db.select().from(reservations).where(eq(reservations.orderId, order.id));
    expect(held.map((r) => r.status)).toEqual(["active"]);
    // Just expired is the expiry cron's job; past the grace it is stuck (the reservations page uses the same grace).
    await db.update(reservations).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(reservations.orderId, order.id));
    expect((await opsDashboard(db)).reservations.expiredActive).toBe(before.reservations.expiredActive);
    await db
      .update(reservations)
      .set({ expiresAt: sql`now() - make_interval(mins => ${STUCK_GRACE_MINUTES + 1})` })
      .where(eq(reservations.orderId, order.id));
    restore.push(() => db.update(reservations).set({ expiresAt: held[0]!.expiresAt }).where(eq(reservations.orderId, order.id)));

    const drifting = await createTestProduct(db, { stock: { WEST: 5 } });
    await db.update(inventoryLevels).set({ reserved: 1 }).where(eq(inventoryLevels.productId, drifting.id));
    restore.push(() => db.update(inventoryLevels).set({ reserved: 0 }).where(eq(inventoryLevels.productId, drifting.id)));

    const after = await opsDashboard(db);
    expect(after.reservations.expiredActive - before.reservations.expiredActive).toBe(1);
    expect(after.reservations.drift - before.reservations.drift).toBe(1);
  });

  it("counts SLA breaches only while the fulfillment is not shipped", async () => {
    const product = await createTestProduct(db, { stock: { CENTRAL: 3 } });
    const { fulfillments: [f] } = await confirmedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    const before = await opsDashboard(db);
    await db.update(fulfillments).set({ slaBreachedAt: sql`now()` }).where(eq(fulfillments.id, f!.id));
    restore.push(() => db.update(fulfillments).set({ slaBreachedAt: null }).where(eq(fulfillments.id, f!.id)));
    expect((await opsDashboard(db)).slaBreaches - before.slaBreaches).toBe(1);
    await db.update(fulfillments).set({ status: "cancelled" }).where(eq(fulfillments.id, f!.id));
    expect((await opsDashboard(db)).slaBreaches - before.slaBreaches).toBe(0);
  });

  it("lists low-stock SKUs (on hand − reserved ≤ threshold), furthest below first, at most 10", async () => {
    const before = await opsDashboard(db);
    const scarce = await createTestProduct(db, { stock: { EAST: 3 } });
    const plenty = await createTestProduct(db, { stock: { EAST: 50 } });
    const [east] = await db.select({ id: warehouses.id }).from(warehouses).where(eq(warehouses.code, "EAST"));
    await db
      .update(inventoryLevels)
      .set({ lowStockThreshold: 1_000_000 })
      .where(and(eq(inventoryLevels.productId, scarce.id), eq(inventoryLevels.warehouseId, east!.id)));
    const after = await opsDashboard(db);
    expect(after.lowStock.count - before.lowStock.count).toBe(1);
    expect(after.lowStock.top.length).toBeLessThanOrEqual(10);
    expect(after.lowStock.top[0]).toMatchObject({ sku: scarce.sku, warehouseCode: "EAST", onHand: 3, reserved: 0, available: 3, threshold: 1_000_000 });
    expect(after.lowStock.top.map((r) => r.sku)).not.toContain(plenty.sku);
  });
});

describe("open alerts", () => {
  it("shows the newest unacknowledged alerts; acknowledging is audited and a second click changes nothing", async () => {
    const user = await ops();
    const { caller } = testBrowser(user);
    const before = await caller.dashboard.get();
    const alert = await raiseAlert(db, { kind: "test_alert", severity: "critical", message: `dashboard test ${randomUUID()}` });
    const shown = await caller.dashboard.get();
    expect(shown.alerts.open - before.alerts.open).toBe(1);
    expect(shown.alerts.newest[0]).toMatchObject({ id: alert.id, kind: "test_alert", severity: "critical", message: alert.message, orderNumber: null });

    const first = await caller.dashboard.acknowledgeAlert({ alertId: alert.id });
    expect(first).toMatchObject({ acknowledged: true, message: "Alert acknowledged." });
    const second = await caller.dashboard.acknowledgeAlert({ alertId: alert.id });
    expect(second).toMatchObject({ acknowledged: false, message: "This alert was already acknowledged; nothing changed." });
    expect(second.acknowledgedAt.getTime()).toBe(first.acknowledgedAt.getTime());

    const audits = await db.select().from(auditLog).where(and(eq(auditLog.targetType, "ops_alert"), eq(auditLog.targetId, alert.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "alert.acknowledge", actorId: user.id, actorEmail: "ops@depot.test", actorRole: "ops" });
    const after = await caller.dashboard.get();
    expect(after.alerts.open).toBe(before.alerts.open);
    expect(after.alerts.newest.map((a) => a.id)).not.toContain(alert.id);
  });

  it("two operators acknowledging at once (many connections) make one acknowledgement and one audit row", async () => {
    const user = await ops();
    const alert = await raiseAlert(db, { kind: "test_alert", severity: "warning", message: "raced" });
    const results = await Promise.all(Array.from({ length: 8 }, () => testBrowser(user).caller.dashboard.acknowledgeAlert({ alertId: alert.id })));
    expect(results.filter((r) => r.acknowledged)).toHaveLength(1);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.targetType, "ops_alert"), eq(auditLog.targetId, alert.id)));
    expect(audits).toHaveLength(1);
    const [row] = await db.select().from(opsAlerts).where(eq(opsAlerts.id, alert.id));
    expect(row!.acknowledgedAt).not.toBeNull();
  });

  it("refuses an unknown alert with a message", async () => {
    const { caller } = testBrowser(await ops());
    await expect(caller.dashboard.acknowledgeAlert({ alertId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND", message: "This alert no longer exists." });
  });
});

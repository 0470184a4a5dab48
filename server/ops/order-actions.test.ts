import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, fulfillments, orders, outbox, picklistLines, picklists, reservations, type Order } from "@/db/schema";
import { createTestBins, createTestProduct, placeInBin, stockInvariants, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { confirmedOrder, placedOrder } from "@/server/fulfillment/testing";
import { DomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { confirmPick } from "@/server/picking/pick";
import { startPicklist } from "@/server/picking/picklists";
import { releaseWave } from "@/server/picking/waves";
import { shipFulfillment } from "@/server/shipping/handover";
import { requestLabel } from "@/server/shipping/labels";
import { orderBeingPacked, pack, RecordingCarrier } from "@/server/shipping/testing";
import { opsCancelOrder, overrideOrderStatus } from "./order-actions";

const handle = testDb(12);
const db = handle.db;
let ops: SessionUser;
let picker: SessionUser;
let manager: SessionUser;

beforeAll(async () => {
  setFlushNotifier(undefined);
  const sign = async (email: string) => (await authenticate(db, email, "depot-demo"))!;
  [ops, picker, manager] = await Promise.all([sign("ops@depot.test"), sign("picker.east@depot.test"), sign("manager.east@depot.test")]);
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

const cancel = (number: string, reason = "customer called to cancel", expectedVersion?: number) =>
  transaction((tx) => opsCancelOrder(tx, number, reason, ops, { expectedVersion }), db);
const override = (number: string, to: Order["status"], reason = "carrier never confirmed") => transaction((tx) => overrideOrderStatus(tx, number, to, reason, ops), db);

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const orderRow = async (id: string) => (await db.select().from(orders).where(eq(orders.id, id)))[0]!;
const auditOf = (orderId: string) => db.select().from(auditLog).where(eq(auditLog.orderId, orderId));
const liveReservations = async (orderId: string) =>
  (await db.select().from(reservations).where(and(eq(reservations.orderId, orderId), inArray(reservations.status, ["active", "confirmed"])))).length;

/** A shipped single-parcel order (packed, labelled by the sandbox carrier, handed over at the dock). */
async function shippedOrder() {
  const made = await orderBeingPacked(db, ["EAST"]);
  const shipment = await pack(db, made.fulfillments[0]!.id);
  await requestLabel(db, shipment.id, "test", new RecordingCarrier());
  await transaction((tx) => shipFulfillment(tx, { fulfillmentId: made.fulfillments[0]!.id, actor: "test" }), db);
  return { ...made, shipment };
}

describe("ops cancel an order", () => {
  it("before payment: stock back, order cancelled with its event, audited in the same transaction", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    const order = await placedOrder(db, [{ sku: product.sku, quantity: 2 }]);
    expect(await liveReservations(order.id)).toBe(1);

    const result = await cancel(order.number.toLowerCase(), "  duplicate order, customer asked  ");
    expect(result).toMatchObject({ number: order.number, status: "cancelled", reservationsReleased: 1, fulfillmentsCancelled: 0 });
    expect((await orderRow(order.id)).status).toBe("cancelled");
    expect(await liveReservations(order.id)).toBe(0);
    for (const row of await stockInvariants(db, product.id)) expect(row).toMatchObject({ reserved: 0, live: 0, ledger_reserved: 0 });

    const [audit] = await auditOf(order.id);
    expect(audit).toMatchObject({ action: "order.cancel", targetType: "order", targetId: order.number, actorEmail: "ops@depot.test", actorRole: "ops", reason: "duplicate order, customer asked" });
    expect(audit!.details).toMatchObject({ from: "pending_payment", reservationsReleased: 1 });
    // The event the payment void/refund and the shipment cancel functions run on.
    const events = await db.select().from(outbox).where(and(eq(outbox.aggregateId, order.id), eq(outbox.name, "order/status-changed")));
    expect(events.map((e) => (e.payload as { to: string }).to)).toContain("cancelled");
  });

  it("while packing with a parcel waiting for its label: fulfillments cancelled, reservations released, the parcel left to the cancel function", async () => {
    const made = await orderBeingPacked(db, ["EAST", "WEST"]);
    await pack(db, made.fulfillments[0]!.id);
    const result = await cancel(made.order.number);
    expect(result).toMatchObject({ status: "cancelled", fulfillmentsCancelled: 2, reservationsReleased: 2 });
    const parts = await db.select().from(fulfillments).where(eq(fulfillments.orderId, made.order.id));
    expect(parts.map((f) => f.status)).toEqual(["cancelled", "cancelled"]);
    expect(await liveReservations(made.order.id)).toBe(0);
    for (const p of made.products) for (const row of await stockInvariants(db, p.id)) expect(row.reserved).toBe(row.live);
    expect(await auditOf(made.order.id)).toHaveLength(1);
  });

  it("mid-pick: the order's pick lines leave the picklist, which completes, and picked units are reported for put-away", async () => {
    const bins = await createTestBins(db, "EAST", 2);
    const products: { id: string; sku: string; bin: (typeof bins)[number] }[] = [];
    for (const bin of bins) {
      const p = await createTestProduct(db, { stock: { EAST: 10 } });
      await placeInBin(db, p.id, bin);
      products.push({ ...p, bin });
    }
    const { order } = await confirmedOrder(db, products.map((p) => ({ sku: p.sku, quantity: 1 })));
    const wave = await transaction((tx) => releaseWave(tx, manager.warehouseId!, { maxOrders: 5, maxUnits: 20, maxPicklists: 5, zone: bins[0]!.zone }, { userId: manager.id }), db);
    const picklistId = wave.picklists[0]!.picklistId;
    await transaction((tx) => startPicklist(tx, picklistId, picker), db);
    const lines = await db.select().from(picklistLines).where(eq(picklistLines.picklistId, picklistId));
    const first = lines.find((l) => l.productId === products[0]!.id)!;
    await transaction((tx) => confirmPick(tx, { lineId: first.id, scanId: randomUUID(), binCode: products[0]!.bin.code, sku: products[0]!.sku, quantity: 1 }, picker), db);
    expect((await orderRow(order.id)).status).toBe("processing");

    const result = await cancel(order.number);
    expect(result).toMatchObject({ status: "cancelled", fulfillmentsCancelled: 1, pickLinesWithdrawn: 1, pickedUnitsToPutAway: 1 });
    const after = await db.select().from(picklistLines).where(eq(picklistLines.picklistId, picklistId));
    expect(after.map((l) => l.status).sort()).toEqual(["cancelled", "picked"]);
    const [list] = await db.select().from(picklists).where(eq(picklists.id, picklistId));
    expect(list!.status).toBe("completed");
    for (const p of products) for (const row of await stockInvariants(db, p.id)) expect(row).toMatchObject({ reserved: row.live });
  });

  it("is refused once a parcel has shipped, and changes nothing", async () => {
    const { order, fulfillments: parts } = await shippedOrder();
    expect((await orderRow(order.id)).status).toBe("shipped");
    const error = await refusal(cancel(order.number));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toBe(`Order ${order.number} is shipped: something has shipped, so it can no longer be cancelled. Start a return instead.`);
    expect((await orderRow(order.id)).status).toBe("shipped");
    expect((await db.select().from(fulfillments).where(eq(fulfillments.id, parts[0]!.id)))[0]!.status).toBe("shipped");
    expect(await auditOf(order.id)).toEqual([]);
  });

  it("is refused for a partially shipped order, even with its other parcel still in the warehouse", async () => {
    const made = await orderBeingPacked(db, ["EAST", "WEST"]);
    const east = made.fulfillments.find((f) => f.warehouseCode === "EAST")!;
    const shipment = await pack(db, east.id);
    await requestLabel(db, shipment.id, "test", new RecordingCarrier());
    await transaction((tx) => shipFulfillment(tx, { fulfillmentId: east.id, actor: "test" }), db);
    const held = await liveReservations(made.order.id);
    const error = await refusal(cancel(made.order.number));
    expect(error.message).toMatch(/partially shipped: something has shipped/);
    expect(await liveReservations(made.order.id)).toBe(held);
    expect((await db.select().from(fulfillments).where(eq(fulfillments.orderId, made.order.id))).map((f) => f.status).sort()).toEqual(["packing", "shipped"]);
  });

  it("needs a reason of at least 5 characters and the version the operator saw", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    const order = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    expect((await refusal(cancel(order.number, " no  "))).details?.reason).toBe("reason_required");
    expect((await refusal(cancel(order.number, "stale page", order.version + 1))).details?.reason).toBe("stale_order");
    expect((await refusal(cancel("D000000"))).code).toBe("NOT_FOUND");
    expect((await orderRow(order.id)).status).toBe("pending_payment");
    expect(await auditOf(order.id)).toEqual([]);
  });

  it("two operators cancelling at once: one cancel, one audit row, the other told it is already cancelled", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    const { order } = await confirmedOrder(db, [{ sku: product.sku, quantity: 2 }]);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => cancel(order.number)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as DomainError).details?.reason).toBe("already_cancelled");
    expect(await auditOf(order.id)).toHaveLength(1);
    const cancelledEvents = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.aggregateId, order.id), eq(outbox.name, "order/status-changed"), sql`${outbox.payload}->>'to' = 'cancelled'`));
    expect(cancelledEvents).toHaveLength(1);
    for (const row of await stockInvariants(db, product.id)) expect(row).toMatchObject({ reserved: 0, live: 0 });
  });
});

describe("ops override an order's status", () => {
  it("moves a shipped order the carrier never confirmed to delivered, audited", async () => {
    const { order } = await shippedOrder();
    const result = await override(order.number, "delivered", "customer confirmed receipt by phone");
    expect(result).toMatchObject({ number: order.number, from: "shipped", status: "delivered" });
    const [audit] = await auditOf(order.id);
    expect(audit).toMatchObject({ action: "order.status_override", reason: "customer confirmed receipt by phone", details: { from: "shipped", to: "delivered" } });
  });

  it("refuses moves the state machine does not allow, with the machine's message, and writes nothing", async () => {
    const { order } = await shippedOrder();
    const backwards = await refusal(override(order.number, "processing"));
    expect(backwards.message).toBe(`Order ${order.number} can't go from shipped to processing.`);
    expect(backwards.details?.reason).toBe("invalid_transition");
    expect((await refusal(override(order.number, "cancelled"))).message).toBe(`Order ${order.number} can't go from shipped to cancelled.`);
    expect((await refusal(override(order.number, "shipped"))).details?.reason).toBe("invalid_transition");
    expect((await orderRow(order.id)).status).toBe("shipped");
    expect(await auditOf(order.id)).toEqual([]);
  });

  it("sends cancelling to Cancel order and refuses confirming an unpaid order by hand", async () => {
    const product = await createTestProduct(db, { stock: { EAST: 5 } });
    const order = await placedOrder(db, [{ sku: product.sku, quantity: 1 }]);
    expect((await refusal(override(order.number, "cancelled"))).details?.reason).toBe("use_cancel");
    expect((await refusal(override(order.number, "confirmed"))).details?.reason).toBe("confirm_needs_payment");
    expect((await refusal(override(order.number, "delivered", "shrt"))).details?.reason).toBe("reason_required");
    expect((await orderRow(order.id)).status).toBe("pending_payment");
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compensationAttempts, payments, paymentStatusHistory, returns, returnStatusHistory } from "@/db/schema";
import { testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { recordFailedCompensation } from "@/server/compensations/record";
import { DomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { shipFulfillment } from "@/server/shipping/handover";
import { requestLabel } from "@/server/shipping/labels";
import { orderBeingPacked, pack, RecordingCarrier } from "@/server/shipping/testing";
import { overrideOrderStatus } from "@/server/ops/order-actions";
import { orderTimeline, timelineKinds } from "./timeline";

const handle = testDb(6);
const db = handle.db;
let ops: SessionUser;

beforeAll(async () => {
  setFlushNotifier(undefined);
  ops = (await authenticate(db, "ops@depot.test", "depot-demo"))!;
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

describe("order timeline", () => {
  it("merges every kind of record of an order driven through several steps into one chronological list", async () => {
    // Confirmed → picked → packed → labelled → shipped, then ops mark it delivered.
    const { order, fulfillments } = await orderBeingPacked(db, ["EAST"]);
    const shipment = await pack(db, fulfillments[0]!.id);
    await requestLabel(db, shipment.id, "test", new RecordingCarrier());
    await transaction((tx) => shipFulfillment(tx, { fulfillmentId: fulfillments[0]!.id, actor: `user:${ops.id}` }), db);
    await transaction((tx) => overrideOrderStatus(tx, order.number, "delivered", "carrier never confirmed delivery", ops), db);
    // A payment with its history, a compensation that failed with an attempt, a return.
    const [payment] = await db.insert(payments).values({ orderId: order.id, provider: "sandbox", intentId: `pi_timeline_${order.number}`, status: "captured", currency: "USD", amount: order.total }).returning();
    await db.insert(paymentStatusHistory).values([
      { paymentId: payment!.id, fromStatus: null, toStatus: "authorized", reason: "card authorized" },
      { paymentId: payment!.id, fromStatus: "authorized", toStatus: "captured", reason: "captured on confirm" },
    ]);
    const comp = await recordFailedCompensation(db, { operation: "refund", orderId: order.id, metadata: { paymentId: payment!.id }, error: "gateway timed out", attempts: 7 });
    await db.insert(compensationAttempts).values({ compensationId: comp.id, attempt: 8, trigger: "replay", actorId: ops.id, outcome: "failed", error: "gateway timed out again" });
    const [ret] = await db.insert(returns).values({ number: sql`'R' || nextval('return_number_seq')`, orderId: order.id, currency: "USD" }).returning();
    await db.insert(returnStatusHistory).values({ returnId: ret!.id, fromStatus: null, toStatus: "requested", reason: "damaged in transit", actor: "guest" });

    const timeline = await orderTimeline(db, ` ${order.number.toLowerCase()} `);
    const { entries, counts } = timeline;
    for (const kind of timelineKinds) expect({ kind, present: counts[kind] > 0 }).toEqual({ kind, present: true });
    expect(entries.length).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    // Chronological.
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.at.getTime()).toBeGreaterThanOrEqual(entries[i - 1]!.at.getTime());

    const titles = entries.map((e) => e.title);
    expect(titles).toEqual(expect.arrayContaining(["Order pending payment", "Order pending payment → confirmed", "Order shipped → delivered", "Fulfillment EAST packing → packed", "Shipment label pending → labelled"]));
    expect(titles).toEqual(expect.arrayContaining(["Payment authorized → captured", "Compensation failed: refund", "Compensation attempt 8 (replay): failed", "Operator action: order.status_override"]));
    expect(titles.some((t) => t.startsWith(`Return ${ret!.number} requested`))).toBe(true);
    expect(titles.some((t) => /^Reserved 2 × TEST-\w+ in EAST$/.test(t))).toBe(true);
    // Events of the order and of its fulfillment and shipment, with their delivery status and payload.
    const events = entries.filter((e) => e.kind === "event");
    expect(events.map((e) => e.title)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Event order\/placed #\d+: pending$/),
        expect.stringMatching(/^Event fulfillment\/status-changed #\d+ \(fulfillment\): pending$/),
        expect.stringMatching(/^Event shipment\/status-changed #\d+ \(shipment\): pending$/),
      ]),
    );
    expect(events.find((e) => e.title.startsWith("Event order/placed"))!.payload).toMatchObject({ orderId: order.id, number: order.number });
    // Operator actions and status changes name the operator by email.
    expect(entries.find((e) => e.kind === "audit")).toMatchObject({ actor: "ops@depot.test", detail: expect.stringContaining("Reason: carrier never confirmed delivery.") });
    expect(entries.find((e) => e.title === "Order shipped → delivered")).toMatchObject({ actor: "ops@depot.test" });
    expect(entries.find((e) => e.title.startsWith("Compensation attempt"))).toMatchObject({ actor: "ops@depot.test", status: "failed" });
    // The override's audit row comes before the status change it caused (same instant).
    const auditAt = entries.findIndex((e) => e.kind === "audit");
    expect(entries.findIndex((e) => e.title === "Order shipped → delivered")).toBeGreaterThan(auditAt);

    expect(timeline.order).toMatchObject({
      number: order.number,
      status: "delivered",
      nextStatuses: ["completed"],
      cancelRefusal: expect.stringContaining("can no longer be cancelled"),
      fulfillments: [{ warehouse: "EAST", status: "shipped" }],
      shipments: [{ status: "shipped" }],
      payments: [{ status: "captured" }],
    });
  });

  it("refuses an unknown order", async () => {
    await expect(orderTimeline(db, "D000000")).rejects.toThrow(DomainError);
  });
});

import { InngestTestEngine } from "@inngest/test";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { shipmentHistory, shipments } from "@/db/schema";
import { testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { shipmentLabelRecovery } from "@/inngest/functions/shipment-label-recovery";
import { setFlushNotifier } from "@/server/outbox/flush";
import { DomainError } from "@/server/lib/errors";
import { useCarrier } from "./carrier-instance";
import { enterTrackingManually, labelKey, requestLabel, retryLabel } from "./labels";
import { cancelShipmentsOfOrder } from "./cancel";
import { fulfillmentById, orderBeingPacked, pack, RecordingCarrier, shipmentById } from "./testing";

const handle = testDb(8);
const db = handle.db;
let carrier: RecordingCarrier;

beforeAll(() => setFlushNotifier(undefined));
beforeEach(() => {
  carrier = new RecordingCarrier();
  useCarrier(carrier);
});
afterAll(async () => {
  useCarrier(undefined);
  setFlushNotifier(null);
  await handle.close();
});

async function packedShipment() {
  const { order, fulfillments } = await orderBeingPacked(db, ["EAST"]);
  const shipment = await pack(db, fulfillments[0]!.id);
  return { order, fulfillment: fulfillments[0]!, shipment };
}

async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("labels", () => {
  it("packing creates the shipment waiting for its label; the label call stores tracking and PDF and makes the fulfillment ready", async () => {
    const { fulfillment, shipment } = await packedShipment();
    expect(shipment).toMatchObject({ status: "label_pending", carrier: "sandbox", service: "ground", boxCode: "M", weightGrams: 1200 });
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("packed");

    const outcome = await requestLabel(db, shipment.id, "user:test");
    expect(outcome.status).toBe("labelled");
    const stored = await shipmentById(db, shipment.id);
    expect(stored).toMatchObject({ status: "labelled", trackingNumber: expect.stringMatching(/^DS\d{16}$/), labelAttempts: 1, lastError: null });
    expect(stored.labelPdf!.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("ready");
    expect(carrier.labels).toMatchObject([{ idempotencyKey: labelKey(shipment.id), parcel: { weightGrams: 1200, lengthCm: 35 } }]);

    // Asking again (double click, the recovery cron) neither calls the carrier nor changes anything.
    expect((await requestLabel(db, shipment.id, "user:test")).status).toBe("unchanged");
    expect(carrier.labels).toHaveLength(1);
  });

  it("a carrier outage never blocks packing: the shipment waits in the manual queue, then a hand-entered tracking number makes it ready (SHIP-P0-01)", async () => {
    carrier.down = true;
    const { fulfillment, shipment } = await packedShipment();
    // The packing transaction committed whatever the carrier does next.
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("packed");

    const outcome = await requestLabel(db, shipment.id, "user:packer");
    expect(outcome).toMatchObject({ status: "manual", error: expect.stringContaining("not answering") });
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "manual", labelAttempts: 1, lastError: expect.stringContaining("could not make the label") });
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("packed");

    // Still down: a retry keeps it in the queue with the new error, never throws.
    expect((await retryLabel(db, { shipmentId: shipment.id, actor: "user:packer", scope: { kind: "all" } })).status).toBe("manual");
    expect((await shipmentById(db, shipment.id)).labelAttempts).toBe(2);

    const entered = await transaction(
      (tx) => enterTrackingManually(tx, { shipmentId: shipment.id, trackingNumber: " 1z 999 AA1 0123456784 ", carrier: "UPS", actor: "user:packer" }),
      db,
    );
    expect(entered).toMatchObject({ status: "labelled", trackingNumber: "1Z999AA10123456784", carrier: "ups", lastError: null, labelPdf: null });
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("ready");
    const history = await db.select().from(shipmentHistory).where(eq(shipmentHistory.shipmentId, shipment.id)).orderBy(shipmentHistory.createdAt);
    expect(history.map((h) => h.toStatus)).toEqual(["label_pending", "manual", "labelled"]);
  });

  it("a retry after the outage gets the label with the same idempotency key (SHIP-P0-01)", async () => {
    carrier.down = true;
    const { fulfillment, shipment } = await packedShipment();
    await requestLabel(db, shipment.id, "user:packer");
    carrier.down = false;
    const retried = await retryLabel(db, { shipmentId: shipment.id, actor: "user:packer", scope: { kind: "all" } });
    expect(retried).toMatchObject({ status: "labelled", error: null, shipment: { status: "labelled", hasLabel: true } });
    expect(carrier.labels.map((l) => l.idempotencyKey)).toEqual([labelKey(shipment.id), labelKey(shipment.id)]);
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("ready");
  });

  it("refuses a tracking number another shipment of the carrier already has, naming it (SHIP-P0-02)", async () => {
    carrier.down = true;
    const first = await packedShipment();
    const second = await packedShipment();
    const third = await packedShipment();
    for (const s of [first, second, third]) await requestLabel(db, s.shipment.id, "user:packer");

    const enter = (shipmentId: string, trackingNumber: string, carrierCode = "ups") =>
      transaction((tx) => enterTrackingManually(tx, { shipmentId, trackingNumber, carrier: carrierCode, actor: "user:packer" }), db);
    await enter(first.shipment.id, "1Z0000000000000001");
    const refused = await domainError(enter(second.shipment.id, "1z0000000000000001"));
    expect(refused).toMatchObject({ code: "CONFLICT", details: { reason: "duplicate_tracking_number", trackingNumber: "1Z0000000000000001" } });
    expect(refused.message).toContain("1Z0000000000000001");
    expect(refused.message).toContain(first.order.number);
    expect(await shipmentById(db, second.shipment.id)).toMatchObject({ status: "manual", trackingNumber: null });
    expect((await fulfillmentById(db, second.fulfillment.id)).status).toBe("packed");
    // The same number at another carrier is another parcel.
    await enter(second.shipment.id, "1Z0000000000000001", "dhl");

    // Two people typing the same number at once: exactly one wins, the other gets the conflict.
    const [a, b] = await Promise.allSettled([enter(third.shipment.id, "JD0000000000000099"), enter(first.shipment.id, "JD0000000000000099")]);
    expect([a.status, b.status].sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = [a, b].find((r) => r.status === "rejected") as PromiseRejectedResult;
    // first is already labelled, so either its precondition or the duplicate refuses it.
    expect(rejected.reason).toBeInstanceOf(DomainError);
    const holders = await db.select().from(shipments).where(eq(shipments.trackingNumber, "JD0000000000000099"));
    expect(holders).toHaveLength(1);
  });

  it("refuses another warehouse's tracking number without naming that warehouse's order (SHIP-P0-02, SEC-P1-02)", async () => {
    carrier.down = true;
    const east = await packedShipment();
    const { fulfillments: westFulfillments } = await orderBeingPacked(db, ["WEST"]);
    const west = await pack(db, westFulfillments[0]!.id);
    for (const id of [east.shipment.id, west.id]) await requestLabel(db, id, "user:packer");
    await transaction((tx) => enterTrackingManually(tx, { shipmentId: east.shipment.id, trackingNumber: "1ZSCOPE000000001", carrier: "ups", actor: "user:packer" }), db);

    const westScope = { kind: "one" as const, warehouseId: westFulfillments[0]!.warehouseId };
    const refused = await domainError(
      transaction((tx) => enterTrackingManually(tx, { shipmentId: west.id, trackingNumber: "1ZSCOPE000000001", carrier: "ups", actor: "user:packer", scope: westScope }), db),
    );
    expect(refused).toMatchObject({ code: "CONFLICT", details: { reason: "duplicate_tracking_number" } });
    expect(refused.message).toContain("another shipment");
    expect(refused.message).not.toContain(east.order.number);
    expect(await shipmentById(db, west.id)).toMatchObject({ status: "manual", trackingNumber: null });
  });

  it("two shipments waiting at once for the same hand-entered number: one gets it, the other a CONFLICT (SHIP-P0-02)", async () => {
    carrier.down = true;
    const one = await packedShipment();
    const two = await packedShipment();
    for (const s of [one, two]) await requestLabel(db, s.shipment.id, "user:packer");
    const enter = (shipmentId: string) =>
      transaction((tx) => enterTrackingManually(tx, { shipmentId, trackingNumber: "RACE00000000000042", carrier: "fedex", actor: "user:packer" }), db);
    const results = await Promise.allSettled([enter(one.shipment.id), enter(two.shipment.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: "CONFLICT", details: { reason: "duplicate_tracking_number" } });
  });

  it("a shipment stuck waiting for its label (crash between the two transactions) is labelled by the recovery cron", async () => {
    const { fulfillment, shipment } = await packedShipment();
    const fresh = await packedShipment();
    await db.update(shipments).set({ updatedAt: sql`now() - interval '3 minutes'` }).where(eq(shipments.id, shipment.id));

    const { result } = await new InngestTestEngine({ function: shipmentLabelRecovery }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });
    expect(result).toMatchObject({ labelled: expect.any(Number) });
    expect((await shipmentById(db, shipment.id)).status).toBe("labelled");
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("ready");
    // A fresh one may still have its packer's call in flight: left alone.
    expect((await shipmentById(db, fresh.shipment.id)).status).toBe("label_pending");

    // With the carrier down the stuck one goes to the manual queue instead: nothing stays stuck.
    carrier.down = true;
    await db.update(shipments).set({ updatedAt: sql`now() - interval '3 minutes'` }).where(eq(shipments.id, fresh.shipment.id));
    await new InngestTestEngine({ function: shipmentLabelRecovery }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });
    expect((await shipmentById(db, fresh.shipment.id)).status).toBe("manual");
  });

  it("a label that arrives after the order was cancelled is voided at once", async () => {
    const { order, shipment } = await packedShipment();
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const called = new Promise<void>((resolve) => (entered = resolve));
    const original = carrier.createLabel.bind(carrier);
    carrier.createLabel = async (request) => {
      entered();
      await gate;
      return original(request);
    };
    const inFlight = requestLabel(db, shipment.id, "user:packer");
    await called;
    await cancelShipmentsOfOrder(db, order.id, "test");
    release();
    expect((await inFlight).status).toBe("unchanged");
    const stored = await shipmentById(db, shipment.id);
    expect(stored).toMatchObject({ status: "cancelled", trackingNumber: null });
    expect(carrier.cancels).toMatchObject([{ idempotencyKey: `cancel-label:${shipment.id}` }]);
  });

  it("a manager of one warehouse cannot retry another warehouse's label", async () => {
    carrier.down = true;
    const { shipment, fulfillment } = await packedShipment();
    await requestLabel(db, shipment.id, "user:packer");
    const other = await domainError(retryLabel(db, { shipmentId: shipment.id, actor: "user:x", scope: { kind: "one", warehouseId: "00000000-0000-0000-0000-000000000000" } }));
    expect(other.code).toBe("NOT_FOUND");
    const mine = await retryLabel(db, { shipmentId: shipment.id, actor: "user:x", scope: { kind: "one", warehouseId: fulfillment.warehouseId } });
    expect(mine.status).toBe("manual");
  });
});

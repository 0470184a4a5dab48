import { createHash } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/carrier/[carrier]/route";
import { fulfillmentItems, inventoryLedger, opsAlerts, orderStatusHistory, qcChecks, reservations, shipmentHistory, users, webhookEvents } from "@/db/schema";
import { stockInvariants, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { orderStatusOnFulfillmentCancel } from "@/inngest/functions/order-status-on-fulfillment-cancel";
import { stockCommitOnShipment } from "@/inngest/functions/stock-commit-on-shipment";
import { env } from "@/server/env";
import { cancelFulfillments } from "@/server/fulfillment/status";
import type { DomainError } from "@/server/lib/errors";
import { probedRequest } from "@/server/lib/testing-body";
import { setFlushNotifier } from "@/server/outbox/flush";
import { MALFORMED_WEBHOOK_ALERT, MALFORMED_WEBHOOK_OUTCOME } from "@/server/webhooks/malformed";
import { buildTrackingEvent, signCarrierPayload, type TrackingEventType } from "./carrier";
import { useCarrier } from "./carrier-instance";
import { shipFulfillment, type ShipInput } from "./handover";
import { requestLabel } from "./labels";
import { fulfillmentById, orderBeingPacked, orderById, outboxEvent, pack, RecordingCarrier, shipmentById } from "./testing";

const handle = testDb(12);
const db = handle.db;
const secret = env().carrier.webhookSecret;

beforeAll(() => setFlushNotifier(undefined));
beforeEach(() => useCarrier(new RecordingCarrier()));
afterAll(async () => {
  useCarrier(undefined);
  setFlushNotifier(null);
  await handle.close();
});

const post = (body: string, signature: string | null, carrier = "sandbox") =>
  POST(
    new Request(`http://127.0.0.1/api/webhooks/carrier/${carrier}`, {
      method: "POST",
      body,
      headers: signature ? { "content-type": "application/json", "depot-carrier-signature": signature } : { "content-type": "application/json" },
    }),
    { params: Promise.resolve({ carrier }) },
  );

async function deliver(event: object): Promise<{ status: number; outcome?: string }> {
  const body = JSON.stringify(event);
  const response = await post(body, signCarrierPayload(secret, body));
  const json = (await response.json()) as { outcome?: string };
  return { status: response.status, outcome: json.outcome };
}

const tracking = (type: TrackingEventType, trackingNumber: string, id?: string) => buildTrackingEvent({ type, trackingNumber, carrier: "sandbox", id });

/** Packed and labelled by the sandbox carrier: every fulfillment of the order is ready at the dock. */
async function readyOrder(sites: ("EAST" | "CENTRAL" | "WEST")[]) {
  const placed = await orderBeingPacked(db, sites);
  const parcels = [];
  for (const f of placed.fulfillments) {
    const shipment = await pack(db, f.id);
    const outcome = await requestLabel(db, shipment.id, "test");
    if (outcome.status !== "labelled") throw new Error("label failed");
    parcels.push({ fulfillment: f, shipment: outcome.shipment, trackingNumber: outcome.shipment.trackingNumber! });
  }
  return { ...placed, parcels };
}

const ship = (input: Omit<ShipInput, "actor">) => transaction((tx) => shipFulfillment(tx, { ...input, actor: "user:test" } as ShipInput), db);
const orderStatus = async (id: string) => (await orderById(db, id)).status;

describe("order status across warehouses (FUL-P0-01, ORD-P0-02)", () => {
  it("a three-warehouse order is shipped only when all three are, and delivered only when all three are delivered", async () => {
    const { order, parcels } = await readyOrder(["EAST", "CENTRAL", "WEST"]);
    const [east, central, west] = parcels as [(typeof parcels)[0], (typeof parcels)[0], (typeof parcels)[0]];
    // No wave was released: the order is still confirmed and steps through processing.
    expect(order.status).toBe("confirmed");

    expect(await ship({ fulfillmentId: east.fulfillment.id })).toMatchObject({ orderStatus: "partially_shipped", alreadyShipped: false });
    const history = await db.select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, order.id)).orderBy(orderStatusHistory.createdAt);
    expect(history.map((h) => h.toStatus)).toEqual(["pending_payment", "confirmed", "processing", "partially_shipped"]);
    expect(await fulfillmentById(db, east.fulfillment.id)).toMatchObject({ status: "shipped", shippedAt: expect.any(Date) });
    expect((await shipmentById(db, east.shipment.id)).status).toBe("shipped");

    // By the dock scanner: the tracking number as typed by a keyboard-wedge scanner.
    expect(await ship({ trackingNumber: ` ${central.trackingNumber.toLowerCase()} ` })).toMatchObject({ orderStatus: "partially_shipped" });
    // A second scan changes nothing.
    expect(await ship({ trackingNumber: central.trackingNumber })).toMatchObject({ alreadyShipped: true });
    expect(await orderStatus(order.id)).toBe("partially_shipped");
    expect(await ship({ fulfillmentId: west.fulfillment.id })).toMatchObject({ orderStatus: "shipped" });

    // Delivered one by one: the order waits for the last parcel.
    expect(await deliver(tracking("tracking.delivered", east.trackingNumber))).toEqual({ status: 200, outcome: "applied" });
    expect((await fulfillmentById(db, east.fulfillment.id)).status).toBe("completed");
    expect(await shipmentById(db, east.shipment.id)).toMatchObject({ status: "delivered", deliveredAt: expect.any(Date) });
    expect(await orderStatus(order.id)).toBe("shipped");
    expect(await deliver(tracking("tracking.in_transit", central.trackingNumber))).toMatchObject({ outcome: "applied" });
    expect(await deliver(tracking("tracking.delivered", central.trackingNumber))).toMatchObject({ outcome: "applied" });
    expect(await orderStatus(order.id)).toBe("shipped");
    expect(await deliver(tracking("tracking.delivered", west.trackingNumber))).toMatchObject({ outcome: "applied" });
    expect(await orderStatus(order.id)).toBe("delivered");

    // Out of order: "in transit" after "delivered" leaves it delivered.
    expect(await deliver(tracking("tracking.in_transit", west.trackingNumber))).toEqual({ status: 200, outcome: "ignored" });
    expect((await shipmentById(db, west.shipment.id)).status).toBe("delivered");
    expect(await orderStatus(order.id)).toBe("delivered");
  });

  it("two warehouses handing over the same order at the same moment leave it shipped, not partially shipped", async () => {
    const { order, parcels } = await readyOrder(["EAST", "WEST"]);
    await Promise.all(parcels.map((p) => ship({ fulfillmentId: p.fulfillment.id })));
    expect(await orderStatus(order.id)).toBe("shipped");
  });

  it("a cancelled fulfillment does not hold the order back", async () => {
    const placed = await orderBeingPacked(db, ["EAST", "CENTRAL"]);
    const [east, central] = placed.fulfillments as [(typeof placed.fulfillments)[0], (typeof placed.fulfillments)[0]];
    await transaction(async (tx) => cancelFulfillments(tx, [await fulfillmentById(db, central.id)], "test: nothing to ship", "test"), db);
    const shipment = await pack(db, east.id);
    const labelled = await requestLabel(db, shipment.id, "test");
    expect(await ship({ fulfillmentId: east.id })).toMatchObject({ orderStatus: "shipped" });
    await deliver(tracking("tracking.delivered", labelled.shipment.trackingNumber!));
    expect(await orderStatus(placed.order.id)).toBe("delivered");
  });

  it("a fulfillment cancelled after the order's other parcel left no longer holds it at partially shipped", async () => {
    const placed = await orderBeingPacked(db, ["EAST", "WEST"]);
    const [east, west] = placed.fulfillments as [(typeof placed.fulfillments)[0], (typeof placed.fulfillments)[0]];
    const shipment = await pack(db, east.id);
    await requestLabel(db, shipment.id, "test");
    expect(await ship({ fulfillmentId: east.id })).toMatchObject({ orderStatus: "partially_shipped" });
    await transaction(async (tx) => cancelFulfillments(tx, [await fulfillmentById(db, west.id)], "short pick: nothing left to ship", "test"), db);
    const cancelled = await outboxEvent(db, "fulfillment/status-changed", west.id, "cancelled");
    const run = () => new InngestTestEngine({ function: orderStatusOnFulfillmentCancel, events: [cancelled as never] }).execute();
    expect((await run()).result).toEqual({ orderStatus: "shipped" });
    expect((await run()).result).toEqual({ orderStatus: "shipped" });
    expect(await orderStatus(placed.order.id)).toBe("shipped");
  });

  it("the carrier's first scan of a parcel nobody scanned at the dock ships it", async () => {
    const { order, parcels } = await readyOrder(["EAST"]);
    expect(await deliver(tracking("tracking.in_transit", parcels[0]!.trackingNumber))).toMatchObject({ outcome: "applied" });
    expect((await fulfillmentById(db, parcels[0]!.fulfillment.id)).status).toBe("shipped");
    expect((await shipmentById(db, parcels[0]!.shipment.id)).status).toBe("in_transit");
    expect(await orderStatus(order.id)).toBe("shipped");
  });

  it("refuses to ship a parcel without its label, one that failed QC, or another warehouse's", async () => {
    const placed = await orderBeingPacked(db, ["EAST"]);
    const f = placed.fulfillments[0]!;
    const refused = (input: Omit<ShipInput, "actor">) => ship(input).then(() => null, (e: unknown) => e as DomainError);
    expect(await refused({ fulfillmentId: f.id })).toMatchObject({ code: "PRECONDITION_FAILED", details: { reason: "not_packed" } });
    const shipment = await pack(db, f.id);
    expect(await refused({ fulfillmentId: f.id })).toMatchObject({ code: "PRECONDITION_FAILED", details: { reason: "not_ready_to_ship" } });
    await requestLabel(db, shipment.id, "test");
    const [packer] = await db.select().from(users).where(eq(users.email, "packer.east@depot.test"));
    await db.insert(qcChecks).values({ fulfillmentId: f.id, result: "fail", notes: "scratched", checkedBy: packer!.id });
    expect(await refused({ fulfillmentId: f.id })).toMatchObject({ code: "PRECONDITION_FAILED", details: { reason: "qc_failed" } });
    await db.insert(qcChecks).values({ fulfillmentId: f.id, result: "pass", checkedBy: packer!.id, createdAt: sql`now() + interval '1 second'` });
    const elsewhere = await transaction(
      (tx) => shipFulfillment(tx, { fulfillmentId: f.id, actor: "user:x", scope: { kind: "one", warehouseId: "00000000-0000-0000-0000-000000000000" } }),
      db,
    ).then(() => null, (e: unknown) => e as DomainError);
    expect(elsewhere).toMatchObject({ code: "NOT_FOUND" });
    expect(await ship({ fulfillmentId: f.id })).toMatchObject({ orderStatus: "shipped" });
  });
});

describe("carrier webhook route", () => {
  it("refuses a bad or missing signature with 400 and records nothing", async () => {
    const { parcels } = await readyOrder(["EAST"]);
    const event = tracking("tracking.in_transit", parcels[0]!.trackingNumber);
    const body = JSON.stringify(event);
    const forged = await post(body, signCarrierPayload("some-other-secret-of-enough-length", body));
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: "invalid signature", reason: "mismatch" });
    expect((await post(body, null)).status).toBe(400);
    // Signed, then tampered with.
    const tampered = body.replace("in_transit", "delivered");
    expect((await post(tampered, signCarrierPayload(secret, body))).status).toBe(400);
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id))).toEqual([]);
    expect((await shipmentById(db, parcels[0]!.shipment.id)).status).toBe("labelled");
    // Another carrier's path is no endpoint here.
    expect((await post(body, signCarrierPayload(secret, body), "parcelhub")).status).toBe(404);
  });

  it("applies a duplicated event once, even when the copies arrive together", async () => {
    const { parcels } = await readyOrder(["EAST"]);
    const event = tracking("tracking.in_transit", parcels[0]!.trackingNumber);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
    expect(outcomes.every((o) => o.status === 200)).toBe(true);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["applied", "duplicate", "duplicate", "duplicate", "duplicate"]);
    const moves = await db
      .select()
      .from(shipmentHistory)
      .where(and(eq(shipmentHistory.shipmentId, parcels[0]!.shipment.id), eq(shipmentHistory.toStatus, "in_transit")));
    expect(moves).toHaveLength(1);
    expect(await deliver(event)).toEqual({ status: 200, outcome: "duplicate" });
  });

  it("acknowledges unknown event types and unknown tracking numbers without effect", async () => {
    expect(await deliver({ id: "evt_unknown_type_1", type: "tracking.label_printed", created: 1, data: {} })).toEqual({ status: 200, outcome: "ignored" });
    expect(await deliver(tracking("tracking.delivered", "DS0000000000000000"))).toEqual({ status: 200, outcome: "ignored" });
    const malformed = JSON.stringify({ type: "tracking.delivered" });
    expect((await post(malformed, signCarrierPayload(secret, malformed))).status).toBe(400);
  });

  it("answers 500 with nothing recorded when processing fails, so the carrier's retry is applied", async () => {
    const { parcels } = await readyOrder(["EAST"]);
    const shipmentId = parcels[0]!.shipment.id;
    const event = tracking("tracking.in_transit", parcels[0]!.trackingNumber);
    await db.execute(
      sql.raw(`
      create or replace function depot_test_block_shipment() returns trigger language plpgsql as $$
      begin
        if old.id = '${shipmentId}' then raise exception 'injected failure: shipments locked for maintenance'; end if;
        return new;
      end $$;
      create trigger depot_test_block_shipment before update on shipments for each row execute function depot_test_block_shipment();`),
    );
    try {
      expect((await deliver(event)).status).toBe(500);
    } finally {
      await db.execute(sql.raw("drop trigger depot_test_block_shipment on shipments; drop function depot_test_block_shipment();"));
    }
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id))).toEqual([]);
    expect(await deliver(event)).toEqual({ status: 200, outcome: "applied" });
    expect((await shipmentById(db, shipmentId)).status).toBe("in_transit");
  });

  it("a validly signed but malformed event answers 400, is recorded once for ops however often it comes, and moves nothing", async () => {
    const { parcels } = await readyOrder(["EAST"]);
    const { shipment, trackingNumber } = parcels[0]!;
    const event = tracking("tracking.delivered", trackingNumber);
    const withData = (data: Record<string, unknown>) => JSON.stringify({ ...event, data: { ...event.data, ...data } });
    const shapes: Record<string, string> = {
      "no id": JSON.stringify({ ...event, id: undefined }),
      "data: null": JSON.stringify({ ...event, data: null }),
      "[]": "[]",
      null: "null",
      "NUL in the id": JSON.stringify({ ...event, id: `${event.id}\u0000` }),
      "NUL in the tracking number": withData({ tracking_number: `${trackingNumber}\u0000` }),
      "NUL in the description": withData({ description: "Left at the door\u0000" }),
      "NUL in an unknown type": JSON.stringify({ id: event.id, type: "tracking.label_printed\u0000", created: 1, data: {} }),
    };
    const historyBefore = await db.select().from(shipmentHistory).where(eq(shipmentHistory.shipmentId, shipment.id));
    for (const [shape, body] of Object.entries(shapes)) {
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(body, signCarrierPayload(secret, body))));
      for (const response of responses) {
        expect(response.status, shape).toBe(400);
        expect(await response.json(), shape).toMatchObject({ error: expect.stringMatching(/^Tracking event is invalid: /), problems: [expect.any(String)] });
      }
      const hash = createHash("sha256").update(body, "utf8").digest("hex");
      const recorded = await db.select().from(webhookEvents).where(and(eq(webhookEvents.provider, "carrier:sandbox"), eq(webhookEvents.eventId, `sha256:${hash}`)));
      expect(recorded, shape).toMatchObject([{ outcome: MALFORMED_WEBHOOK_OUTCOME }]);
      const alerts = await db.select().from(opsAlerts).where(and(eq(opsAlerts.kind, MALFORMED_WEBHOOK_ALERT), sql`${opsAlerts.details}->>'bodySha256' = ${hash} and ${opsAlerts.details}->>'provider' = 'carrier:sandbox'`));
      expect(alerts, shape).toHaveLength(1);
    }
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.eventId, event.id))).toEqual([]);
    expect((await shipmentById(db, shipment.id)).status).toBe("labelled");
    expect(await db.select().from(shipmentHistory).where(eq(shipmentHistory.shipmentId, shipment.id))).toEqual(historyBefore);
  });

  it("refuses a 5 MB body with 413 while it streams, with or without Content-Length, without reading it all (GW-P1-03)", async () => {
    const limit = env().maxBodyBytes.webhooks;
    for (const declareLength of [true, false]) {
      const { request, probe } = probedRequest("http://127.0.0.1/api/webhooks/carrier/sandbox", {
        totalBytes: 5 * 1024 * 1024,
        declareLength,
        headers: { "content-type": "application/json", "depot-carrier-signature": signCarrierPayload(secret, "{}") },
      });
      const response = await POST(request, { params: Promise.resolve({ carrier: "sandbox" }) });
      expect(response.status).toBe(413);
      expect(probe.drained).toBe(false);
      expect(probe.pulled).toBeLessThanOrEqual(declareLength ? 0 : limit + 64 * 1024);
    }
  });

  it("an exception marks the shipment and alerts ops; delivery still completes it later", async () => {
    const { order, parcels } = await readyOrder(["EAST"]);
    await ship({ fulfillmentId: parcels[0]!.fulfillment.id });
    expect(await deliver(tracking("tracking.exception", parcels[0]!.trackingNumber))).toMatchObject({ outcome: "applied" });
    expect((await shipmentById(db, parcels[0]!.shipment.id)).status).toBe("exception");
    const alerts = await db.select().from(opsAlerts).where(and(eq(opsAlerts.orderId, order.id), eq(opsAlerts.kind, "shipment_exception")));
    expect(alerts).toMatchObject([{ severity: "warning", message: expect.stringContaining(parcels[0]!.trackingNumber) }]);
    // A late "in transit" does not undo the exception; the delivery does complete it.
    expect(await deliver(tracking("tracking.in_transit", parcels[0]!.trackingNumber))).toMatchObject({ outcome: "ignored" });
    expect(await deliver(tracking("tracking.delivered", parcels[0]!.trackingNumber))).toMatchObject({ outcome: "applied" });
    expect(await orderStatus(order.id)).toBe("delivered");
  });
});

describe("stock commit on shipment (WH-P0-02)", () => {
  it("a duplicated shipped event commits the stock once, delivered one after the other and all at once", async () => {
    const { parcels, products } = await readyOrder(["EAST"]);
    const f = parcels[0]!.fulfillment;
    await ship({ fulfillmentId: f.id });
    const event = outboxEvent(db, "fulfillment/status-changed", f.id, "shipped");
    const shipped = await event;
    const run = () => new InngestTestEngine({ function: stockCommitOnShipment, events: [shipped as never] }).execute();

    expect((await run()).result).toMatchObject({ status: "applied", result: { lines: 1, units: 2 } });
    expect((await run()).result).toMatchObject({ status: "duplicate" });
    const concurrent = await Promise.all([run(), run(), run()]);
    expect(concurrent.map((c) => (c.result as { status: string }).status)).toEqual(["duplicate", "duplicate", "duplicate"]);

    // Even the same move sent again under a new event id (a replayed outbox row) finds nothing left to commit.
    const replay = { ...shipped, id: crypto.randomUUID(), data: { ...shipped.data, meta: { ...shipped.data.meta, outboxId: crypto.randomUUID(), sequence: shipped.data.meta.sequence + 100 } } };
    const replayed = await new InngestTestEngine({ function: stockCommitOnShipment, events: [replay as never] }).execute();
    expect(replayed.result).toMatchObject({ status: "applied", result: { lines: 0, units: 0 } });

    const [level] = await stockInvariants(db, products[0]!.id);
    expect(level).toMatchObject({ on_hand: 8, reserved: 0, live: 0, ledger_on_hand: 8, ledger_reserved: 0 });
    const [item] = await db.select().from(fulfillmentItems).where(eq(fulfillmentItems.fulfillmentId, f.id));
    expect((await db.select().from(reservations).where(eq(reservations.id, item!.reservationId!)))[0]!.status).toBe("committed");
    const movements = await db.select().from(inventoryLedger).where(and(eq(inventoryLedger.referenceId, item!.id), eq(inventoryLedger.reason, "shipped")));
    expect(movements).toMatchObject([{ onHandDelta: -2, reservedDelta: -2, referenceType: "fulfillment_item" }]);
  });
});

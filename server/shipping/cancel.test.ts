import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { failedCompensations, fulfillments } from "@/db/schema";
import { testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { shipmentCancelOnOrderCancel } from "@/inngest/functions/shipment-cancel-on-order-cancel";
import type { LocalExecutor } from "@/inngest/local-executor";
import { testExecutor } from "@/inngest/local-executor/testing";
import { retryCompensation } from "@/server/ops/retry-compensation";
import { cancelFulfillments } from "@/server/fulfillment/status";
import { transitionOrder } from "@/server/orders/status";
import { setFlushNotifier } from "@/server/outbox/flush";
import { paymentGateway } from "@/server/payments/gateway-instance";
import { cancelShipmentsOfOrder, LABEL_VOID_PENDING, reconcileCancelledShipments } from "./cancel";
import { useCarrier } from "./carrier-instance";
import { requestLabel } from "./labels";
import { orderBeingPacked, outboxEvent, pack, RecordingCarrier, shipmentById } from "./testing";

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

/**
 * A labelled parcel at the dock whose order ops then cancel (order, fulfillment and the event,
 * in one transaction); `beforeCancel` runs in between.
 */
async function cancelledWithLabel(beforeCancel: () => void = () => {}) {
  const { order, fulfillments: [f] } = await orderBeingPacked(db, ["EAST"]);
  const shipment = await pack(db, f!.id);
  const labelled = await requestLabel(db, shipment.id, "test");
  expect(labelled.status).toBe("labelled");
  beforeCancel();
  await transaction(async (tx) => {
    const [current] = await tx.select().from(fulfillments).where(eq(fulfillments.id, f!.id));
    await cancelFulfillments(tx, [current!], "order cancelled by ops", "test");
    await transitionOrder(tx, { orderId: order.id, to: "cancelled", reason: "cancelled by ops", actor: "test" });
  }, db);
  return { order, shipment: labelled.shipment };
}

describe("order cancelled → shipment cancelled once (P1-2024-02)", () => {
  it("voids the label once however often, and however concurrently, the cancel event arrives", async () => {
    const { order, shipment } = await cancelledWithLabel();
    const event = await outboxEvent(db, "order/status-changed", order.id, "cancelled");
    const run = () => new InngestTestEngine({ function: shipmentCancelOnOrderCancel, events: [event as never] }).execute();

    expect((await run()).result).toMatchObject({ cancelled: 1, outcomes: { [shipment.id]: "voided" } });
    await Promise.all([run(), run(), run()]);
    expect((await run()).result).toEqual({ cancelled: 0 });

    expect(carrier.cancels).toEqual([{ trackingNumber: shipment.trackingNumber, idempotencyKey: `cancel-label:${shipment.id}` }]);
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "cancelled", lastError: null });
  });

  it("starts no run for the order's other moves, one for its cancellation (the trigger's `if`, in the local executor)", async () => {
    const { order, shipment } = await cancelledWithLabel();
    const confirmed = await outboxEvent(db, "order/status-changed", order.id, "confirmed");
    const cancelled = await outboxEvent(db, "order/status-changed", order.id, "cancelled");
    const executor = await testExecutor();
    const runsFor = (eventId: string) => executor.runs().filter((r) => r.functionId.endsWith("shipment-cancel-on-order-cancel") && r.eventId === eventId);
    try {
      await executor.send([confirmed]);
      await executor.drain(30_000);
      expect(runsFor(confirmed.id)).toEqual([]);
      expect((await shipmentById(db, shipment.id)).status).toBe("labelled");

      await executor.send([cancelled]);
      await executor.drain(30_000);
      expect(runsFor(cancelled.id)).toMatchObject([{ status: "completed", output: { cancelled: 1, outcomes: { [shipment.id]: "voided" } } }]);
    } finally {
      await executor.stop();
    }
    expect(carrier.cancels).toEqual([{ trackingNumber: shipment.trackingNumber, idempotencyKey: `cancel-label:${shipment.id}` }]);
  });
});

describe("the cancel backstop, when the cancel function's run was lost with its process (P1-2024-02)", () => {
  beforeEach(async () => {
    // The backstop looks at the whole database: parcels other test files left on cancelled orders
    // (no function runs there) are settled first, so the counts below are this test's own.
    await reconcileCancelledShipments(db, new RecordingCarrier(), { graceSeconds: 0 });
  });

  it("cancels the stranded parcel of a cancelled order and voids its label once", async () => {
    const { shipment } = await cancelledWithLabel();
    // No function ran: the event was consumed by a process that died.
    expect((await shipmentById(db, shipment.id)).status).toBe("labelled");
    expect(await reconcileCancelledShipments(db, carrier, { graceSeconds: 0 })).toMatchObject({ cancelled: 1, voided: 1, failed: 0 });
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "cancelled", lastError: null });
    expect(await reconcileCancelledShipments(db, carrier, { graceSeconds: 0 })).toMatchObject({ cancelled: 0, voided: 0 });
    expect(carrier.cancels).toEqual([{ trackingNumber: shipment.trackingNumber, idempotencyKey: `cancel-label:${shipment.id}` }]);
  });

  it("voids a label left pending after the claim, and hands a void the carrier refuses to the failed compensations once", async () => {
    const { order, shipment } = await cancelledWithLabel();
    await cancelShipmentsOfOrder(db, order.id, "test"); // the run died right after its first step
    carrier.down = true;
    expect(await reconcileCancelledShipments(db, carrier, { graceSeconds: 0 })).toMatchObject({ failed: 1 });
    expect(await reconcileCancelledShipments(db, carrier, { graceSeconds: 0 })).toMatchObject({ failed: 1 });
    const rows = await db.select().from(failedCompensations).where(eq(failedCompensations.orderId, order.id));
    expect(rows).toMatchObject([{ operation: "cancel_shipment", status: "pending", metadata: { shipmentId: shipment.id } }]);
    expect((await shipmentById(db, shipment.id)).lastError).toBe(LABEL_VOID_PENDING);
    carrier.down = false;
    expect(await reconcileCancelledShipments(db, carrier, { graceSeconds: 0 })).toMatchObject({ voided: 1, failed: 0 });
    expect(await retryCompensation(db, paymentGateway(), rows[0]!.id, { force: true })).toBe("resolved");
    expect(carrier.cancels.filter((c) => c.idempotencyKey !== `cancel-label:${shipment.id}`)).toEqual([]);
  });
});

describe("a label void that keeps failing (P0-2024-01)", () => {
  let executor: LocalExecutor;

  beforeAll(async () => {
    setFlushNotifier(null);
    executor = await testExecutor();
  });
  afterAll(async () => {
    await executor.drain(30_000).catch(() => undefined);
    await executor.stop();
    setFlushNotifier(undefined);
  });

  it("becomes a cancel_shipment failed compensation, which the compensation retry resolves once the carrier is back", async () => {
    const { order, shipment } = await cancelledWithLabel(() => (carrier.down = true));
    for (let i = 0; i < 4; i++) {
      await executor.send([{ name: "outbox/flush", data: {} }]);
      await executor.drain(30_000);
    }
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "cancelled", lastError: LABEL_VOID_PENDING });
    const [row] = await db.select().from(failedCompensations).where(eq(failedCompensations.orderId, order.id));
    expect(row).toMatchObject({
      operation: "cancel_shipment",
      status: "pending",
      metadata: { shipmentId: shipment.id, trackingNumber: shipment.trackingNumber, carrier: "sandbox" },
      lastError: expect.stringContaining("not answering"),
    });
    // Every try used the one key: the carrier voids one label, whichever try gets through.
    expect(new Set(carrier.cancels.map((c) => c.idempotencyKey))).toEqual(new Set([`cancel-label:${shipment.id}`]));

    carrier.down = false;
    const tries = carrier.cancels.length;
    expect(await retryCompensation(db, paymentGateway(), row!.id, { force: true })).toBe("resolved");
    expect(carrier.cancels).toHaveLength(tries + 1);
    expect((await shipmentById(db, shipment.id)).lastError).toBeNull();
    // Replayed once more (a double click in the ops console): nothing left to void, no carrier call.
    await db.update(failedCompensations).set({ status: "pending" }).where(eq(failedCompensations.id, row!.id));
    expect(await retryCompensation(db, paymentGateway(), row!.id, { force: true })).toBe("resolved");
    expect(carrier.cancels).toHaveLength(tries + 1);
  });
});

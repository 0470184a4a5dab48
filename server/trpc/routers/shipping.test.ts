import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as carrierWebhook } from "@/app/api/webhooks/carrier/[carrier]/route";
import { testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import { setFlushNotifier } from "@/server/outbox/flush";
import { useCarrier } from "@/server/shipping/carrier-instance";
import { requestLabel } from "@/server/shipping/labels";
import { setSandboxTrackingTransport } from "@/server/shipping/simulate";
import { orderBeingPacked, orderById, pack, RecordingCarrier, shipmentById } from "@/server/shipping/testing";
import { testBrowser } from "../testing";

const handle = testDb(6);
const db = handle.db;
let carrier: RecordingCarrier;

beforeAll(() => {
  setFlushNotifier(undefined);
  carrier = new RecordingCarrier();
  useCarrier(carrier);
  // The sandbox carrier's webhook delivery reaches the real route handler, in process.
  setSandboxTrackingTransport((input, init) =>
    carrierWebhook(new Request(String(input), init), { params: Promise.resolve({ carrier: new URL(String(input)).pathname.split("/").pop()! }) }),
  );
});
afterAll(async () => {
  setSandboxTrackingTransport(undefined);
  useCarrier(undefined);
  setFlushNotifier(null);
  await handle.close();
});

async function callerFor(email: string) {
  const user = await authenticate(db, email, "depot-demo");
  if (!user) throw new Error(`seeded ${email} missing`);
  return testBrowser(user).caller;
}

const codeOf = (error: unknown) => (error instanceof TRPCError ? error.code : "other");

describe("shipping router", () => {
  it("keeps a warehouse's shipments to its own staff: the EAST manager cannot see or touch WEST's parcels", async () => {
    carrier.down = true;
    const west = await orderBeingPacked(db, ["WEST"]);
    const shipment = await pack(db, west.fulfillments[0]!.id);
    await requestLabel(db, shipment.id, "test");
    carrier.down = false;

    const eastManager = await callerFor("manager.east@depot.test");
    const ops = await callerFor("ops@depot.test");
    expect((await eastManager.shipping.manualQueue()).map((r) => r.shipmentId)).not.toContain(shipment.id);
    expect((await ops.shipping.manualQueue()).map((r) => r.shipmentId)).toContain(shipment.id);
    await expect(eastManager.shipping.retryLabel({ shipmentId: shipment.id }).catch(codeOf)).resolves.toBe("NOT_FOUND");
    await expect(eastManager.shipping.enterTracking({ shipmentId: shipment.id, trackingNumber: "1Z1111111111111111", carrier: "ups" }).catch(codeOf)).resolves.toBe("NOT_FOUND");
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "manual", trackingNumber: null });

    // Ops, who see every warehouse, fix it; then the EAST manager cannot ship it or simulate its tracking.
    expect(await ops.shipping.retryLabel({ shipmentId: shipment.id })).toMatchObject({ status: "labelled", error: null });
    const labelled = await shipmentById(db, shipment.id);
    await expect(eastManager.shipping.ship({ trackingNumber: labelled.trackingNumber! }).catch(codeOf)).resolves.toBe("NOT_FOUND");
    await expect(eastManager.shipping.ship({ fulfillmentId: west.fulfillments[0]!.id }).catch(codeOf)).resolves.toBe("NOT_FOUND");
    await expect(eastManager.shipping.simulateTracking({ shipmentId: shipment.id, type: "delivered" }).catch(codeOf)).resolves.toBe("NOT_FOUND");
  });

  it("a packer ships by scan and the sandbox simulator's signed events run the real webhook path to delivered", async () => {
    const east = await orderBeingPacked(db, ["EAST"]);
    const shipment = await pack(db, east.fulfillments[0]!.id);
    await requestLabel(db, shipment.id, "test");
    const { trackingNumber } = await shipmentById(db, shipment.id);

    const packer = await callerFor("packer.east@depot.test");
    expect((await packer.shipping.readyToShip()).map((r) => r.shipmentId)).toContain(shipment.id);
    expect(await packer.shipping.ship({ trackingNumber: trackingNumber! })).toMatchObject({ orderStatus: "shipped", orderNumber: east.order.number });
    expect((await packer.shipping.recentlyShipped()).find((r) => r.shipmentId === shipment.id)).toMatchObject({ status: "shipped", hasLabel: true });
    // The simulator is for managers and ops, not packers.
    await expect(packer.shipping.simulateTracking({ shipmentId: shipment.id, type: "delivered" }).catch(codeOf)).resolves.toBe("FORBIDDEN");

    const manager = await callerFor("manager.east@depot.test");
    expect(await manager.shipping.simulateTracking({ shipmentId: shipment.id, type: "in_transit" })).toMatchObject({ delivered: true, status: 200 });
    expect(await manager.shipping.simulateTracking({ shipmentId: shipment.id, type: "delivered" })).toMatchObject({ delivered: true, status: 200 });
    expect((await shipmentById(db, shipment.id)).status).toBe("delivered");
    expect((await orderById(db, east.order.id)).status).toBe("delivered");
  });
});

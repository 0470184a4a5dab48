import { InngestTestEngine } from "@inngest/test";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { shipments } from "@/db/schema";
import { testDb } from "@/db/testing";
import { shipmentLabelRetry } from "@/inngest/functions/shipment-label-retry";
import { env } from "@/server/env";
import { setFlushNotifier, transaction } from "@/server/outbox/flush";
import { useCarrier } from "./carrier-instance";
import { dueLabelRetries, LABEL_REQUEST_IN_FLIGHT, labelRetryDelaySeconds } from "./label-retry";
import { enterTrackingManually, labelKey, requestLabel, retryLabel, type LabelAttempt } from "./labels";
import { fulfillmentById, orderBeingPacked, pack, RecordingCarrier, shipmentById } from "./testing";

const handle = testDb(4);
const db = handle.db;
let pools: DbHandle[] = [];
let carrier: RecordingCarrier;

beforeAll(() => {
  setFlushNotifier(undefined);
  pools = Array.from({ length: 6 }, () => createDb(env().databaseUrl!, { max: 1 }));
});
beforeEach(() => {
  carrier = new RecordingCarrier();
  useCarrier(carrier);
});
afterAll(async () => {
  useCarrier(undefined);
  setFlushNotifier(null);
  await Promise.all(pools.map((p) => p.close()));
  await handle.close();
});

const all = { kind: "all" } as const;
const tick = () => new InngestTestEngine({ function: shipmentLabelRetry }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });
/** As if the shipment's last label attempt was `minutes` ago. */
const lastAttemptAgo = (id: string, minutes: number) => db.update(shipments).set({ updatedAt: sql`now() - make_interval(mins => ${minutes})` }).where(eq(shipments.id, id));
const callsFor = (id: string) => carrier.labels.filter((l) => l.idempotencyKey === labelKey(id)).length;

/** A packed parcel whose label failed (the carrier down, or refusing the parcel): in the manual queue after one attempt. */
async function queued({ weightGrams = 1200 }: { weightGrams?: number } = {}) {
  const { fulfillments } = await orderBeingPacked(db, ["EAST"]);
  const shipment = await pack(db, fulfillments[0]!.id, { weightGrams });
  carrier.down = weightGrams <= 30_000;
  const outcome = await requestLabel(db, shipment.id, "user:packer");
  carrier.down = false;
  if (outcome.status !== "manual") throw new Error(`expected the manual queue, got ${outcome.status}`);
  return { fulfillment: fulfillments[0]!, shipment };
}

/** Holds the next label calls at the carrier until released, counting them. */
function holdCalls() {
  let release!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const called = new Promise<void>((resolve) => (entered = resolve));
  const held = { called, release, calls: 0 };
  const original = carrier.createLabel.bind(carrier);
  carrier.createLabel = async (request) => {
    held.calls += 1;
    entered();
    await gate;
    return original(request);
  };
  return held;
}

async function settledCount(promises: Promise<unknown>[], count: number) {
  let settled = 0;
  for (const p of promises) void p.then(() => (settled += 1));
  for (let waited = 0; settled < count && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  return settled;
}

describe("automatic retries of the manual queue (SHIP-P0-01)", () => {
  it("back off 2, 4, 8, 16, 32 minutes, then hourly", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((n) => labelRetryDelaySeconds(n) / 60)).toEqual([2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it("the cron retries a label once its delay has passed, until the carrier is back, with the same idempotency key", async () => {
    const { fulfillment, shipment } = await queued();
    // Just failed: not due.
    await tick();
    expect(callsFor(shipment.id)).toBe(1);

    carrier.down = true;
    await lastAttemptAgo(shipment.id, 1);
    expect(await dueLabelRetries(db, { limit: 1000 })).not.toContain(shipment.id);
    await lastAttemptAgo(shipment.id, 3);
    expect(await dueLabelRetries(db, { limit: 1000 })).toContain(shipment.id);
    await tick();
    expect(callsFor(shipment.id)).toBe(2);
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "manual", labelAttempts: 2, lastError: expect.stringContaining("could not make the label") });

    // After two attempts the next waits 4 minutes.
    await lastAttemptAgo(shipment.id, 3);
    await tick();
    expect(callsFor(shipment.id)).toBe(2);

    carrier.down = false;
    await lastAttemptAgo(shipment.id, 5);
    await tick();
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "labelled", labelAttempts: 3, lastError: null, trackingNumber: expect.any(String) });
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("ready");
    expect(carrier.labels.filter((l) => l.idempotencyKey === labelKey(shipment.id))).toHaveLength(3);
  });

  it("leaves refusals and shipments out of attempts to staff, and picks up a call its process never finished", async () => {
    const refused = await queued({ weightGrams: 31_000 });
    expect((await shipmentById(db, refused.shipment.id)).lastError).toMatch(/^The carrier refused the label/);
    const exhausted = await queued();
    await db.update(shipments).set({ labelAttempts: 10 }).where(eq(shipments.id, exhausted.shipment.id));
    const orphaned = await queued();
    await db.update(shipments).set({ lastError: LABEL_REQUEST_IN_FLIGHT }).where(eq(shipments.id, orphaned.shipment.id));
    for (const s of [refused, exhausted, orphaned]) await lastAttemptAgo(s.shipment.id, 180);

    const due = await dueLabelRetries(db, { limit: 1000 });
    expect(due).toContain(orphaned.shipment.id);
    expect(due).not.toContain(refused.shipment.id);
    expect(due).not.toContain(exhausted.shipment.id);
    await tick();
    expect((await shipmentById(db, orphaned.shipment.id)).status).toBe("labelled");
    // Only their first, failed, calls.
    expect([callsFor(refused.shipment.id), callsFor(exhausted.shipment.id)]).toEqual([1, 1]);
    // Staff can still retry them by hand.
    expect((await retryLabel(db, { shipmentId: exhausted.shipment.id, actor: "user:packer", scope: all })).status).toBe("labelled");
  });

  it("a staff Retry and the cron at the same moment, on connections of their own: one carrier call, the others told busy", async () => {
    for (let round = 0; round < 6; round++) {
      const { shipment } = await queued();
      await lastAttemptAgo(shipment.id, 3);
      carrier.down = round % 2 === 1;
      const held = holdCalls();
      // Staff on even connections, the cron's call on odd ones; every other pair of rounds the cron starts first.
      const callers = pools.map(
        (pool, i) => () =>
          retryLabel(pool.db, { shipmentId: shipment.id, actor: i % 2 === 0 ? "user:packer" : "system:shipment-label-retry", scope: all, onlyIfDue: i % 2 === 1 }, carrier),
      );
      const started = (Math.floor(round / 2) % 2 === 0 ? callers : [...callers].reverse()).map((call) => call());
      await held.called;
      // Everyone but the caller at the carrier answers without waiting for it.
      expect(await settledCount(started, started.length - 1)).toBe(started.length - 1);
      expect(held.calls).toBe(1);
      held.release();
      const outcomes: LabelAttempt[] = await Promise.all(started);
      const statuses = outcomes.map((o) => o.status).sort();
      expect(statuses, `round ${round}`).toEqual([...Array(5).fill("busy"), round % 2 === 1 ? "manual" : "labelled"].sort());
      expect(outcomes.find((o) => o.status === "busy")!.error).toMatch(/right now/);
      expect(callsFor(shipment.id)).toBe(2);
      expect((await shipmentById(db, shipment.id)).labelAttempts).toBe(2);
    }
  });

  it("staff entering a tracking number while the cron's call is in flight win; the carrier's label is voided", async () => {
    const { fulfillment, shipment } = await queued();
    await lastAttemptAgo(shipment.id, 3);
    const held = holdCalls();
    const cron = retryLabel(db, { shipmentId: shipment.id, actor: "system:shipment-label-retry", scope: all, onlyIfDue: true });
    await held.called;
    const entered = await transaction(
      (tx) => enterTrackingManually(tx, { shipmentId: shipment.id, trackingNumber: "1Z0000000000000777", carrier: "ups", actor: "user:packer" }),
      db,
    );
    expect(entered).toMatchObject({ status: "labelled", trackingNumber: "1Z0000000000000777", lastError: null });
    held.release();
    expect((await cron).status).toBe("unchanged");
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "labelled", trackingNumber: "1Z0000000000000777", carrier: "ups", lastError: null });
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("ready");
    expect(carrier.cancels).toHaveLength(1);
  });
});

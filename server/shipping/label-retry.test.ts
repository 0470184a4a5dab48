import { InngestTestEngine } from "@inngest/test";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { opsAlerts, shipments } from "@/db/schema";
import { testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { shipmentLabelRetry } from "@/inngest/functions/shipment-label-retry";
import { env } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { cancelShipmentsOfOrder } from "./cancel";
import { useCarrier } from "./carrier-instance";
import { labelCallInFlight, labelCallLeaseSeconds } from "./label-lease";
import { dueLabelRetries, labelRetryDelaySeconds, labelRetryPolicy, nextAutomaticRetryAt } from "./label-retry";
import { enterTrackingManually, labelKey, requestLabel, retryLabel, type LabelAttempt } from "./labels";
import { manualQueue } from "./queries";
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
/** As if a process claimed the shipment's label call `seconds` ago and died before the carrier answered. */
const claimedAgo = (id: string, seconds: number) =>
  db
    .update(shipments)
    .set({ labelCallStartedAt: sql`now() - make_interval(secs => ${seconds})`, updatedAt: sql`now() - make_interval(secs => ${seconds})` })
    .where(eq(shipments.id, id));
/** The retry state the manual queue shows, straight from the row. */
async function retryState(id: string) {
  const [row] = await db
    .select({ next: nextAutomaticRetryAt(), inFlight: sql<boolean>`${labelCallInFlight()}`, updatedAt: shipments.updatedAt })
    .from(shipments)
    .where(eq(shipments.id, id));
  return row!;
}

/** A packed parcel whose label failed (the carrier down, or refusing the parcel): in the manual queue after one attempt. */
async function queued({ weightGrams = 1200, site = "EAST" }: { weightGrams?: number; site?: "EAST" | "WEST" } = {}) {
  const { order, fulfillments } = await orderBeingPacked(db, [site]);
  const shipment = await pack(db, fulfillments[0]!.id, { weightGrams });
  carrier.down = weightGrams <= 30_000;
  const outcome = await requestLabel(db, shipment.id, "user:packer");
  carrier.down = false;
  if (outcome.status !== "manual") throw new Error(`expected the manual queue, got ${outcome.status}`);
  return { order, fulfillment: fulfillments[0]!, shipment };
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
    expect(await shipmentById(db, shipment.id)).toMatchObject({
      status: "manual",
      labelFailure: "carrier_unavailable",
      labelCallStartedAt: null,
      lastError: expect.stringMatching(/^The carrier could not make the label: /),
    });
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
    expect(await shipmentById(db, shipment.id)).toMatchObject({
      status: "manual",
      labelAttempts: 2,
      labelFailure: "carrier_unavailable",
      labelCallStartedAt: null,
      lastError: expect.stringContaining("could not make the label"),
    });

    // After two attempts the next waits 4 minutes.
    await lastAttemptAgo(shipment.id, 3);
    await tick();
    expect(callsFor(shipment.id)).toBe(2);

    carrier.down = false;
    await lastAttemptAgo(shipment.id, 5);
    await tick();
    expect(await shipmentById(db, shipment.id)).toMatchObject({
      status: "labelled",
      labelAttempts: 3,
      lastError: null,
      labelFailure: null,
      labelCallStartedAt: null,
      trackingNumber: expect.any(String),
    });
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("ready");
    expect(carrier.labels.filter((l) => l.idempotencyKey === labelKey(shipment.id))).toHaveLength(3);
  });

  it("a call that failed on our side (not a carrier answer) is recorded as call_failed and retried like an outage", async () => {
    const { fulfillment, shipment } = await queued();
    await lastAttemptAgo(shipment.id, 3);
    const original = carrier.createLabel.bind(carrier);
    carrier.createLabel = () => Promise.reject(new Error("socket hang up"));
    await retryLabel(db, { shipmentId: shipment.id, actor: "user:packer", scope: all });
    expect(await shipmentById(db, shipment.id)).toMatchObject({
      status: "manual",
      labelAttempts: 2,
      labelFailure: "call_failed",
      labelCallStartedAt: null,
      lastError: "The label request failed unexpectedly (socket hang up). Retry, or enter the tracking number by hand.",
    });

    carrier.createLabel = original;
    await lastAttemptAgo(shipment.id, 5);
    await tick();
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "labelled", labelFailure: null });
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("ready");
  });

  it("ops are alerted once when the last automatic retry fails; the parcel then waits for staff", async () => {
    const { shipment } = await queued();
    await db.update(shipments).set({ labelAttempts: labelRetryPolicy.maxAttempts - 2 }).where(eq(shipments.id, shipment.id));
    const alertsOf = () => db.select().from(opsAlerts).where(sql`${opsAlerts.kind} = 'label_retries_exhausted' and ${opsAlerts.details}->>'shipmentId' = ${shipment.id}`);
    carrier.down = true;
    await lastAttemptAgo(shipment.id, 120);
    await tick();
    expect(await alertsOf()).toHaveLength(0);
    await lastAttemptAgo(shipment.id, 120);
    await tick();
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "manual", labelAttempts: labelRetryPolicy.maxAttempts });
    expect(await alertsOf()).toMatchObject([{ severity: "warning", details: { labelFailure: "carrier_unavailable" } }]);
    // No more automatic tries, and a staff retry past the limit raises nothing new.
    await lastAttemptAgo(shipment.id, 120);
    expect(await dueLabelRetries(db, { limit: 500 })).not.toContain(shipment.id);
    await retryLabel(db, { shipmentId: shipment.id, actor: "user:packer", scope: all });
    carrier.down = false;
    expect(await alertsOf()).toHaveLength(1);
  });

  it("a refusal is recorded as refused and never retried automatically; nor is a shipment out of attempts; staff still can", async () => {
    const refused = await queued({ weightGrams: 31_000 });
    expect(await shipmentById(db, refused.shipment.id)).toMatchObject({
      status: "manual",
      labelFailure: "refused",
      labelCallStartedAt: null,
      lastError: expect.stringMatching(/^The carrier refused the label: /),
    });
    const exhausted = await queued();
    await db.update(shipments).set({ labelAttempts: 10 }).where(eq(shipments.id, exhausted.shipment.id));
    for (const s of [refused, exhausted]) await lastAttemptAgo(s.shipment.id, 60 * 24 * 7);

    const due = await dueLabelRetries(db, { limit: 1000 });
    expect(due).not.toContain(refused.shipment.id);
    expect(due).not.toContain(exhausted.shipment.id);
    expect((await retryState(refused.shipment.id)).next).toBeNull();
    expect((await retryState(exhausted.shipment.id)).next).toBeNull();
    await tick();
    // Only their first, failed, calls.
    expect([callsFor(refused.shipment.id), callsFor(exhausted.shipment.id)]).toEqual([1, 1]);
    expect(await shipmentById(db, refused.shipment.id)).toMatchObject({ status: "manual", labelFailure: "refused", labelAttempts: 1 });
    // Staff can still retry them by hand.
    expect((await retryLabel(db, { shipmentId: exhausted.shipment.id, actor: "user:packer", scope: all })).status).toBe("labelled");
    expect(await retryLabel(db, { shipmentId: refused.shipment.id, actor: "user:packer", scope: all })).toMatchObject({
      status: "manual",
      shipment: { labelFailure: "refused", labelAttempts: 2, labelCallStartedAt: null },
    });
  });

  it("a carrier that returns another shipment's tracking number is recorded as duplicate_tracking and left to staff", async () => {
    const { shipment: other } = await queued();
    expect((await retryLabel(db, { shipmentId: other.id, actor: "user:packer", scope: all })).status).toBe("labelled");
    const owner = await shipmentById(db, other.id);
    const { shipment } = await queued();
    const original = carrier.createLabel.bind(carrier);
    carrier.createLabel = async (request) => ({ ...(await original(request)), trackingNumber: owner.trackingNumber! });
    await retryLabel(db, { shipmentId: shipment.id, actor: "user:packer", scope: all });
    carrier.createLabel = original;

    const stored = await shipmentById(db, shipment.id);
    expect(stored).toMatchObject({ status: "manual", trackingNumber: null, labelFailure: "duplicate_tracking", labelCallStartedAt: null });
    expect(stored.lastError).toContain(`tracking number ${owner.trackingNumber}`);
    await lastAttemptAgo(shipment.id, 60 * 24);
    expect(await dueLabelRetries(db, { limit: 1000 })).not.toContain(shipment.id);
    expect((await retryState(shipment.id)).next).toBeNull();
  });

  it("a dead process's claim makes others wait until its lease runs out, then the cron picks the label up", async () => {
    const lease = labelCallLeaseSeconds();
    const { shipment } = await queued();
    const before = await shipmentById(db, shipment.id);
    await claimedAgo(shipment.id, lease - 30);
    // Still in flight, as far as anyone can tell: staff are told busy, the cron leaves it alone.
    expect(await retryState(shipment.id)).toMatchObject({ inFlight: true });
    expect(await dueLabelRetries(db, { limit: 1000 })).not.toContain(shipment.id);
    expect((await retryLabel(db, { shipmentId: shipment.id, actor: "user:packer", scope: all })).status).toBe("busy");
    await tick();
    expect(callsFor(shipment.id)).toBe(1);
    // The claim keeps the last failure for staff to read.
    expect(await shipmentById(db, shipment.id)).toMatchObject({ labelFailure: "carrier_unavailable", lastError: before.lastError });

    await claimedAgo(shipment.id, lease + 1);
    expect(await retryState(shipment.id)).toMatchObject({ inFlight: false });
    expect(await dueLabelRetries(db, { limit: 1000 })).toContain(shipment.id);
    await tick();
    expect(callsFor(shipment.id)).toBe(2);
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "labelled", labelFailure: null, labelCallStartedAt: null, lastError: null });
  });

  it("a refused shipment whose staff Retry died mid-call is asked once more (the call's outcome is unknown), then left to staff", async () => {
    const { shipment } = await queued({ weightGrams: 31_000 });
    await claimedAgo(shipment.id, labelCallLeaseSeconds() + 1);
    expect(await dueLabelRetries(db, { limit: 1000 })).toContain(shipment.id);
    await tick();
    expect(callsFor(shipment.id)).toBe(2);
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "manual", labelFailure: "refused", labelCallStartedAt: null, labelAttempts: 2 });
    await lastAttemptAgo(shipment.id, 60 * 24);
    expect(await dueLabelRetries(db, { limit: 1000 })).not.toContain(shipment.id);
  });

  it("the manual queue shows when the cron tries next, a call in flight, and no date for what needs staff", async () => {
    const { shipment } = await queued({ site: "WEST" });
    const fresh = await retryState(shipment.id);
    expect(fresh.inFlight).toBe(false);
    expect(fresh.next!.getTime() - fresh.updatedAt.getTime()).toBe(labelRetryDelaySeconds(1) * 1000);

    // A claim that has not run out yet: the next try is when it does, if the backoff has passed by then.
    await claimedAgo(shipment.id, 60 * 5);
    await db.update(shipments).set({ labelCallStartedAt: sql`now() - interval '10 seconds'` }).where(eq(shipments.id, shipment.id));
    const claimed = await retryState(shipment.id);
    expect(claimed.inFlight).toBe(true);
    const { labelCallStartedAt } = await shipmentById(db, shipment.id);
    expect(claimed.next!.getTime()).toBe(labelCallStartedAt!.getTime() + labelCallLeaseSeconds() * 1000);

    // Through manualQueue (oldest first, so made the oldest of its warehouse).
    await db.update(shipments).set({ labelCallStartedAt: null }).where(eq(shipments.id, shipment.id));
    await lastAttemptAgo(shipment.id, 60 * 24 * 365);
    const west = { kind: "one", warehouseId: (await fulfillmentById(db, shipment.fulfillmentId)).warehouseId } as const;
    const row = (await manualQueue(db, west, { limit: 200 })).find((r) => r.shipmentId === shipment.id);
    expect(row).toMatchObject({ labelFailure: "carrier_unavailable", labelCallInFlight: false, nextAutomaticRetryAt: expect.any(Date) });
    expect(row!.nextAutomaticRetryAt!.getTime()).toBe(row!.updatedAt.getTime() + labelRetryDelaySeconds(1) * 1000);
    await db.update(shipments).set({ labelFailure: "refused" }).where(eq(shipments.id, shipment.id));
    expect((await manualQueue(db, west, { limit: 200 })).find((r) => r.shipmentId === shipment.id)).toMatchObject({ nextAutomaticRetryAt: null });
  });

  it("a staff Retry and the cron at the same moment, on connections of their own: one carrier call, the others told busy", async () => {
    for (let round = 0; round < 6; round++) {
      const { shipment } = await queued();
      await lastAttemptAgo(shipment.id, 3);
      const failed = await shipmentById(db, shipment.id);
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
      // The claim is the column; the message staff read is still the last failure's.
      expect(await shipmentById(db, shipment.id)).toMatchObject({ labelCallStartedAt: expect.any(Date), labelFailure: "carrier_unavailable", lastError: failed.lastError });
      held.release();
      const outcomes: LabelAttempt[] = await Promise.all(started);
      const statuses = outcomes.map((o) => o.status).sort();
      expect(statuses, `round ${round}`).toEqual([...Array(5).fill("busy"), round % 2 === 1 ? "manual" : "labelled"].sort());
      expect(outcomes.find((o) => o.status === "busy")!.error).toMatch(/right now/);
      expect(callsFor(shipment.id)).toBe(2);
      expect(await shipmentById(db, shipment.id)).toMatchObject({
        labelAttempts: 2,
        labelCallStartedAt: null,
        labelFailure: round % 2 === 1 ? "carrier_unavailable" : null,
      });
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
    expect(entered).toMatchObject({ status: "labelled", trackingNumber: "1Z0000000000000777", lastError: null, labelFailure: null, labelCallStartedAt: null });
    held.release();
    expect((await cron).status).toBe("unchanged");
    expect(await shipmentById(db, shipment.id)).toMatchObject({
      status: "labelled",
      trackingNumber: "1Z0000000000000777",
      carrier: "ups",
      lastError: null,
      labelFailure: null,
      labelCallStartedAt: null,
    });
    expect((await fulfillmentById(db, fulfillment.id)).status).toBe("ready");
    expect(carrier.cancels).toHaveLength(1);
  });

  it("cancelling the order while the cron's call is in flight clears the failure and the claim; the late label is voided", async () => {
    const { order, shipment } = await queued();
    await lastAttemptAgo(shipment.id, 3);
    const held = holdCalls();
    const cron = retryLabel(db, { shipmentId: shipment.id, actor: "system:shipment-label-retry", scope: all, onlyIfDue: true });
    await held.called;
    await cancelShipmentsOfOrder(db, order.id, "test");
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "cancelled", labelFailure: null, labelCallStartedAt: null });
    held.release();
    expect((await cron).status).toBe("unchanged");
    expect(await shipmentById(db, shipment.id)).toMatchObject({ status: "cancelled", trackingNumber: null, labelFailure: null, labelCallStartedAt: null });
    expect(carrier.cancels).toMatchObject([{ idempotencyKey: `cancel-label:${shipment.id}` }]);
  });
});

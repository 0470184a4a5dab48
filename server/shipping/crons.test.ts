import { InngestTestEngine } from "@inngest/test";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fulfillments, opsAlerts, orderStatusHistory } from "@/db/schema";
import { testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { fulfillmentSla } from "@/inngest/functions/fulfillment-sla";
import { orderAutoComplete } from "@/inngest/functions/order-auto-complete";
import { env } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { buildTrackingEvent } from "./carrier";
import { useCarrier } from "./carrier-instance";
import { shipFulfillment } from "./handover";
import { requestLabel } from "./labels";
import { fulfillmentById, orderBeingPacked, orderById, pack, RecordingCarrier } from "./testing";
import { handleCarrierEvent } from "./tracking";

const handle = testDb(6);
const db = handle.db;
const tick = () => ({ events: [{ name: "inngest/scheduled.timer", data: {} }] as [{ name: string; data: object }] });

beforeAll(() => {
  setFlushNotifier(undefined);
  useCarrier(new RecordingCarrier());
});
afterAll(async () => {
  useCarrier(undefined);
  setFlushNotifier(null);
  await handle.close();
});

/** An order shipped from EAST; delivered too when asked. */
async function shippedOrder({ delivered }: { delivered: boolean }) {
  const { order, fulfillments: [f] } = await orderBeingPacked(db, ["EAST"]);
  const shipment = await pack(db, f!.id);
  const labelled = await requestLabel(db, shipment.id, "test");
  await transaction((tx) => shipFulfillment(tx, { fulfillmentId: f!.id, actor: "test" }), db);
  if (delivered) {
    await handleCarrierEvent(db, "sandbox", buildTrackingEvent({ type: "tracking.delivered", trackingNumber: labelled.shipment.trackingNumber!, carrier: "sandbox" }));
  }
  return { order, fulfillment: f! };
}

/** As if the order entered its current status `days` ago. */
async function age(orderId: string, status: "shipped" | "delivered", days: number) {
  await db
    .update(orderStatusHistory)
    .set({ createdAt: sql`now() - make_interval(days => ${days})` })
    .where(and(eq(orderStatusHistory.orderId, orderId), eq(orderStatusHistory.toStatus, status)));
}

describe("auto-complete (P1-2024-03)", () => {
  it(`completes orders delivered, or shipped and never confirmed delivered, more than ORDER_AUTO_COMPLETE_DAYS (${env().orderAutoCompleteDays}) ago`, async () => {
    const days = env().orderAutoCompleteDays;
    const delivered = await shippedOrder({ delivered: true });
    const silent = await shippedOrder({ delivered: false });
    const recent = await shippedOrder({ delivered: true });
    await age(delivered.order.id, "delivered", days + 1);
    await age(silent.order.id, "shipped", days + 1);
    await age(recent.order.id, "delivered", days - 1);
    expect((await orderById(db, delivered.order.id)).status).toBe("delivered");

    const { result } = await new InngestTestEngine({ function: orderAutoComplete }).execute(tick());
    expect((result as { completed: number }).completed).toBeGreaterThanOrEqual(2);

    expect((await orderById(db, delivered.order.id)).status).toBe("completed");
    expect((await orderById(db, silent.order.id)).status).toBe("completed");
    expect((await fulfillmentById(db, silent.fulfillment.id)).status).toBe("completed");
    const [last] = await db
      .select()
      .from(orderStatusHistory)
      .where(and(eq(orderStatusHistory.orderId, silent.order.id), eq(orderStatusHistory.toStatus, "completed")));
    expect(last).toMatchObject({ fromStatus: "shipped", reason: expect.stringContaining("no delivery confirmation"), actor: "system:order-auto-complete" });
    expect((await orderById(db, recent.order.id)).status).toBe("delivered");

    // A second run finds nothing more of these.
    await new InngestTestEngine({ function: orderAutoComplete }).execute(tick());
    expect((await orderById(db, recent.order.id)).status).toBe("delivered");
  });
});

describe("fulfillment SLA", () => {
  it(`flags fulfillments not shipped within FULFILLMENT_SLA_HOURS (${env().fulfillmentSlaHours}) once, with one alert each`, async () => {
    const hours = env().fulfillmentSlaHours;
    const late = await orderBeingPacked(db, ["EAST"]);
    const onTime = await orderBeingPacked(db, ["WEST"]);
    const shippedLate = await shippedOrder({ delivered: false });
    const backdate = (id: string) => db.update(fulfillments).set({ createdAt: sql`now() - make_interval(hours => ${hours + 1})` }).where(eq(fulfillments.id, id));
    await backdate(late.fulfillments[0]!.id);
    await backdate(shippedLate.fulfillment.id);

    const { result } = await new InngestTestEngine({ function: fulfillmentSla }).execute(tick());
    expect((result as { breaches: number }).breaches).toBeGreaterThanOrEqual(1);
    const flagged = await fulfillmentById(db, late.fulfillments[0]!.id);
    expect(flagged.slaBreachedAt).toBeInstanceOf(Date);
    expect((await fulfillmentById(db, onTime.fulfillments[0]!.id)).slaBreachedAt).toBeNull();
    expect((await fulfillmentById(db, shippedLate.fulfillment.id)).slaBreachedAt).toBeNull();

    await new InngestTestEngine({ function: fulfillmentSla }).execute(tick());
    expect((await fulfillmentById(db, late.fulfillments[0]!.id)).slaBreachedAt).toEqual(flagged.slaBreachedAt);
    const alerts = await db.select().from(opsAlerts).where(and(eq(opsAlerts.orderId, late.order.id), eq(opsAlerts.kind, "fulfillment_sla_breached")));
    expect(alerts).toMatchObject([{ severity: "warning", message: expect.stringContaining(`within ${hours} hours`), details: { fulfillmentId: late.fulfillments[0]!.id } }]);
  });
});

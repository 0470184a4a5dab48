import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { fulfillments, orders, outbox, shipments, warehouses, type Fulfillment, type Order, type Shipment } from "@/db/schema";
import { createTestProduct } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { transitionFulfillment } from "@/server/fulfillment/status";
import { confirmPaidOrder } from "@/server/checkout/payment-outcomes";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { SandboxCarrier } from "./carrier/sandbox-carrier";
import type { CancelLabelRequest, CarrierAdapter, CreateLabelRequest } from "./carrier/types";
import { createShipment } from "./create";

type Site = "EAST" | "CENTRAL" | "WEST";
const address = { name: "Ship Tester", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

export type TestOrder = { order: Order; fulfillments: (Fulfillment & { warehouseCode: Site })[]; products: { id: string; sku: string; site: Site }[] };

/**
 * A confirmed order with one fulfillment per listed warehouse (a product stocked only there,
 * 2 units each), placed through the real checkout as a guest and confirmed as the saga would,
 * each fulfillment walked through the machine up to `packing`.
 */
export async function orderBeingPacked(db: Db, sites: Site[], { shippingMethod = "standard" }: { shippingMethod?: "standard" | "express" } = {}): Promise<TestOrder> {
  const products = [];
  for (const site of sites) products.push({ ...(await createTestProduct(db, { stock: { [site]: 10 } })), site });
  const guest = testBrowser();
  for (const p of products) await guest.caller.cart.add({ sku: p.sku, quantity: 2 });
  const quote = await guest.caller.checkout.quote({ shippingMethod, region: "NJ", codes: [] });
  const { number } = await guest.caller.checkout.placeOrder({
    card: testCard,
    email: "ship-test@example.com",
    address,
    shippingMethod,
    paymentMethod: "cod",
    codes: [],
    expectedTotal: quote.total,
    idempotencyKey: randomUUID(),
  });
  const [placed] = await db.select().from(orders).where(eq(orders.number, number));
  const outcome = await transaction((tx) => confirmPaidOrder(tx, placed!.id, "test", "confirmed by a test"), db);
  if (outcome !== "confirmed") throw new Error(`test order ${number} was not confirmed: ${outcome}`);
  const rows = await db
    .select({ f: fulfillments, code: warehouses.code })
    .from(fulfillments)
    .innerJoin(warehouses, eq(warehouses.id, fulfillments.warehouseId))
    .where(eq(fulfillments.orderId, placed!.id));
  if (rows.length !== sites.length) throw new Error(`expected ${sites.length} fulfillments, got ${rows.length}`);
  for (const { f } of rows) {
    await transaction(async (tx) => {
      for (const to of ["planning", "picking", "picked", "packing"] as const) await transitionFulfillment(tx, f.id, { to, reason: "test", actor: "test" });
    }, db);
  }
  const [order] = await db.select().from(orders).where(eq(orders.id, placed!.id));
  const current = await db.select().from(fulfillments).where(inArray(fulfillments.id, rows.map((r) => r.f.id)));
  return {
    order: order!,
    fulfillments: sites.map((site) => {
      const row = rows.find((r) => r.code === site)!;
      return { ...current.find((f) => f.id === row.f.id)!, warehouseCode: site };
    }),
    products,
  };
}

/** The packing transaction as the pack station runs it: fulfillment packed and its shipment created together. */
export async function pack(db: Db, fulfillmentId: string, { boxCode = "M", weightGrams = 1200 }: { boxCode?: string; weightGrams?: number } = {}): Promise<Shipment> {
  return transaction(async (tx) => {
    await transitionFulfillment(tx, fulfillmentId, { to: "packed", reason: "test packed", actor: "test" });
    return createShipment(tx, { fulfillmentId, boxCode, weightGrams, actor: "test" });
  }, db);
}

/**
 * The sandbox carrier with a switchable outage and a log of every call, for asserting that a
 * label was bought, or voided, exactly once.
 */
export class RecordingCarrier implements CarrierAdapter {
  readonly code = "sandbox" as const;
  down = false;
  readonly labels: CreateLabelRequest[] = [];
  readonly cancels: CancelLabelRequest[] = [];
  private readonly sandbox = new SandboxCarrier({ outage: () => this.down });

  createLabel(request: CreateLabelRequest) {
    this.labels.push(request);
    return this.sandbox.createLabel(request);
  }

  cancelLabel(request: CancelLabelRequest) {
    this.cancels.push(request);
    return this.sandbox.cancelLabel(request);
  }
}

export async function shipmentById(db: Db, id: string): Promise<Shipment> {
  const [row] = await db.select().from(shipments).where(eq(shipments.id, id));
  return row!;
}

export async function fulfillmentById(db: Db, id: string): Promise<Fulfillment> {
  const [row] = await db.select().from(fulfillments).where(eq(fulfillments.id, id));
  return row!;
}

export async function orderById(db: Db, id: string): Promise<Order> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return row!;
}

/**
 * The event the relay would send for the newest outbox row of `name` about `aggregateId` whose
 * payload.to is `to`: the same id, envelope and payload.
 */
export async function outboxEvent(db: Db, name: string, aggregateId: string, to: string) {
  const [row] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.name, name), eq(outbox.aggregateId, aggregateId), sql`${outbox.payload}->>'to' = ${to}`))
    .orderBy(desc(outbox.sequence))
    .limit(1);
  if (!row) throw new Error(`no ${name} (to ${to}) in the outbox for ${aggregateId}`);
  return {
    id: row.id,
    name: row.name,
    data: {
      meta: {
        outboxId: row.id,
        aggregateType: row.aggregateType,
        aggregateId: row.aggregateId,
        sequence: row.sequence,
        schemaVersion: row.schemaVersion,
        occurredAt: row.createdAt.toISOString(),
      },
      payload: row.payload,
    },
  };
}

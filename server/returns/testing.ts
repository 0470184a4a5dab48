import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { fulfillments, orders, payments, type Order } from "@/db/schema";
import { createTestProduct } from "@/db/testing";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { transitionFulfillment } from "@/server/fulfillment/status";
import { commitShippedStock } from "@/server/inventory/commit";
import { confirmPaidOrder } from "@/server/checkout/payment-outcomes";
import { authorizeOrderPayment } from "@/server/payments/authorize";
import type { PaymentGateway } from "@/server/payments/gateway";
import { movePayment } from "@/server/payments/status";
import { buildTrackingEvent } from "@/server/shipping/carrier";
import { shipFulfillment } from "@/server/shipping/handover";
import { requestLabel } from "@/server/shipping/labels";
import { pack, RecordingCarrier } from "@/server/shipping/testing";
import { handleCarrierEvent } from "@/server/shipping/tracking";
import { testBrowser, testCard } from "@/server/trpc/testing";

const address = { name: "Ret Urner", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

export type DeliveredOrder = {
  order: Order;
  products: { id: string; sku: string; name: string; price: string; quantity: number }[];
  browser: ReturnType<typeof testBrowser>;
  intentId: string | null;
};

/**
 * An order delivered to its buyer the way production gets there: placed through the checkout
 * (by `buyer`, or a guest), paid (a card authorized and captured through `gateway`, or cash on
 * delivery), confirmed, picked and packed, labelled, handed over (stock committed) and confirmed
 * delivered by a carrier tracking event. One product of its own per line, stocked in EAST.
 * `beforePack` runs on each fulfillment once it is picked (e.g. to cancel units short-picked);
 * `codes` are promotion codes applied at checkout.
 */
export async function deliveredOrder(
  db: Db,
  options: { lines: { price: string; quantity: number }[]; buyer?: SessionUser | null; payment?: "cod" | "card"; gateway?: PaymentGateway; beforePack?: (fulfillmentId: string) => Promise<void>; codes?: string[] },
): Promise<DeliveredOrder> {
  const products = [];
  for (const line of options.lines) products.push({ ...(await createTestProduct(db, { stock: { EAST: 10 }, price: line.price })), ...line });
  const browser = testBrowser(options.buyer ?? null);
  for (const p of products) await browser.caller.cart.add({ sku: p.sku, quantity: p.quantity });
  const codes = options.codes ?? [];
  const quote = await browser.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes });
  const card = options.payment === "card";
  const { number } = await browser.caller.checkout.placeOrder({
    card: testCard,
    email: options.buyer?.email ?? "returns-test@example.com",
    address,
    shippingMethod: "standard",
    paymentMethod: card ? "card" : "cod",
    codes,
    expectedTotal: quote.total,
    idempotencyKey: randomUUID(),
  });
  const [placed] = await db.select().from(orders).where(eq(orders.number, number));
  let intentId: string | null = null;
  if (card) {
    if (!options.gateway) throw new Error("a card order needs the gateway it is paid through");
    const authorized = await authorizeOrderPayment(db, options.gateway, { orderId: placed!.id, paymentMethod: "4242424242424242" });
    if (authorized.status !== "authorized" || !authorized.intentId) throw new Error(`test payment not authorized: ${authorized.status}`);
    intentId = authorized.intentId;
  }
  const outcome = await transaction((tx) => confirmPaidOrder(tx, placed!.id, "test", "confirmed by a test"), db);
  if (outcome !== "confirmed") throw new Error(`test order ${number} was not confirmed: ${outcome}`);
  if (card && intentId) {
    const captured = await options.gateway!.capture(intentId);
    await transaction(async (tx) => {
      const [payment] = await tx.select().from(payments).where(eq(payments.intentId, intentId!)).for("update");
      await movePayment(tx, payment!, "captured", { reason: "test capture", fields: { amountReceived: captured.amountReceived, amountCapturable: "0" } });
    }, db);
  }

  const carrier = new RecordingCarrier();
  for (const f of await db.select().from(fulfillments).where(eq(fulfillments.orderId, placed!.id))) {
    await transaction(async (tx) => {
      for (const to of ["planning", "picking", "picked", "packing"] as const) await transitionFulfillment(tx, f.id, { to, reason: "test", actor: "test" });
    }, db);
    await options.beforePack?.(f.id);
    const shipment = await pack(db, f.id);
    const labelled = await requestLabel(db, shipment.id, "test", carrier);
    if (labelled.status !== "labelled" || !labelled.shipment.trackingNumber) throw new Error("test label failed");
    await transaction((tx) => shipFulfillment(tx, { fulfillmentId: f.id, actor: "test" }), db);
    // What the stock-commit-on-shipment consumer does with the shipped event.
    await transaction((tx) => commitShippedStock(tx, f.id), db);
    const delivered = await handleCarrierEvent(db, "sandbox", buildTrackingEvent({ type: "tracking.delivered", trackingNumber: labelled.shipment.trackingNumber, carrier: "sandbox" }));
    if (delivered !== "applied") throw new Error(`test delivery not applied: ${delivered}`);
  }
  const [order] = await db.select().from(orders).where(eq(orders.id, placed!.id));
  if (order!.status !== "delivered") throw new Error(`test order ${number} is ${order!.status}, not delivered`);
  return { order: order!, products, browser, intentId };
}

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fulfillments, orders, payments, paymentStatusHistory, users } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import type { SessionUser } from "@/server/vocabulary/session-user";
import { transaction } from "@/db/transaction";
import { transitionFulfillment } from "@/server/fulfillment/status";
import { setFlushNotifier } from "@/server/outbox/flush";
import { movePayment } from "@/server/payments/status";
import { requestLabel } from "@/server/shipping/labels";
import { pack } from "@/server/shipping/testing";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { confirmPaidOrder } from "@/server/checkout/payment-outcomes";

/**
 * What the shop's order procedures hand a buyer: exactly the fields the order pages show, so
 * no internal column (ids, guest token hash, idempotency key, version, payment intent,
 * warehouse) reaches a customer or a guest, and a column added later does not either.
 */
const handle = testDb(4);
const db = handle.db;
const address = { name: "View Vera", line1: "2 Market St", line2: "Apt 3", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const, phone: "555-0100" };

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/** Every key path of a value, e.g. "items[].sku"; arrays by their elements ("codes[]" for an empty one or one of strings). */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [`${prefix}[]`] : [...new Set(value.flatMap((v) => keyPaths(v, `${prefix}[]`)))].sort();
  if (value === null || typeof value !== "object" || value instanceof Date) return prefix ? [prefix] : [];
  return Object.entries(value)
    .flatMap(([key, v]) => keyPaths(v, prefix ? `${prefix}.${key}` : key))
    .sort();
}

const orderViewPaths = [
  "cancellableUntil",
  "createdAt",
  "currency",
  "discountTotal",
  "email",
  "history[].createdAt",
  "history[].reason",
  "history[].toStatus",
  "items[].cancelled",
  "items[].lineTotal",
  "items[].name",
  "items[].quantity",
  "items[].sku",
  "items[].unitPrice",
  "netPaid",
  "number",
  "payment.attempt",
  "payment.card.brand",
  "payment.card.last4",
  "payment.message",
  "payment.status",
  "paymentHistory[].createdAt",
  "paymentHistory[].status",
  "paymentMethod",
  "promotionCodes[]",
  "refundedTotal",
  "reservationExpiresAt",
  "shipments[].carrier",
  "shipments[].status",
  "shipments[].trackingNumber",
  "shippingAddress.city",
  "shippingAddress.country",
  "shippingAddress.line1",
  "shippingAddress.line2",
  "shippingAddress.name",
  "shippingAddress.phone",
  "shippingAddress.postalCode",
  "shippingAddress.region",
  "shippingMethod",
  "shippingTotal",
  "status",
  "subtotal",
  "taxTotal",
  "total",
];

async function newCustomer(): Promise<SessionUser> {
  const email = `view-${randomUUID().slice(0, 8)}@example.com`;
  const [user] = await db.insert(users).values({ email, name: "View Vera", passwordHash: "not-a-login", role: "customer" }).returning();
  return { id: user!.id, email, name: user!.name, role: "customer", warehouseId: null };
}

/**
 * A card order of this browser, authorized, confirmed and labelled, so every part of the view
 * (payment, history, items, parcels) has something in it.
 */
async function labelledCardOrder(browser: ReturnType<typeof testBrowser>, email: string) {
  const product = await createTestProduct(db, { stock: { EAST: 5 } });
  await browser.caller.cart.add({ sku: product.sku, quantity: 2 });
  const quote = await browser.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const placed = await browser.caller.checkout.placeOrder({ card: testCard, email, address, shippingMethod: "standard", paymentMethod: "card", codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() });
  expect(Object.keys(placed).sort()).toEqual(["number", "paymentMethod", "replayed"]);
  const [order] = await db.select().from(orders).where(eq(orders.number, placed.number));
  const intentId = `pi_view_${randomUUID().replaceAll("-", "")}`;
  const [payment] = await db
    .insert(payments)
    .values({ orderId: order!.id, provider: "sandbox", intentId, status: "authorized", currency: "USD", amount: order!.total, amountCapturable: order!.total, cardBrand: "visa", cardLast4: "4242" })
    .returning();
  await db.insert(paymentStatusHistory).values({ paymentId: payment!.id, fromStatus: "pending", toStatus: "authorized", reason: "test" });
  await transaction((tx) => confirmPaidOrder(tx, order!.id, "test", "payment authorized"), db);
  const [fulfillment] = await db.select().from(fulfillments).where(eq(fulfillments.orderId, order!.id));
  await transaction(async (tx) => {
    for (const to of ["planning", "picking", "picked", "packing"] as const) await transitionFulfillment(tx, fulfillment!.id, { to, reason: "test", actor: "test" });
  }, db);
  const shipment = await pack(db, fulfillment!.id);
  expect((await requestLabel(db, shipment.id, "test")).status).toBe("labelled");
  const [row] = await db.select().from(orders).where(eq(orders.id, order!.id));
  return { order: row!, intentId, warehouseId: fulfillment!.warehouseId, fulfillmentId: fulfillment!.id, shipmentId: shipment.id };
}

/** None of the order's internal values appear anywhere in what the buyer got. */
function expectNoInternals(view: unknown, made: Awaited<ReturnType<typeof labelledCardOrder>>) {
  const json = JSON.stringify(view);
  const internals = [made.order.id, made.order.customerId, made.order.guestTokenHash, made.order.idempotencyKey, made.intentId, made.warehouseId, made.fulfillmentId, made.shipmentId];
  for (const value of internals.filter((v): v is string => Boolean(v))) expect(json).not.toContain(value);
  expect(json).not.toContain('"version"');
}

describe("the customer's view of an order (item 9 of issue 11)", () => {
  it("a customer's orders.get, orders.mine and returns.forOrder carry exactly what the order pages show, and no internal id", async () => {
    const customer = await newCustomer();
    const browser = testBrowser(customer);
    const made = await labelledCardOrder(browser, customer.email);

    const view = await browser.caller.orders.get({ number: made.order.number });
    expect(keyPaths(view)).toEqual(orderViewPaths);
    expect(view).toMatchObject({ number: made.order.number, status: "confirmed", payment: { status: "authorized" }, shipments: [{ carrier: "sandbox" }] });
    // Packing has started: the customer can no longer cancel, so the page offers no deadline.
    expect(view.cancellableUntil).toBeNull();
    expectNoInternals(view, made);

    const mine = await browser.caller.orders.mine();
    expect(mine.map((o) => o.number)).toEqual([made.order.number]);
    expect(keyPaths(mine)).toEqual(["[].createdAt", "[].currency", "[].history[].createdAt", "[].history[].reason", "[].history[].toStatus", "[].number", "[].paymentMethod", "[].status", "[].total"]);
    expectNoInternals(mine, made);

    // The returns panel of the same page: order item ids are what the return form sends back.
    const returns = await browser.caller.returns.forOrder({ number: made.order.number });
    expect(keyPaths(returns)).toEqual([
      "eligibility.deadline",
      "eligibility.eligible",
      "eligibility.message",
      "items[].name",
      "items[].orderItemId",
      "items[].returnable",
      "items[].returned",
      "items[].shipped",
      "items[].sku",
      "returns[]",
    ]);
    expectNoInternals(returns, made);
  });

  it("a guest gets the same view from its own browser and from the lookup by number and email, and no internal id", async () => {
    const guest = testBrowser();
    const email = `guest-view-${randomUUID().slice(0, 8)}@example.com`;
    const made = await labelledCardOrder(guest, email);
    expect(made.order.guestTokenHash).toBeTruthy();

    const own = await guest.caller.orders.get({ number: made.order.number });
    const lookedUp = await testBrowser().caller.orders.lookup({ number: made.order.number, email: email.toUpperCase() });
    for (const view of [own, lookedUp]) {
      expect(keyPaths(view)).toEqual(orderViewPaths);
      expectNoInternals(view, made);
    }
    expect(lookedUp).toEqual(own);
  });
});

/** An order of this customer, placed and not paid yet. */
async function placedOrder(browser: ReturnType<typeof testBrowser>, email: string, paymentMethod: "card" | "cod") {
  const product = await createTestProduct(db, { stock: { EAST: 5 } });
  await browser.caller.cart.add({ sku: product.sku, quantity: 1 });
  const quote = await browser.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const placed = await browser.caller.checkout.placeOrder({ card: testCard, email, address, shippingMethod: "standard", paymentMethod, codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() });
  const [order] = await db.select().from(orders).where(eq(orders.number, placed.number));
  return order!;
}

describe("what the order page says about the money and about cancelling (issue 12 item 5)", () => {
  it("the payment history lists the authorization, the capture and each refund, not only the authorization", async () => {
    const customer = await newCustomer();
    const browser = testBrowser(customer);
    const order = await placedOrder(browser, customer.email, "card");
    const [created] = await db
      .insert(payments)
      .values({ orderId: order.id, provider: "sandbox", intentId: `pi_history_${randomUUID().replaceAll("-", "")}`, currency: "USD", amount: order.total })
      .returning();
    let payment = created!;
    for (const to of ["processing", "authorized", "captured", "partially_refunded", "refunded"] as const) {
      payment = (await transaction((tx) => movePayment(tx, payment, to, { reason: `test: ${to}` }), db))!;
    }

    const view = await browser.caller.orders.get({ number: order.number });
    // "processing" is the provider still deciding: not a step of the money a customer is told about.
    expect(view.paymentHistory.map((h) => h.status)).toEqual(["authorized", "captured", "partially_refunded", "refunded"]);
    expect(view.paymentHistory.every((h) => h.createdAt instanceof Date)).toBe(true);
  });

  it("OR-P1-04: says until when the customer may cancel (the end of the window), and nothing once they no longer can", async () => {
    const customer = await newCustomer();
    const browser = testBrowser(customer);
    const order = await placedOrder(browser, customer.email, "cod");

    const open = await browser.caller.orders.get({ number: order.number });
    expect(open.status).toBe("pending_payment");
    expect(open.cancellableUntil?.getTime()).toBe(order.createdAt.getTime() + 60 * 60_000);

    // Ordered two hours ago: the 60-minute window has closed.
    await db.update(orders).set({ createdAt: new Date(Date.now() - 2 * 60 * 60_000) }).where(eq(orders.id, order.id));
    expect((await browser.caller.orders.get({ number: order.number })).cancellableUntil).toBeNull();
    await db.update(orders).set({ createdAt: order.createdAt }).where(eq(orders.id, order.id));

    await browser.caller.orders.cancel({ number: order.number });
    const cancelled = await browser.caller.orders.get({ number: order.number });
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.cancellableUntil).toBeNull();
  });
});

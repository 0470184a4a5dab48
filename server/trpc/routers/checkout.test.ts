import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { orders, payments } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { env } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { signStripePayload } from "@/server/payments/gateway";
import { checkoutGateways } from "@/server/payments/gateway/testing";
import { usePaymentGateway } from "@/server/payments/gateway-instance";
import { testBrowser } from "../testing";
import { payInput } from "./checkout";
import { testCard } from "@/server/trpc/testing";

/**
 * checkout.pay: what it accepts (a sandbox card or a Payment Element confirmation token), and
 * the Payment Element path end to end against the local Stripe API stub — 3-D Secure hands the
 * client secret to the browser, and the outcome still arrives through the signed webhook.
 */
const handle = testDb(4);
const db = handle.db;
const address = { name: "Token Tess", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };
const gateways = checkoutGateways();
const { stub, sandbox } = gateways;

beforeAll(async () => {
  setFlushNotifier(undefined);
  await gateways.start();
});
beforeEach(() => stub.reset());
afterAll(async () => {
  usePaymentGateway(undefined);
  setFlushNotifier(null);
  await gateways.stop();
  await handle.close();
});

async function placeCardOrder() {
  const p = await createTestProduct(db, { price: "12.50", stock: { EAST: 5 } });
  const guest = testBrowser();
  await guest.caller.cart.add({ sku: p.sku, quantity: 1 });
  const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const placed = await guest.caller.checkout.placeOrder({
    card: testCard,
    email: "tess@example.com",
    address,
    shippingMethod: "standard",
    paymentMethod: "card",
    codes: [],
    expectedTotal: quote.total,
    idempotencyKey: randomUUID(),
  });
  const [order] = await db.select().from(orders).where(eq(orders.number, placed.number));
  return { order: order!, guest };
}

const paymentOf = async (orderId: string) => (await db.select().from(payments).where(eq(payments.orderId, orderId)))[0]!;

/** Stripe's webhook for an intent, signed with the endpoint secret, through the real route. */
async function deliverStripeEvent(type: string, intentId: string, orderId: string) {
  const body = JSON.stringify({
    id: `evt_test_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    type,
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: intentId, object: "payment_intent", metadata: { order_id: orderId } } },
  });
  const signature = signStripePayload(body, env().payments.webhookSecret);
  return stripeWebhook(new Request("http://127.0.0.1/api/webhooks/stripe", { method: "POST", body, headers: { "stripe-signature": signature } }));
}

/** The zod messages of an input the procedure refuses. */
function problems(input: unknown): string[] {
  const parsed = payInput.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("checkout.pay input", () => {
  it("takes a sandbox card as before ({ number, card }) or a confirmation token, told apart by kind", () => {
    expect(payInput.parse({ number: "d100001", card: " 4242 4242 4242 4242 " })).toEqual({ number: "D100001", card: "4242 4242 4242 4242" });
    expect(payInput.parse({ kind: "card", number: "D100001", card: "pm_card_visa" })).toMatchObject({ kind: "card", card: "pm_card_visa" });
    expect(payInput.parse({ kind: "confirmation_token", number: "D100001", confirmationToken: "ctoken_1NnQUf2eZvKYlo2C" })).toEqual({
      kind: "confirmation_token",
      number: "D100001",
      confirmationToken: "ctoken_1NnQUf2eZvKYlo2C",
    });
  });

  it("says what is wrong in words", () => {
    expect(problems({ kind: "paypal", number: "D100001" })).toEqual([
      'kind: Pay with kind "card" (a card) or kind "confirmation_token" (a Stripe confirmation token)',
    ]);
    expect(problems({ number: "D100001", card: "  " })).toEqual(["card: Enter a card"]);
    // A token without its kind is read as a card, and the message says how to send a token.
    expect(problems({ number: "D100001", confirmationToken: "ctoken_1" })).toEqual([
      'card: Enter a card, or pay with kind "confirmation_token" and a confirmationToken',
    ]);
    expect(problems({ kind: "confirmation_token", number: "D100001" })).toEqual(["confirmationToken: A Stripe confirmation token is required"]);
    expect(problems({ kind: "confirmation_token", number: "D100001", confirmationToken: "pm_card_visa" })).toEqual([
      "confirmationToken: That is not a Stripe confirmation token (ctoken_...)",
    ]);
    expect(problems({ kind: "confirmation_token", number: "100001", confirmationToken: "ctoken_1" })).toEqual([
      "number: Order numbers look like D100001",
    ]);
  });

  it("the procedure refuses bad input with BAD_REQUEST before looking anything up", async () => {
    const { caller } = testBrowser();
    const pay = (input: unknown) => caller.checkout.pay(input as Parameters<typeof caller.checkout.pay>[0]);
    await expect(pay({ kind: "confirmation_token", number: "D999999", confirmationToken: "tok_visa" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(pay({ kind: "bitcoin", number: "D999999" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Well-formed: now it is the order that is not found.
    await expect(pay({ kind: "confirmation_token", number: "D999999", confirmationToken: "ctoken_1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("checkout.pay with the Payment Element (Stripe API stub)", () => {
  beforeAll(() => usePaymentGateway(gateways.stripe()));

  it("a confirmation token authorizes the order's total with manual capture", async () => {
    const { order, guest } = await placeCardOrder();
    const token = stub.confirmationToken("authorized");
    expect(await guest.caller.checkout.pay({ kind: "confirmation_token", number: order.number, confirmationToken: token })).toEqual({
      status: "authorized",
      message: null,
      attemptsLeft: 4,
    });
    const request = stub.requests.find((r) => r.method === "POST" && r.path === "/v1/payment_intents");
    expect(request?.form).toMatchObject({ confirmation_token: token, capture_method: "manual", confirm: "true", "metadata[order_id]": order.id });
    expect(request?.idempotencyKey).toBe(`authorize:${order.id}`);
    expect(await paymentOf(order.id)).toMatchObject({ status: "authorized", intentId: expect.stringMatching(/^pi_stub_/) });
  });

  it("3-D Secure: the client secret goes back to the browser, a second submit gets the same challenge, the webhook settles it", async () => {
    const { order, guest } = await placeCardOrder();
    const first = await guest.caller.checkout.pay({ kind: "confirmation_token", number: order.number, confirmationToken: stub.confirmationToken("requires_action") });
    expect(first).toEqual({ status: "processing", message: null, attemptsLeft: 4, nextAction: { clientSecret: expect.stringMatching(/^pi_stub_\w+_secret_/) } });
    const payment = await paymentOf(order.id);
    expect(payment).toMatchObject({ status: "processing" });
    // The secret is handed over, never stored.
    expect(JSON.stringify(payment)).not.toContain("_secret_");

    // A double submit (or a reload) while the challenge is open: same payment, same challenge, no new intent.
    const again = await guest.caller.checkout.pay({ kind: "confirmation_token", number: order.number, confirmationToken: stub.confirmationToken("authorized") });
    expect(again).toEqual(first);
    expect(stub.requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents")).toHaveLength(1);

    // The customer passes the challenge in Stripe.js; Stripe's signed webhook moves the payment.
    stub.completeNextAction(payment.intentId!, "authorized");
    const response = await deliverStripeEvent("payment_intent.amount_capturable_updated", payment.intentId!, order.id);
    expect(response.status).toBe(200);
    expect(await paymentOf(order.id)).toMatchObject({ status: "authorized", amountCapturable: order.total });
    expect(await guest.caller.checkout.pay({ kind: "confirmation_token", number: order.number, confirmationToken: stub.confirmationToken() })).toEqual({
      status: "authorized",
      message: null,
      attemptsLeft: 4,
    });
  });

  it("a failed 3-D Secure challenge fails the payment through the webhook, with the reason", async () => {
    const { order, guest } = await placeCardOrder();
    await guest.caller.checkout.pay({ kind: "confirmation_token", number: order.number, confirmationToken: stub.confirmationToken("requires_action") });
    const { intentId } = await paymentOf(order.id);
    stub.completeNextAction(intentId!, "failed");
    expect((await deliverStripeEvent("payment_intent.payment_failed", intentId!, order.id)).status).toBe(200);
    expect(await paymentOf(order.id)).toMatchObject({ status: "failed", lastError: { code: "payment_intent_authentication_failure" } });
  });

  it("a card number typed into the sandbox form is refused before it reaches Stripe", async () => {
    const { order, guest } = await placeCardOrder();
    const placing = stub.requests.length; // placeOrder read its card (the test PaymentMethod) from Stripe
    await expect(guest.caller.checkout.pay({ number: order.number, card: "4242 4242 4242 4242" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { details: { reason: "payment_source_unsupported" } },
    });
    expect(stub.requests).toHaveLength(placing);
    expect(await db.select().from(payments).where(eq(payments.orderId, order.id))).toEqual([]);
  });
});

describe("checkout.pay with the payment sandbox", () => {
  beforeAll(() => usePaymentGateway(sandbox));

  it("refuses a confirmation token with a clear error; the order can still be paid with a test card", async () => {
    const { order, guest } = await placeCardOrder();
    await expect(
      guest.caller.checkout.pay({ kind: "confirmation_token", number: order.number, confirmationToken: "ctoken_1NnQUf2eZvKYlo2C" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "This card can't be taken the way it was entered. Reload the page and enter it again.",
      cause: { details: { reason: "payment_source_unsupported" } },
    });
    expect(await db.select().from(payments).where(eq(payments.orderId, order.id))).toEqual([]);
    expect(await guest.caller.checkout.pay({ number: order.number, card: "4242 4242 4242 4242" })).toEqual({ status: "authorized", message: null, attemptsLeft: 4 });
  });
});

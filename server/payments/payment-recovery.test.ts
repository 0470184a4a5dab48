import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { orders, payments, sandboxPaymentIntents, sandboxPaymentMethods } from "@/db/schema";
import { createTestProduct, stockInvariants, testDb } from "@/db/testing";
import { env } from "@/server/env";
import { isDomainError } from "@/server/lib/errors";
import { confirmCodOrders } from "@/server/checkout/payment-outcomes";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { authorizeOrderPayment } from "./authorize";
import { SandboxGateway } from "./gateway";
import { checkoutGateways, noWebhookDelivery } from "./gateway/testing";
import { usePaymentGateway } from "./gateway-instance";

/**
 * Issue 12 items 1 and 2, on the server: a card is checked with the provider (the sandbox answers
 * like Stripe) before any order exists, and a declined card leaves the order waiting, with its
 * reservation, for another card or cash on delivery, a bounded number of times. No events are
 * relayed here; the saga's side of a decline is in inngest/functions/order-saga.test.ts.
 */
const handle = testDb(4);
const db = handle.db;
const address = { name: "Retry Rita", line1: "12 Second Chance Ave", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };
const gateways = checkoutGateways();
const { sandbox } = gateways;
const future = { expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: "123" };

beforeAll(async () => {
  setFlushNotifier(undefined);
  await gateways.start();
});
beforeEach(() => usePaymentGateway(sandbox));
afterAll(async () => {
  usePaymentGateway(undefined);
  setFlushNotifier(null);
  await gateways.stop();
  await handle.close();
});

/** A guest with one unit of a product of its own in the cart, and what placing it takes. */
async function shopper() {
  const product = await createTestProduct(db, { price: "30.00", stock: { EAST: 3 } });
  const guest = testBrowser();
  await guest.caller.cart.add({ sku: product.sku, quantity: 1 });
  const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const email = `retry-${randomUUID().slice(0, 8)}@example.com`;
  const order = { email, address, shippingMethod: "standard" as const, paymentMethod: "card" as const, card: testCard, codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() };
  return { product, guest, email, order };
}

async function placedCardOrder() {
  const s = await shopper();
  const { number } = await s.guest.caller.checkout.placeOrder(s.order);
  const [row] = await db.select().from(orders).where(eq(orders.number, number));
  return { ...s, number, orderId: row!.id };
}

/** The DomainError reason (Stripe's code for a refused card) and the message beside the card field. */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  expect(isDomainError(cause), `expected a refusal, got ${String(error)}`).toBe(true);
  const details = (cause as { details?: { reason?: string; fieldErrors?: { card?: string[] } } }).details;
  return { code: (error as { code: string }).code, reason: details?.reason, card: details?.fieldErrors?.card };
}

const ordersOf = (email: string) => db.select().from(orders).where(eq(orders.email, email));
const attemptsOf = (orderId: string) => db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(payments.attempt);
const authorizationsOf = async (orderId: string) =>
  (await db.select().from(sandboxPaymentIntents).where(sql`${sandboxPaymentIntents.metadata}->>'order_id' = ${orderId}`)).filter((i) => i.status === "requires_capture");

describe("issue 12 item 1: a mistyped card is refused before any order exists", () => {
  it("the sandbox answers like Stripe: invalid_number, incorrect_number, invalid_expiry_month/year, invalid_cvc, a non-test card declined", async () => {
    const { guest } = await shopper();
    const cases: [Parameters<typeof guest.caller.checkout.cardPaymentMethod>[0], string][] = [
      [{ ...future, number: "1234" }, "invalid_number"],
      [{ ...future, number: "4242 4242 4242 4241" }, "incorrect_number"],
      [{ ...future, number: "4242424242424242", expMonth: 13 }, "invalid_expiry_month"],
      [{ ...future, number: "4242424242424242", expYear: 2020 }, "invalid_expiry_year"],
      [{ ...future, number: "4242424242424242", cvc: "12" }, "invalid_cvc"],
      [{ ...future, number: "3782 822463 10005", cvc: "123" }, "invalid_cvc"],
      [{ ...future, number: "4111 1111 1111 1111" }, "card_declined"],
    ];
    for (const [card, reason] of cases) {
      const refused = await refusal(guest.caller.checkout.cardPaymentMethod(card));
      expect(refused, `${card.number} ${card.expMonth}/${card.expYear} ${card.cvc}`).toMatchObject({ code: "BAD_REQUEST", reason, card: [expect.any(String)] });
    }
  });

  it("placeOrder with a refused card places nothing: no order, no reservation, the cart kept", async () => {
    const { guest, email, order, product } = await shopper();
    expect(await refusal(guest.caller.checkout.placeOrder({ ...order, card: { kind: "card", paymentMethod: "1234" } }))).toMatchObject({
      code: "BAD_REQUEST",
      reason: "invalid_number",
      card: ["Your card number is invalid."],
    });
    expect(await refusal(guest.caller.checkout.placeOrder({ ...order, card: { kind: "card", paymentMethod: "pm_sandbox_0123456789abcdef" } }))).toMatchObject({
      code: "BAD_REQUEST",
      reason: "resource_missing",
    });
    expect(await ordersOf(email)).toEqual([]);
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 0, live: 0 });
    expect((await guest.caller.cart.get()).lines).toHaveLength(1);
  });

  it("a card order sent without a card (an API caller skipping the card form) is refused: no order, no reservation", async () => {
    const { guest, email, order, product } = await shopper();
    const { card: _card, ...withoutCard } = order;
    const error = await guest.caller.checkout.placeOrder(withoutCard).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Enter your card details.") });
    expect(await ordersOf(email)).toEqual([]);
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 0, live: 0 });
  });

  it("a good card becomes a PaymentMethod (brand and last four kept, never the number) that places and pays the order", async () => {
    const { guest, email, order } = await shopper();
    const method = await guest.caller.checkout.cardPaymentMethod({ ...future, number: "4242 4242 4242 4242" });
    expect(method).toEqual({ id: expect.stringMatching(/^pm_sandbox_/), brand: "visa", last4: "4242" });
    const [stored] = await db.select().from(sandboxPaymentMethods).where(eq(sandboxPaymentMethods.id, method.id));
    expect(JSON.stringify(stored)).not.toContain("4242424242424242");

    const { number } = await guest.caller.checkout.placeOrder({ ...order, card: { kind: "card", paymentMethod: method.id } });
    expect(await guest.caller.checkout.pay({ number, card: method.id })).toMatchObject({ status: "authorized" });
    const [row] = await ordersOf(email);
    expect(await attemptsOf(row!.id)).toMatchObject([{ attempt: 1, status: "authorized", cardBrand: "visa", cardLast4: "4242" }]);
    expect(await guest.caller.orders.get({ number })).toMatchObject({ payment: { status: "authorized", card: { brand: "visa", last4: "4242" } } });
  });

  it("Stripe: placeOrder reads the Payment Element's confirmation token first; one Stripe does not know places nothing", async () => {
    usePaymentGateway(gateways.stripe());
    const { guest, email, order } = await shopper();
    expect(await refusal(guest.caller.checkout.placeOrder({ ...order, card: { kind: "confirmation_token", confirmationToken: "ctoken_never_made" } }))).toMatchObject({
      code: "BAD_REQUEST",
      reason: "resource_missing",
      card: [expect.any(String)],
    });
    expect(await ordersOf(email)).toEqual([]);

    const token = gateways.stub.confirmationToken("authorized");
    const { number } = await guest.caller.checkout.placeOrder({ ...order, card: { kind: "confirmation_token", confirmationToken: token } });
    expect(await guest.caller.checkout.pay({ kind: "confirmation_token", number, confirmationToken: token })).toMatchObject({ status: "authorized" });
    expect(await guest.caller.orders.get({ number })).toMatchObject({ payment: { card: { brand: "visa", last4: "4242" } } });
  });
});

describe("issue 12 item 2: a declined card keeps the order and its reservation for another card", () => {
  it("declined, then another card: the order stays pending with its stock, then is authorized on attempt 2 (WH-P0-01)", async () => {
    const { guest, number, orderId, product } = await placedCardOrder();
    expect(await guest.caller.checkout.pay({ number, card: "4000 0000 0000 0002" })).toMatchObject({ status: "failed", attemptsLeft: env().payments.maxAttempts - 1 });
    expect(await guest.caller.orders.get({ number })).toMatchObject({ status: "pending_payment", payment: { status: "failed", attempt: 1, card: { brand: "visa", last4: "0002" } } });
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 1, live: 1 });

    expect(await guest.caller.checkout.pay({ number, card: "4242 4242 4242 4242" })).toMatchObject({ status: "authorized" });
    expect((await attemptsOf(orderId)).map((p) => [p.attempt, p.status, p.cardLast4])).toEqual([
      [1, "failed", "0002"],
      [2, "authorized", "4242"],
    ]);
  });

  it("the attempts are bounded (PAYMENT_MAX_ATTEMPTS): after the last decline another card is refused, the order still waits and may still pay on delivery", async () => {
    const { guest, number, orderId, product } = await placedCardOrder();
    const max = env().payments.maxAttempts;
    for (let i = 1; i <= max; i++) {
      expect(await guest.caller.checkout.pay({ number, card: "4000000000000002" })).toMatchObject({ status: "failed", attemptsLeft: max - i });
    }
    expect(await refusal(guest.caller.checkout.pay({ number, card: "4242424242424242" }))).toMatchObject({ code: "PRECONDITION_FAILED", reason: "payment_attempts_exhausted" });
    expect(await attemptsOf(orderId)).toHaveLength(max);
    expect(await authorizationsOf(orderId)).toEqual([]);
    expect(await guest.caller.orders.get({ number })).toMatchObject({ status: "pending_payment" });
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 1, live: 1 });

    expect(await guest.caller.checkout.payOnDelivery({ number })).toEqual({ number, paymentMethod: "cod" });
  });

  it("pay on delivery instead: the order keeps its reservation and is confirmed like any cash-on-delivery order; no card after that", async () => {
    const { guest, number, orderId, product } = await placedCardOrder();
    await guest.caller.checkout.pay({ number, card: "4000000000009995" });
    expect(await guest.caller.checkout.payOnDelivery({ number })).toEqual({ number, paymentMethod: "cod" });
    expect(await guest.caller.checkout.payOnDelivery({ number })).toEqual({ number, paymentMethod: "cod" });
    expect((await stockInvariants(db, product.id))[0]).toMatchObject({ reserved: 1, live: 1 });
    await expect(guest.caller.checkout.pay({ number, card: "4242424242424242" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    await confirmCodOrders(db);
    expect((await db.select().from(orders).where(eq(orders.id, orderId)))[0]).toMatchObject({ status: "confirmed", paymentMethod: "cod" });
  });

  it("pay on delivery is refused while a card payment went through", async () => {
    const { guest, number } = await placedCardOrder();
    await guest.caller.checkout.pay({ number, card: "4242424242424242" });
    expect(await refusal(guest.caller.checkout.payOnDelivery({ number }))).toMatchObject({ code: "PRECONDITION_FAILED", reason: "payment_in_progress" });
  });
});

describe("issue 12 item 2: two retries at once never charge twice (PAY-P0-02)", () => {
  let pools: DbHandle[] = [];
  beforeAll(() => {
    pools = Array.from({ length: 6 }, () => createDb(env().databaseUrl!, { max: 2 }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it("after a decline, six retries with different cards on six connections: one new attempt, one authorization, the others told a payment is going through", async () => {
    const { orderId } = await placedCardOrder();
    await authorizeOrderPayment(db, sandbox, { orderId, paymentMethod: "4000000000000002" });
    const good = await sandbox.createCardPaymentMethod({ ...future, number: "5555 5555 5555 4444" });
    const cards = ["4242424242424242", "pm_card_visa", good.id, "4242 4242 4242 4242", "pm_card_visa", good.id];

    const outcomes = await Promise.allSettled(
      pools.map((pool, i) => authorizeOrderPayment(pool.db, new SandboxGateway({ ...noWebhookDelivery(), db: pool.db }), { orderId, paymentMethod: cards[i]! })),
    );

    const attempts = await attemptsOf(orderId);
    expect(attempts.map((p) => [p.attempt, p.status])).toEqual([
      [1, "failed"],
      [2, "authorized"],
    ]);
    expect(await authorizationsOf(orderId)).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "fulfilled") expect(outcome.value).toMatchObject({ id: attempts[1]!.id, status: "authorized", attempt: 2 });
      else expect(outcome.reason).toMatchObject({ code: "CONFLICT", details: { reason: "payment_in_progress" } });
    }
    expect(outcomes.some((o) => o.status === "fulfilled")).toBe(true);
  });
});

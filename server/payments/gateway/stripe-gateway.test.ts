import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPaymentGateway, SandboxGateway } from "./index";
import { idempotencyKey } from "./idempotency";
import { toMinorUnits } from "./minor-units";
import { StripeGateway, type StripeGatewayOptions } from "./stripe-gateway";
import { StripeStub } from "./stripe-stub";
import { GatewayError, type AuthorizeInput } from "./types";
import { gatewayFailure } from "./testing";

const stub = new StripeStub();
let port = 0;

beforeAll(async () => {
  port = await stub.start();
});
afterAll(() => stub.stop());
beforeEach(() => stub.reset());

function gateway(options: Partial<StripeGatewayOptions> = {}) {
  return new StripeGateway({
    secretKey: "sk_test_stub",
    host: "127.0.0.1",
    port,
    protocol: "http",
    timeoutMs: 2_000,
    maxRetries: 2,
    retryInitialDelayMs: 5,
    retryMaxDelayMs: 20,
    breakerThreshold: 5,
    halfOpenAfterMs: 300,
    ...options,
  });
}

let orderSeq = 0;
function order(amount = "54.48", paymentMethod = "pm_card_visa"): AuthorizeInput {
  orderSeq += 1;
  return {
    orderId: `00000000-0000-4000-8000-${String(orderSeq).padStart(12, "0")}`,
    orderNumber: `D-${1000 + orderSeq}`,
    amount: { amount, currency: "USD" },
    paymentMethod,
    customerEmail: "ada@example.com",
  };
}

/** An order paid through the Payment Element: a confirmation token instead of a PaymentMethod. */
function tokenOrder(confirmationToken: string, amount = "54.48"): AuthorizeInput {
  const { orderId, orderNumber, amount: money, customerEmail } = order(amount);
  return { orderId, orderNumber, amount: money, customerEmail, confirmationToken };
}

const failure = gatewayFailure;

describe("StripeGateway against a local Stripe API stub", () => {
  it("authorizes with manual capture, confirm, metadata.order_id and the order's idempotency key", async () => {
    const input = order();
    const view = await gateway().authorize(input);

    expect(view).toMatchObject({
      status: "requires_capture",
      amount: { amount: "54.48", currency: "USD" },
      amountCapturable: "54.48",
      amountReceived: "0.00",
      orderId: input.orderId,
      lastError: null,
    });
    expect(stub.requests).toHaveLength(1);
    const [req] = stub.requests;
    expect(req).toMatchObject({
      method: "POST",
      path: "/v1/payment_intents",
      idempotencyKey: `authorize:${input.orderId}`,
      form: {
        amount: "5448",
        currency: "usd",
        capture_method: "manual",
        confirm: "true",
        payment_method: "pm_card_visa",
        "metadata[order_id]": input.orderId,
      },
    });
  });

  it("authorizes a Payment Element confirmation token: confirm with confirmation_token, manual capture, the order's key", async () => {
    const token = stub.confirmationToken("authorized");
    const input = tokenOrder(token);
    const view = await gateway().authorize(input);

    expect(view).toMatchObject({ status: "requires_capture", amountCapturable: "54.48", orderId: input.orderId, nextAction: null });
    expect(stub.requests).toHaveLength(1);
    const [req] = stub.requests;
    expect(req).toMatchObject({
      method: "POST",
      path: "/v1/payment_intents",
      idempotencyKey: `authorize:${input.orderId}`,
      form: { amount: "5448", currency: "usd", capture_method: "manual", confirm: "true", confirmation_token: token, "metadata[order_id]": input.orderId },
    });
    expect(req?.form).not.toHaveProperty("payment_method");
  });

  it("3-D Secure: a token whose card asks for authentication comes back requires_action with the client secret", async () => {
    const gw = gateway();
    const input = tokenOrder(stub.confirmationToken("requires_action"));
    const view = await gw.authorize(input);

    expect(view).toMatchObject({ status: "requires_action", amountCapturable: "0.00", orderId: input.orderId, lastError: null });
    expect(view.nextAction).toEqual({ clientSecret: expect.stringMatching(new RegExp(`^${view.id}_secret_`)) });

    // The browser runs stripe.handleNextAction; Stripe then moves the intent and sends the
    // webhook, whose handler re-reads the intent: no client secret once nothing is asked.
    stub.completeNextAction(view.id, "authorized");
    expect(await gw.retrieve(view.id)).toMatchObject({ status: "requires_capture", amountCapturable: "54.48", nextAction: null });

    const failed = await gw.authorize(tokenOrder(stub.confirmationToken("requires_action")));
    stub.completeNextAction(failed.id, "failed");
    expect(await gw.retrieve(failed.id)).toMatchObject({
      status: "requires_payment_method",
      lastError: { code: "payment_intent_authentication_failure" },
      nextAction: null,
    });
    // A secret-key answer carries the client secret on every intent; the view exposes it only for a next action.
    expect((await gw.authorize(order())).nextAction).toBeNull();
  });

  it("refuses a card number before calling Stripe (only Stripe.js collects cards), but takes pm_ ids", async () => {
    const gw = gateway({ breakerThreshold: 1 });
    for (const card of ["4242424242424242", "4242 4242 4242 4242", "not-a-payment-method"]) {
      const error = await failure(gw.authorize(order("10.00", card)));
      expect(error).toMatchObject({ kind: "invalid", code: "payment_source_unsupported", retriable: false });
      expect(error.message).toMatch(/STRIPE_PUBLISHABLE_KEY/);
    }
    expect(stub.requests).toHaveLength(0);
    expect(gw.circuitState).toBe("closed");
    expect((await gw.authorize(order("10.00", "pm_card_visa"))).status).toBe("requires_capture");
  });

  it("an unknown or spent confirmation token is Stripe's invalid request, not retried", async () => {
    const error = await failure(gateway().authorize(tokenOrder("ctoken_never_made")));
    expect(error).toMatchObject({ kind: "invalid", code: "resource_missing", retriable: false });
    expect(stub.requests).toHaveLength(1);
  });

  it("sends exact minor units, with no float rounding", async () => {
    const gw = gateway();
    for (const [amount, minor, back] of [
      ["54.48", "5448", "54.48"],
      ["0.10", "10", "0.10"],
      ["123456789.99", "12345678999", "123456789.99"],
      ["19.99", "1999", "19.99"],
      ["0.29", "29", "0.29"],
      ["54.4800", "5448", "54.48"],
    ] as const) {
      stub.reset();
      const view = await gw.authorize(order(amount));
      expect(stub.requests[0]?.form.amount).toBe(minor);
      expect(view.amount.amount).toBe(back);
    }
    expect(toMinorUnits({ amount: "500", currency: "JPY" })).toBe(500);
    expect(toMinorUnits({ amount: "1.234", currency: "KWD" })).toBe(1234);
    expect(() => toMinorUnits({ amount: "10.005", currency: "USD" })).toThrow(GatewayError);
    expect(() => toMinorUnits({ amount: "abc", currency: "USD" })).toThrow(GatewayError);
    expect(() => toMinorUnits({ amount: "-1.00", currency: "USD" })).toThrow(GatewayError);
  });

  it("captures, cancels, refunds and retrieves with keys derived from our ids", async () => {
    const gw = gateway();
    const a = await gw.authorize(order("54.48"));
    const captured = await gw.capture(a.id, { amount: "50.00", currency: "USD" });
    expect(captured).toMatchObject({ status: "succeeded", amountReceived: "50.00", amountCapturable: "0.00" });
    const refund = await gw.refund(a.id, { amount: "10.5", currency: "USD" });
    expect(refund).toEqual({ id: expect.stringMatching(/^re_/), status: "succeeded" });
    const b = await gw.authorize(order("5.00"));
    expect((await gw.cancel(b.id)).status).toBe("canceled");
    expect((await gw.retrieve(a.id)).status).toBe("succeeded");

    expect(stub.requests.map((r) => [r.method, r.path, r.idempotencyKey, r.form.amount ?? r.form.amount_to_capture])).toEqual([
      ["POST", "/v1/payment_intents", expect.stringMatching(/^authorize:/), "5448"],
      ["POST", `/v1/payment_intents/${a.id}/capture`, `capture:${a.id}`, "5000"],
      ["POST", "/v1/refunds", `refund:${a.id}:10.50`, "1050"],
      ["POST", "/v1/payment_intents", expect.stringMatching(/^authorize:/), "500"],
      ["POST", `/v1/payment_intents/${b.id}/cancel`, `cancel:${b.id}`, undefined],
      ["GET", `/v1/payment_intents/${a.id}`, undefined, undefined],
    ]);
    expect(idempotencyKey({ op: "refund", intentId: a.id, amount: { amount: "10.5000", currency: "USD" } })).toBe(`refund:${a.id}:10.50`);
    expect(idempotencyKey({ op: "refund", intentId: a.id })).toBe(`refund:${a.id}:full`);
    expect(idempotencyKey({ op: "authorize", orderId: "o1", attempt: 2 })).toBe("authorize:o1:2");
  });

  it("PAY-P0-01: retries a 500 with the same idempotency key and succeeds", async () => {
    stub.fail({ kind: "status", status: 500 }, 1);
    const input = order();
    const view = await gateway().authorize(input);
    expect(view.status).toBe("requires_capture");
    expect(stub.requests.map((r) => r.idempotencyKey)).toEqual([`authorize:${input.orderId}`, `authorize:${input.orderId}`]);
  });

  it("PAY-P0-01: 500s are retried a bounded number of times, then `unavailable`", async () => {
    stub.fail({ kind: "status", status: 500 }, 10);
    const input = order();
    const error = await failure(gateway({ maxRetries: 2 }).authorize(input));
    expect(error).toMatchObject({ kind: "unavailable", retriable: true });
    expect(stub.requests).toHaveLength(3);
    expect(new Set(stub.requests.map((r) => r.idempotencyKey))).toEqual(new Set([`authorize:${input.orderId}`]));
  });

  it("retries 429 lock_timeout, but not what Stripe marks stripe-should-retry: false", async () => {
    stub.fail({ kind: "status", status: 429, type: "invalid_request_error", code: "lock_timeout" }, 1);
    const a = await gateway().authorize(order());
    expect(a.status).toBe("requires_capture");
    expect(stub.requests).toHaveLength(2);

    stub.reset();
    stub.fail({ kind: "status", status: 503, headers: { "stripe-should-retry": "false" } }, 5);
    expect(await failure(gateway().capture(a.id))).toMatchObject({ kind: "unavailable", retriable: false });
    expect(stub.requests).toHaveLength(1);
  });

  it("a card decline is not retried and maps to `declined` with the decline code", async () => {
    stub.fail({ kind: "decline", code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." }, 5);
    const error = await failure(gateway().authorize(order("20.00", "pm_card_chargeDeclinedInsufficientFunds")));
    expect(error).toMatchObject({
      kind: "declined",
      code: "card_declined",
      declineCode: "insufficient_funds",
      retriable: false,
      intentId: expect.stringMatching(/^pi_stub_/),
    });
    expect(stub.requests).toHaveLength(1);
  });

  it("an invalid request maps to `invalid` and is not retried", async () => {
    const error = await failure(gateway().capture("pi_missing"));
    expect(error).toMatchObject({ kind: "invalid", code: "resource_missing", retriable: false });
    expect(stub.requests).toHaveLength(1);
  });

  it("PAY-P0-01: a provider slower than the client timeout fails with `timeout`, not a hang", async () => {
    stub.fail({ kind: "slow", delayMs: 1_500 }, 10);
    const started = Date.now();
    const error = await failure(gateway({ timeoutMs: 150, maxRetries: 1 }).authorize(order()));
    expect(error).toMatchObject({ kind: "timeout", retriable: true });
    expect(Date.now() - started).toBeLessThan(1_200);
    expect(stub.requests).toHaveLength(2);
    expect(stub.requests[0]?.idempotencyKey).toBe(stub.requests[1]?.idempotencyKey);
  });

  // Half-open and closing again are the shared wrapper's: server/lib/resilience.test.ts.
  it("INT-P1-03: consecutive failures open the circuit, which fails fast as `circuit_open`", async () => {
    const gw = gateway({ maxRetries: 2, breakerThreshold: 3 });
    stub.fail({ kind: "status", status: 500 }, 3);
    expect((await failure(gw.authorize(order()))).kind).toBe("unavailable");
    expect(stub.requests).toHaveLength(3);
    expect(gw.circuitState).toBe("open");

    const started = Date.now();
    const open = await failure(gw.authorize(order()));
    expect(open).toMatchObject({ kind: "circuit_open", retriable: true });
    expect(Date.now() - started).toBeLessThan(100);
    expect(stub.requests).toHaveLength(3); // the stub was not called
  });

  it("INT-P1-03: card declines never open the circuit", async () => {
    const gw = gateway({ breakerThreshold: 2 });
    stub.fail({ kind: "decline", code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." }, 4);
    for (let i = 0; i < 4; i++) expect((await failure(gw.authorize(order()))).kind).toBe("declined");
    expect(gw.circuitState).toBe("closed");
    expect(stub.requests).toHaveLength(4);
  });

  it("createPaymentGateway picks Stripe when a secret key is set, else the sandbox", async () => {
    const common = { webhookSecret: "whsec_x", webhookUrl: "http://127.0.0.1:1/api/webhooks/stripe" };
    expect(createPaymentGateway(common)).toBeInstanceOf(SandboxGateway);
    const real = createPaymentGateway({ ...common, stripeSecretKey: "sk_test_stub", stripeApiHost: "127.0.0.1", stripeApiPort: port, stripeApiProtocol: "http" });
    expect(real).toBeInstanceOf(StripeGateway);
    expect((await real.authorize(order())).status).toBe("requires_capture");
    expect(stub.requests).toHaveLength(1);
  });
});

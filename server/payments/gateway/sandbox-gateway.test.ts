import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { SandboxGateway, type SandboxGatewayOptions } from "./sandbox-gateway";
import { SLOW_TEST_CARD } from "./sandbox-cards";
import { type AuthorizeInput } from "./types";
import { type DeliverFn } from "./webhook-delivery";
import { parseStripeEvent } from "../webhook-event";
import { signStripePayload, verifyStripeWebhook, WebhookVerificationError } from "./webhook-signature";
import { gatewayFailure } from "./testing";

const SECRET = "whsec_sandbox_test_secret";
const URL = "http://127.0.0.1:1/api/webhooks/stripe";

/** The event of a delivery, as the webhook route reads it: verified first, then parsed. */
function verifiedEvent(body: string, header: string | null) {
  verifyStripeWebhook(body, header, SECRET);
  return parseStripeEvent(body);
}

type Delivery = { url: string; body: string; headers: Record<string, string> };
type StripeLikeEvent = { id: string; type: string; data: { object: Record<string, unknown> } };

/** A sandbox whose webhooks land in `deliveries`; `statuses` scripts the receiver's answers. */
function sandbox(options: Partial<SandboxGatewayOptions> & { statuses?: (number | "network")[] } = {}) {
  const deliveries: Delivery[] = [];
  const statuses = [...(options.statuses ?? [])];
  const deliver: DeliverFn = async (url, body, headers) => {
    deliveries.push({ url, body, headers });
    const status = statuses.shift() ?? 200;
    if (status === "network") throw new TypeError("fetch failed");
    return new Response(null, { status });
  };
  const gw = new SandboxGateway({ webhookUrl: URL, webhookSecret: SECRET, deliver, deliveryBackoffMs: 5, timeoutMs: 100, ...options });
  const events = async () => {
    await gw.idle();
    return deliveries.map((d) => JSON.parse(d.body) as StripeLikeEvent);
  };
  return { gw, deliveries, events };
}

let orderSeq = 0;
function order(paymentMethod = "4242424242424242", amount = "54.48"): AuthorizeInput {
  orderSeq += 1;
  return {
    orderId: `order-${orderSeq}`,
    orderNumber: `D-${orderSeq}`,
    amount: { amount, currency: "USD" },
    paymentMethod,
    customerEmail: "ada@example.com",
  };
}

const failure = gatewayFailure;

describe("SandboxGateway test cards", () => {
  it("4242424242424242 authorizes (requires_capture) and sends amount_capturable_updated", async () => {
    const { gw, events, deliveries } = sandbox();
    const input = order();
    const view = await gw.authorize(input);
    expect(view).toMatchObject({
      id: expect.stringMatching(/^pi_sandbox_[0-9a-f]+$/),
      status: "requires_capture",
      amount: { amount: "54.48", currency: "USD" },
      amountCapturable: "54.48",
      amountReceived: "0.00",
      orderId: input.orderId,
      lastError: null,
    });
    expect(deliveries).toHaveLength(0); // delivered after the call returned, like Stripe

    const [event, ...rest] = await events();
    expect(rest).toHaveLength(0);
    expect(event).toMatchObject({
      id: expect.stringMatching(/^evt_sandbox_/),
      object: "event",
      type: "payment_intent.amount_capturable_updated",
      livemode: false,
      data: {
        object: {
          id: view.id,
          object: "payment_intent",
          amount: 5448,
          currency: "usd",
          status: "requires_capture",
          amount_capturable: 5448,
          amount_received: 0,
          capture_method: "manual",
          metadata: { order_id: input.orderId },
          last_payment_error: null,
        },
      },
    });
    expect(deliveries[0]?.url).toBe(URL);
    expect(deliveries[0]?.headers["content-type"]).toMatch(/application\/json/);
  });

  it.each([
    ["4000000000000002", "card_declined", "generic_decline"],
    ["4000000000009995", "card_declined", "insufficient_funds"],
    ["4000000000000069", "expired_card", "expired_card"],
    ["4000000000000119", "processing_error", undefined],
  ])("%s is declined (%s / %s) and sends payment_intent.payment_failed", async (card, code, declineCode) => {
    const { gw, events } = sandbox();
    const error = await failure(gw.authorize(order(card)));
    expect(error).toMatchObject({ kind: "declined", code, declineCode, retriable: false });
    expect(error.intentId).toMatch(/^pi_sandbox_/);

    const view = await gw.retrieve(error.intentId ?? "");
    expect(view.status).toBe("requires_payment_method");
    expect(view.lastError).toEqual({ code, ...(declineCode ? { declineCode } : {}), message: error.message });
    const all = await events();
    expect(all.map((e) => e.type)).toEqual(["payment_intent.payment_failed"]);
    expect(all[0]?.data.object).toMatchObject({ id: error.intentId, status: "requires_payment_method", last_payment_error: { code } });
  });

  it("a mistyped card, a non-test card or an unknown PaymentMethod is refused like Stripe refuses it, with no intent and no event (issue 12 item 1)", async () => {
    const { gw, events } = sandbox();
    expect(await failure(gw.authorize(order("4111000000000000")))).toMatchObject({ kind: "card_invalid", code: "incorrect_number" });
    expect(await failure(gw.authorize(order("1234")))).toMatchObject({ kind: "card_invalid", code: "invalid_number" });
    expect(await failure(gw.authorize(order("4111111111111111")))).toMatchObject({ kind: "card_invalid", code: "card_declined" });
    expect(await failure(gw.authorize(order("pm_sandbox_00000000")))).toMatchObject({ kind: "card_invalid", code: "resource_missing" });
    expect(await events()).toHaveLength(0);
  });

  it("refuses a Stripe confirmation token (it takes test cards only), with no intent and no event", async () => {
    const { gw, events } = sandbox();
    const { orderId, orderNumber, amount, customerEmail } = order();
    const error = await failure(gw.authorize({ orderId, orderNumber, amount, customerEmail, confirmationToken: "ctoken_1NnQUf2eZvKYlo2C" }));
    expect(error).toMatchObject({ kind: "invalid", code: "payment_source_unsupported", retriable: false });
    expect(error.message).toMatch(/test card numbers only/);
    expect(await events()).toHaveLength(0);
    // The order can still be paid with a test card under the same key.
    expect((await gw.authorize({ orderId, orderNumber, amount, customerEmail, paymentMethod: "4242424242424242" })).status).toBe("requires_capture");
  });

  it(`PAY-P0-01: the slow card ${SLOW_TEST_CARD} times out; a retry with the same key converges on the one intent`, async () => {
    const { gw, events } = sandbox({ timeoutMs: 120 });
    const input = order(SLOW_TEST_CARD);
    const started = Date.now();
    expect(await failure(gw.authorize(input))).toMatchObject({ kind: "timeout", retriable: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);

    const retried = await gw.authorize(input);
    expect(retried.status).toBe("requires_capture");
    const all = await events();
    expect(all.map((e) => e.type)).toEqual(["payment_intent.amount_capturable_updated"]);
    expect(all[0]?.data.object.id).toBe(retried.id);
  });
});

describe("SandboxGateway idempotency and transitions", () => {
  it("the same authorize key twice returns the same intent and one event set", async () => {
    const { gw, events } = sandbox();
    const input = order();
    const [a, b] = await Promise.all([gw.authorize(input), gw.authorize(input)]);
    const c = await gw.authorize(input);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(await events()).toHaveLength(1);

    const next = await gw.authorize({ ...input, attempt: 2 });
    expect(next.id).not.toBe(a.id);
    expect(await failure(gw.authorize({ ...input, amount: { amount: "1.00", currency: "USD" } }))).toMatchObject({ kind: "invalid" });
  });

  it("a replayed decline is the same decline, sent once", async () => {
    const { gw, events } = sandbox();
    const input = order("4000000000000002");
    const first = await failure(gw.authorize(input));
    const second = await failure(gw.authorize(input));
    expect(second.intentId).toBe(first.intentId);
    expect(await events()).toHaveLength(1);
  });

  it("capture → succeeded, cancel → canceled, refund → succeeded, each once per key", async () => {
    const { gw, events } = sandbox();
    const a = await gw.authorize(order("4242424242424242", "100.00"));
    const captured = await gw.capture(a.id, { amount: "80.00", currency: "USD" });
    expect(captured).toMatchObject({ status: "succeeded", amountReceived: "80.00", amountCapturable: "0.00" });
    expect(await gw.capture(a.id, { amount: "80.00", currency: "USD" })).toEqual(captured);

    const r1 = await gw.refund(a.id, { amount: "30.00", currency: "USD" }, "return-1");
    expect(r1).toEqual({ id: expect.stringMatching(/^re_sandbox_/), status: "succeeded" });
    expect(await gw.refund(a.id, { amount: "30.00", currency: "USD" }, "return-1")).toEqual(r1);
    const r2 = await gw.refund(a.id, { amount: "30.00", currency: "USD" }, "return-2");
    expect(r2.id).not.toBe(r1.id);
    expect(await failure(gw.refund(a.id, { amount: "30.00", currency: "USD" }, "return-3"))).toMatchObject({ kind: "invalid" });

    const b = await gw.authorize(order());
    expect((await gw.cancel(b.id)).status).toBe("canceled");
    expect((await gw.cancel(b.id)).status).toBe("canceled");

    const all = await events();
    expect(all.map((e) => e.type)).toEqual([
      "payment_intent.amount_capturable_updated",
      "payment_intent.succeeded",
      "charge.refunded",
      "charge.refunded",
      "payment_intent.amount_capturable_updated",
      "payment_intent.canceled",
    ]);
    expect(all[3]?.data.object).toMatchObject({ object: "charge", payment_intent: a.id, amount_refunded: 6000, amount_captured: 8000, refunded: false });
    expect(all[1]?.data.object).toMatchObject({ status: "succeeded", amount_received: 8000 });
  });

  it("invalid transitions fail like Stripe", async () => {
    const { gw } = sandbox();
    const a = await gw.authorize(order());
    await gw.cancel(a.id);
    const capture = await failure(gw.capture(a.id));
    expect(capture).toMatchObject({ kind: "invalid", code: "payment_intent_unexpected_state" });
    expect(capture.message).toMatch(/status of canceled/);
    expect(await failure(gw.refund(a.id))).toMatchObject({ kind: "invalid", code: "charge_not_refundable" });

    const b = await gw.authorize(order());
    await gw.capture(b.id);
    expect((await failure(gw.cancel(b.id))).message).toMatch(/status of succeeded/);
    expect(await failure(gw.capture("pi_sandbox_nope"))).toMatchObject({ kind: "invalid", code: "resource_missing" });
    const c = await gw.authorize(order());
    expect(await failure(gw.capture(c.id, { amount: "99.00", currency: "USD" }))).toMatchObject({ kind: "invalid" });
    expect(await failure(gw.capture(c.id, { amount: "1.00", currency: "EUR" }))).toMatchObject({ kind: "invalid" });
  });
});

describe("sandbox webhooks", () => {
  it("are signed so that verifyStripeWebhook accepts them; tampering, a wrong secret or a timestamp over 300 s old or ahead is rejected", async () => {
    const { gw, deliveries } = sandbox();
    const view = await gw.authorize(order());
    await gw.idle();
    const [delivery] = deliveries;
    if (!delivery) throw new Error("no delivery");
    const header = delivery.headers["stripe-signature"] ?? null;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    const event = verifiedEvent(delivery.body, header);
    expect(event.type).toBe("payment_intent.amount_capturable_updated");
    expect(event.data.object.id).toBe(view.id);

    const reason = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(WebhookVerificationError);
        return (error as WebhookVerificationError).reason;
      }
      return "accepted";
    };
    expect(reason(() => verifyStripeWebhook(delivery.body.replace("5448", "1"), header, SECRET))).toBe("bad_signature");
    expect(reason(() => verifyStripeWebhook(delivery.body, header, "whsec_wrong"))).toBe("bad_signature");
    expect(reason(() => verifyStripeWebhook(delivery.body, null, SECRET))).toBe("missing_signature");
    expect(reason(() => verifyStripeWebhook(delivery.body, "garbage", SECRET))).toBe("bad_signature");
    const old = signStripePayload(delivery.body, SECRET, Math.floor(Date.now() / 1000) - 301);
    expect(reason(() => verifyStripeWebhook(delivery.body, old, SECRET))).toBe("timestamp_out_of_tolerance");
    const recent = signStripePayload(delivery.body, SECRET, Math.floor(Date.now() / 1000) - 250);
    expect(reason(() => verifyStripeWebhook(delivery.body, recent, SECRET))).toBe("accepted");
    // Stripe's own check looks only into the past; a header dated ahead is a replay-in-waiting.
    const ahead = signStripePayload(delivery.body, SECRET, Math.floor(Date.now() / 1000) + 301);
    expect(reason(() => verifyStripeWebhook(delivery.body, ahead, SECRET))).toBe("timestamp_out_of_tolerance");
    const slightlyAhead = signStripePayload(delivery.body, SECRET, Math.floor(Date.now() / 1000) + 250);
    expect(reason(() => verifyStripeWebhook(delivery.body, slightlyAhead, SECRET))).toBe("accepted");
  });

  it("delivery is retried on 500 and on connection errors, then succeeds, each try freshly signed", async () => {
    const { gw, deliveries } = sandbox({ statuses: [500, "network", 200] });
    await gw.authorize(order());
    await gw.idle();
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((d) => d.body)).size).toBe(1);
    for (const d of deliveries) expect(verifiedEvent(d.body, d.headers["stripe-signature"] ?? null).id).toMatch(/^evt_sandbox_/);
  });

  it("delivery gives up after its attempts without failing the payment call", async () => {
    const { gw, deliveries } = sandbox({ statuses: [503, 503, 503, 503], deliveryAttempts: 3 });
    await expect(gw.authorize(order())).resolves.toMatchObject({ status: "requires_capture" });
    await gw.idle();
    expect(deliveries).toHaveLength(3);
  });

  it("is delivered over real HTTP by default, raw body and Stripe-Signature intact", async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    let answer = 500;
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        received.push({ body, signature: req.headers["stripe-signature"] as string | undefined });
        res.writeHead(answer).end();
        answer = 200;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const gw = new SandboxGateway({ webhookUrl: `http://127.0.0.1:${port}/api/webhooks/stripe`, webhookSecret: SECRET, deliveryBackoffMs: 5 });
      const view = await gw.authorize(order());
      await gw.capture(view.id);
      await gw.idle();
      expect(received).toHaveLength(3); // first try answered 500, then retried
      const types = received.map((r) => verifiedEvent(r.body, r.signature ?? null).type);
      expect(new Set(types)).toEqual(new Set(["payment_intent.amount_capturable_updated", "payment_intent.succeeded"]));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

import { createHash, randomUUID } from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { opsAlerts, orders, outbox, paymentStatusHistory, payments, webhookEvents } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { env } from "@/server/env";
import { probedRequest } from "@/server/lib/testing-body";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { MALFORMED_WEBHOOK_ALERT, MALFORMED_WEBHOOK_OUTCOME } from "@/server/webhooks/malformed";
import { authorizeOrderPayment } from "./authorize";
import { SandboxGateway, signStripePayload } from "./gateway";
import { usePaymentGateway } from "./gateway-instance";
import { gatewayWith } from "./gateway/testing";

const handle = testDb(8);
const db = handle.db;
const secret = env().payments.webhookSecret;
const address = { name: "Pay Tester", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

/** Every sandbox delivery goes through the real route handler, in process. */
const deliveries: { status: number; outcome?: string }[] = [];
const post = (body: string, signature: string | null) =>
  POST(new Request("http://127.0.0.1/api/webhooks/stripe", { method: "POST", body, headers: signature ? { "stripe-signature": signature } : {} }));
const sandbox = new SandboxGateway({
  webhookUrl: "http://127.0.0.1/api/webhooks/stripe",
  webhookSecret: secret,
  deliveryBackoffMs: 20,
  deliver: async (_url, body, headers) => {
    const response = await post(body, headers["Stripe-Signature"] ?? headers["stripe-signature"] ?? null);
    const json = (await response.clone().json()) as { outcome?: string };
    deliveries.push({ status: response.status, outcome: json.outcome });
    return response;
  },
});

beforeAll(() => {
  setFlushNotifier(undefined);
  usePaymentGateway(sandbox);
});
afterAll(async () => {
  await sandbox.idle();
  usePaymentGateway(undefined);
  setFlushNotifier(null);
  await handle.close();
});

async function anOrder() {
  const p = await createTestProduct(db, { stock: { EAST: 10 } });
  const guest = testBrowser();
  await guest.caller.cart.add({ sku: p.sku, quantity: 1 });
  const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
  const { number } = await guest.caller.checkout.placeOrder({ card: testCard, email: "pay@example.com", address, shippingMethod: "standard", codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() });
  return (await db.select().from(orders).where(eq(orders.number, number)))[0]!;
}

const paymentOf = async (orderId: string) => (await db.select().from(payments).where(eq(payments.orderId, orderId)))[0]!;
const eventCount = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents))[0]!.n;

function intentEvent(type: string, intentId: string, orderId: string, status = "succeeded") {
  return JSON.stringify({
    id: `evt_test_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    type,
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: intentId, object: "payment_intent", status, metadata: { order_id: orderId } } },
  });
}

describe("payment authorization with the sandbox (test cards)", () => {
  it("4242 authorizes; the provider's webhook converges on the same state", async () => {
    const order = await anOrder();
    const payment = await authorizeOrderPayment(db, sandbox, { orderId: order.id, paymentMethod: "4242424242424242" });
    expect(payment).toMatchObject({ status: "authorized", intentId: expect.stringMatching(/^pi_sandbox_/) });
    await sandbox.idle();
    expect((await paymentOf(order.id)).status).toBe("authorized");
    const history = await db.select().from(paymentStatusHistory).where(eq(paymentStatusHistory.paymentId, payment.id));
    expect(history.map((h) => h.toStatus)).toEqual(["authorized"]);
    // A second call is the same authorization, not a second charge.
    expect((await authorizeOrderPayment(db, sandbox, { orderId: order.id, paymentMethod: "4242424242424242" })).id).toBe(payment.id);
  });

  it("a declined card fails the payment with the decline code", async () => {
    const order = await anOrder();
    const payment = await authorizeOrderPayment(db, sandbox, { orderId: order.id, paymentMethod: "4000000000009995" });
    expect(payment).toMatchObject({ status: "failed", lastError: { declineCode: "insufficient_funds" } });
  });
});

describe("stripe webhook route (PAY-P0-02, OR-P0-04)", () => {
  it("rejects a bad signature with 400 and changes nothing", async () => {
    const order = await anOrder();
    const before = await eventCount();
    const body = intentEvent("payment_intent.succeeded", "pi_x", order.id);
    expect((await post(body, signStripePayload(body, "whsec_wrong_secret"))).status).toBe(400);
    expect((await post(body, null)).status).toBe(400);
    const tampered = signStripePayload(body, secret);
    expect((await post(body.replace("succeeded", "canceled"), tampered)).status).toBe(400);
    expect(await eventCount()).toBe(before);
  });

  it("rejects a signature older than 300 seconds", async () => {
    const order = await anOrder();
    const body = intentEvent("payment_intent.succeeded", "pi_x", order.id);
    const old = signStripePayload(body, secret, Math.floor(Date.now() / 1000) - 301);
    const response = await post(body, old);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ reason: "timestamp_out_of_tolerance" });
  });

  it("applies the same event delivered 50 times at once exactly once", async () => {
    const order = await anOrder();
    const payment = await authorizeOrderPayment(db, sandbox, { orderId: order.id, paymentMethod: "4242424242424242" });
    await sandbox.idle();
    await sandbox.capture(payment.intentId!);
    const body = intentEvent("payment_intent.succeeded", payment.intentId!, order.id);
    const signature = signStripePayload(body, secret);
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(body, signature)));
    const outcomes = await Promise.all(responses.map(async (r) => [r.status, ((await r.json()) as { outcome: string }).outcome]));
    expect(outcomes.filter(([s]) => s === 200)).toHaveLength(50);
    expect(outcomes.filter(([, o]) => o === "applied")).toHaveLength(1);
    expect(outcomes.filter(([, o]) => o === "duplicate")).toHaveLength(49);
    const history = await db.select().from(paymentStatusHistory).where(and(eq(paymentStatusHistory.paymentId, payment.id), eq(paymentStatusHistory.toStatus, "captured")));
    expect(history).toHaveLength(1);
    await sandbox.idle();
  });

  it("reaches the same final state when `succeeded` arrives before `amount_capturable_updated`", async () => {
    const finalStates: string[] = [];
    for (const order of ["succeeded-first", "capturable-first"]) {
      const o = await anOrder();
      const pending = await authorizeOrderPayment(db, sandbox, { orderId: o.id, paymentMethod: "4242424242424242" });
      await sandbox.idle();
      // Rewind our record to pending, as if neither the answer nor any webhook had been applied.
      await db.update(payments).set({ status: "pending" }).where(eq(payments.id, pending.id));
      await sandbox.capture(pending.intentId!);
      const succeeded = intentEvent("payment_intent.succeeded", pending.intentId!, o.id);
      const capturable = intentEvent("payment_intent.amount_capturable_updated", pending.intentId!, o.id, "requires_capture");
      const sequence = order === "succeeded-first" ? [succeeded, capturable] : [capturable, succeeded];
      for (const body of sequence) expect((await post(body, signStripePayload(body, secret))).status).toBe(200);
      finalStates.push((await paymentOf(o.id)).status);
      await sandbox.idle();
    }
    expect(finalStates).toEqual(["captured", "captured"]);
  });

  it("acknowledges unknown event types and ignores them", async () => {
    const body = JSON.stringify({ id: `evt_${randomUUID()}`, object: "event", type: "customer.created", data: { object: { id: "cus_1", object: "customer" } } });
    const response = await post(body, signStripePayload(body, secret));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: "ignored" });
  });

  it("answers 500 when processing fails, so the sender retries, and leaves no record", async () => {
    const order = await anOrder();
    const payment = await authorizeOrderPayment(db, sandbox, { orderId: order.id, paymentMethod: "4242424242424242" });
    await sandbox.idle();
    await sandbox.capture(payment.intentId!);
    await sandbox.idle();
    await db.update(payments).set({ status: "authorized" }).where(eq(payments.id, payment.id));
    const body = intentEvent("payment_intent.succeeded", payment.intentId!, order.id);
    const before = await eventCount();
    // The provider cannot be re-read for a moment.
    usePaymentGateway(
      gatewayWith(sandbox, {
        retrieve: async () => {
          throw new Error("connection reset");
        },
      }),
    );
    try {
      expect((await post(body, signStripePayload(body, secret))).status).toBe(500);
    } finally {
      usePaymentGateway(sandbox);
    }
    expect(await eventCount()).toBe(before);
    expect((await paymentOf(order.id)).status).toBe("authorized");
    const retry = await post(body, signStripePayload(body, secret));
    expect(await retry.json()).toMatchObject({ outcome: "applied" });
    expect((await paymentOf(order.id)).status).toBe("captured");
  });

  it("records the intent on our payment when the provider calls before the authorize answer is recorded", async () => {
    const order = await anOrder();
    await db.insert(payments).values({ orderId: order.id, provider: "stripe", currency: "USD", amount: order.total });
    const intent = await sandbox.authorize({ orderId: order.id, orderNumber: order.number, amount: { amount: "16.65", currency: "USD" }, paymentMethod: "4242424242424242", customerEmail: "x@example.com" });
    await sandbox.idle();
    expect(await paymentOf(order.id)).toMatchObject({ intentId: intent.id, status: "authorized" });
  });
});

describe("stripe webhook route: malformed, unknown and oversized deliveries (OR-P0-04, PAY-P0-02, GW-P1-03)", () => {
  const sha256 = (body: string) => createHash("sha256").update(body, "utf8").digest("hex");
  const count = async (table: typeof payments | typeof paymentStatusHistory | typeof outbox) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  const wellFormedEvents = async () =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents).where(ne(webhookEvents.outcome, MALFORMED_WEBHOOK_OUTCOME)))[0]!.n;
  const footprint = async () => ({ payments: await count(payments), history: await count(paymentStatusHistory), outbox: await count(outbox), events: await wellFormedEvents() });

  it("a validly signed but malformed event answers 400 with what is wrong, is recorded once for ops however often it comes, and writes nothing else", async () => {
    const order = await anOrder();
    const [unclaimed] = await db.insert(payments).values({ orderId: order.id, provider: "stripe", currency: "USD", amount: order.total }).returning();
    const nonce = randomUUID();
    const intent = (object: Record<string, unknown>) => ({ object: "payment_intent", id: `pi_${nonce}`, metadata: { order_id: order.id }, ...object });
    const event = (fields: Record<string, unknown>) =>
      JSON.stringify({ id: `evt_${nonce}`, object: "event", type: "payment_intent.succeeded", data: { object: intent({}) }, nonce, ...fields });
    const shapes: Record<string, string> = {
      "no id": JSON.stringify({ type: "payment_intent.succeeded", data: { object: intent({}) }, nonce }),
      "data: null": event({ data: null }),
      "no data.object": event({ data: {} }),
      "[]": "[]",
      null: "null",
      "a number id": event({ id: 42 }),
      "an array type": event({ type: ["payment_intent.succeeded"] }),
      "a numeric order_id": event({ data: { object: intent({ metadata: { order_id: 7 } }) } }),
      "NUL in the id": event({ id: `evt_\u0000${nonce}` }),
      "NUL in the type": event({ type: "payment_intent.succeeded\u0000" }),
      "NUL in the intent id": event({ data: { object: intent({ id: `pi_\u0000${nonce}` }) } }),
      "NUL in the order id": event({ data: { object: intent({ metadata: { order_id: `${order.id}\u0000` } }) } }),
      "not JSON": `{"id": "evt_${nonce}", nope`,
    };
    const before = await footprint();
    for (const [shape, body] of Object.entries(shapes)) {
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(body, signStripePayload(body, secret))));
      for (const response of responses) {
        expect(response.status, shape).toBe(400);
        const json = (await response.json()) as { error: string; problems: string[] };
        expect(json, shape).toMatchObject({ error: "malformed event", problems: expect.arrayContaining([expect.any(String)]) });
      }
      const hash = sha256(body);
      const recorded = await db.select().from(webhookEvents).where(and(eq(webhookEvents.provider, "stripe"), eq(webhookEvents.eventId, `sha256:${hash}`)));
      expect(recorded, shape).toMatchObject([{ outcome: MALFORMED_WEBHOOK_OUTCOME }]);
      const alerts = await db.select().from(opsAlerts).where(and(eq(opsAlerts.kind, MALFORMED_WEBHOOK_ALERT), sql`${opsAlerts.details}->>'bodySha256' = ${hash} and ${opsAlerts.details}->>'provider' = 'stripe'`));
      expect(alerts, shape).toMatchObject([{ severity: "critical", message: expect.stringContaining("stripe webhook") }]);
    }
    expect(await footprint()).toEqual(before);
    expect(await db.select().from(payments).where(eq(payments.id, unclaimed!.id))).toEqual([unclaimed]);
  });

  it("names the problem: a null data is refused as `data`", async () => {
    const body = JSON.stringify({ id: `evt_${randomUUID()}`, type: "payment_intent.succeeded", data: null });
    const response = await post(body, signStripePayload(body, secret));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^data: /)]);
  });

  it("acknowledges an event for an intent the provider does not know, and claims no payment with it", async () => {
    const order = await anOrder();
    const [unclaimed] = await db.insert(payments).values({ orderId: order.id, provider: "stripe", currency: "USD", amount: order.total }).returning();
    const body = intentEvent("payment_intent.succeeded", `pi_unknown_${randomUUID().replaceAll("-", "")}`, order.id);
    const response = await post(body, signStripePayload(body, secret));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: "ignored" });
    const [after] = await db.select().from(payments).where(eq(payments.id, unclaimed!.id));
    expect(after).toMatchObject({ intentId: null, status: "pending", version: unclaimed!.version });
    expect(await db.select().from(paymentStatusHistory).where(eq(paymentStatusHistory.paymentId, unclaimed!.id))).toEqual([]);
    expect(await (await post(body, signStripePayload(body, secret))).json()).toMatchObject({ outcome: "duplicate" });
  });

  it("refuses a signature dated more than 300 seconds ahead like a stale one, and records nothing", async () => {
    const order = await anOrder();
    const body = intentEvent("payment_intent.succeeded", "pi_x", order.id);
    const before = await eventCount();
    const ahead = await post(body, signStripePayload(body, secret, Math.floor(Date.now() / 1000) + 301));
    expect(ahead.status).toBe(400);
    expect(await ahead.json()).toMatchObject({ error: "invalid signature", reason: "timestamp_out_of_tolerance" });
    expect(await eventCount()).toBe(before);
  });

  it("refuses a 5 MB body with 413 while it streams, with or without Content-Length, without reading it all (GW-P1-03)", async () => {
    const limit = env().maxBodyBytes.webhooks;
    for (const declareLength of [true, false]) {
      const { request, probe } = probedRequest("http://127.0.0.1/api/webhooks/stripe", {
        totalBytes: 5 * 1024 * 1024,
        declareLength,
        headers: { "stripe-signature": signStripePayload("{}", secret) },
      });
      const response = await POST(request);
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: "The request is too large", limitBytes: limit });
      expect(probe.drained).toBe(false);
      expect(probe.pulled).toBeLessThanOrEqual(declareLength ? 0 : limit + 64 * 1024);
    }
  });
});

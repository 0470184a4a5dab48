import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { sandboxPaymentIntents } from "@/db/schema";
import { testDb } from "@/db/testing";
import { SandboxGateway } from "./sandbox-gateway";
import { type GatewayError, type AuthorizeInput, type Money } from "./types";

/**
 * The sandbox behaves as one provider however many connections (processes) call it at once:
 * concurrent requests with one idempotency key are one effect and one answer, and requests with
 * different keys on one intent are serialized by its row lock (PAY-P0-01, PAY-P0-02).
 */
const SECRET = "whsec_sandbox_concurrency";
const PROCESSES = 12;
const CALLS = 2 * PROCESSES;

const handles = Array.from({ length: PROCESSES }, () => testDb(2));
const db = handles[0]!.db;
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.idle()));
  await Promise.all(handles.map((h) => h.close()));
});

const url = `http://127.0.0.1:1/concurrency/${randomUUID()}`;
type Delivered = { id: string; type: string; data: { object: { id: string; payment_intent?: string } } };
const delivered: Delivered[] = [];
/** One sandbox per connection pool, as many processes on one database would have. */
const gateways = handles.map(
  (h) =>
    new SandboxGateway({
      db: h.db,
      webhookUrl: url,
      webhookSecret: SECRET,
      deliver: async (_url, body) => {
        delivered.push(JSON.parse(body) as Delivered);
        return new Response(null, { status: 200 });
      },
    }),
);

/** `CALLS` calls at once, spread over every sandbox; each settles to its value or its error. */
function allAtOnce<T>(call: (gateway: SandboxGateway, i: number) => Promise<T>) {
  return Promise.all(
    Array.from({ length: CALLS }, (_, i) =>
      call(gateways[i % PROCESSES]!, i).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error: error as GatewayError }),
      ),
    ),
  );
}

const idle = () => Promise.all(gateways.map((g) => g.idle()));

function order(paymentMethod = "4242424242424242", amount = "100.00"): AuthorizeInput {
  const id = randomUUID();
  return { orderId: id, orderNumber: `D-${id.slice(0, 6)}`, amount: { amount, currency: "USD" }, paymentMethod, customerEmail: "many@example.com" };
}

/** The webhooks the endpoint received about an intent, once every sandbox is done sending. */
async function eventsOf(intentId: string) {
  await idle();
  return delivered
    .filter((e) => (e.data.object.payment_intent ?? e.data.object.id) === intentId)
    .map((e) => e.type)
    .sort();
}

const intentsOfOrder = (orderId: string) => db.select().from(sandboxPaymentIntents).where(sql`${sandboxPaymentIntents.metadata} ->> 'order_id' = ${orderId}`);
const usd = (amount: string): Money => ({ amount, currency: "USD" });

describe(`the sandbox on ${PROCESSES} connections at once`, () => {
  it(`PAY-P0-01: ${CALLS} authorizations with one key make one intent, one answer and one webhook`, async () => {
    const input = order();
    const results = await allAtOnce((gw) => gw.authorize(input));
    expect(results.every((r) => r.ok)).toBe(true);
    const views = results.map((r) => (r.ok ? r.value : null));
    for (const view of views) expect(view).toEqual(views[0]);
    expect(views[0]).toMatchObject({ status: "requires_capture", amountCapturable: "100.00", orderId: input.orderId });
    expect(await intentsOfOrder(input.orderId)).toHaveLength(1);
    expect(await eventsOf(views[0]!.id)).toEqual(["payment_intent.amount_capturable_updated"]);
  });

  it("PAY-P0-01: one key with two sets of parameters at once: one set wins everywhere, the other gets idempotency_key_in_use", async () => {
    const input = order();
    const results = await allAtOnce((gw, i) => gw.authorize({ ...input, amount: usd(i % 2 ? "10.00" : "20.00") }));
    const won = results.flatMap((r) => (r.ok ? [r.value] : []));
    const lost = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(won).toHaveLength(CALLS / 2);
    for (const view of won) expect(view).toEqual(won[0]);
    for (const error of lost) expect(error).toMatchObject({ kind: "invalid", code: "idempotency_key_in_use" });
    expect(await intentsOfOrder(input.orderId)).toMatchObject([{ id: won[0]!.id, amount: won[0]!.amount.amount === "10.00" ? 1000 : 2000 }]);
    expect(await eventsOf(won[0]!.id)).toEqual(["payment_intent.amount_capturable_updated"]);
  });

  it("PAY-P0-01: a decline is a stored result: every concurrent call gets the same decline of the one intent, sent once", async () => {
    const input = order("4000000000009995");
    const results = await allAtOnce((gw) => gw.authorize(input));
    const errors = results.map((r) => (r.ok ? null : r.error));
    for (const error of errors) expect(error).toMatchObject({ kind: "declined", code: "card_declined", declineCode: "insufficient_funds", intentId: errors[0]!.intentId });
    expect(await intentsOfOrder(input.orderId)).toMatchObject([{ id: errors[0]!.intentId, status: "requires_payment_method" }]);
    expect(await eventsOf(errors[0]!.intentId!)).toEqual(["payment_intent.payment_failed"]);
  });

  it("PAY-P0-02: captures with one key at once capture once, with one answer and one succeeded webhook", async () => {
    const intent = await gateways[0]!.authorize(order());
    const results = await allAtOnce((gw) => gw.capture(intent.id, usd("80.00")));
    const views = results.map((r) => (r.ok ? r.value : r.error));
    for (const view of views) expect(view).toEqual(views[0]);
    expect(views[0]).toMatchObject({ status: "succeeded", amountReceived: "80.00" });
    expect(await eventsOf(intent.id)).toEqual(["payment_intent.amount_capturable_updated", "payment_intent.succeeded"]);
  });

  it("refunds under different keys at once never refund more than was captured (the intent's row lock)", async () => {
    const intent = await gateways[0]!.authorize(order());
    await gateways[1]!.capture(intent.id);
    // 24 refunds of 10.00 against 100.00 captured: exactly 10 can succeed.
    const results = await allAtOnce((gw, i) => gw.refund(intent.id, usd("10.00"), `return-${i}`));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    for (const r of results) if (!r.ok) expect(r.error).toMatchObject({ kind: "invalid", code: "charge_already_refunded" });
    const [row] = await db.select().from(sandboxPaymentIntents).where(eq(sandboxPaymentIntents.id, intent.id));
    expect(row).toMatchObject({ amountReceived: 10_000, amountRefunded: 10_000 });
    expect((await eventsOf(intent.id)).filter((t) => t === "charge.refunded")).toHaveLength(10);
  });

  it("a capture and a void racing on one intent: exactly one of them happens, the other is refused for its state", async () => {
    const intent = await gateways[0]!.authorize(order());
    const results = await allAtOnce((gw, i) => (i % 2 ? gw.capture(intent.id) : gw.cancel(intent.id)));
    const captures = results.filter((_, i) => i % 2);
    const voids = results.filter((_, i) => !(i % 2));
    const captured = captures.every((r) => r.ok);
    const voided = voids.every((r) => r.ok);
    expect(captured !== voided).toBe(true);
    for (const r of captured ? voids : captures) expect(r).toMatchObject({ ok: false, error: { code: "payment_intent_unexpected_state" } });
    const [row] = await db.select().from(sandboxPaymentIntents).where(eq(sandboxPaymentIntents.id, intent.id));
    expect(row!.status).toBe(captured ? "succeeded" : "canceled");
    expect(await eventsOf(intent.id)).toEqual(["payment_intent.amount_capturable_updated", captured ? "payment_intent.succeeded" : "payment_intent.canceled"]);
  });
});

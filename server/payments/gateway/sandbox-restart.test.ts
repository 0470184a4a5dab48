import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { sandboxPaymentIntents, sandboxWebhookDeliveries } from "@/db/schema";
import { testDb } from "@/db/testing";
import { databaseUrl } from "@/server/env";
import { SandboxGateway } from "./sandbox-gateway";
import { SLOW_TEST_CARD } from "./sandbox-cards";
import { gatewayFailure } from "./testing";
import { type AuthorizeInput, type PaymentIntentView } from "./types";
import { type DeliverFn } from "./webhook-delivery";
import { verifyStripeWebhook } from "./webhook-signature";
import { tsxNodeArgs } from "@/scripts/lib/tsx-args";

/**
 * The sandbox forgets nothing when its process goes away: a new sandbox on the same database —
 * as a restarted process makes — sees every intent and stored answer, and sends the webhooks
 * the old one still owed.
 */
const SECRET = "whsec_sandbox_restart";
const handles: ReturnType<typeof testDb>[] = [];
/** A new pool each time, as a new process has. */
function connection() {
  const handle = testDb(2);
  handles.push(handle);
  return handle;
}
const db = connection().db;
afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
});

type Event = { id: string; type: string; data: { object: { id: string; payment_intent?: string; status?: string } } };

/** A delivery's event, once its signature is verified as the webhook route verifies it. */
function verified(body: string, signature: string | null | undefined): Event {
  verifyStripeWebhook(body, signature ?? null, SECRET);
  return JSON.parse(body) as Event;
}

/** A sandbox on its own pool whose webhooks land in `events`. */
function sandbox(url: string, options: { deliver?: DeliverFn; timeoutMs?: number; leaseMs?: number } = {}) {
  const events: Event[] = [];
  const deliver: DeliverFn =
    options.deliver ??
    (async (_url, body, headers) => {
      events.push(verified(body, headers["stripe-signature"]));
      return new Response(null, { status: 200 });
    });
  const gw = new SandboxGateway({
    db: connection().db,
    webhookUrl: url,
    webhookSecret: SECRET,
    deliver,
    deliveryBackoffMs: 5,
    deliveryLeaseMs: options.leaseMs,
    timeoutMs: options.timeoutMs ?? 100,
  });
  const seen = () => events.map((e) => `${e.type} ${e.data.object.payment_intent ?? e.data.object.id}`);
  const received = async () => {
    await gw.idle();
    return seen();
  };
  return { gw, received, seen };
}

const endpoint = () => `http://127.0.0.1:1/restart/${randomUUID()}`;
function order(paymentMethod = "4242424242424242", amount = "100.00"): AuthorizeInput {
  const id = randomUUID();
  return { orderId: id, orderNumber: `D-${id.slice(0, 6)}`, amount: { amount, currency: "USD" }, paymentMethod, customerEmail: "restart@example.com" };
}
const usd = (amount: string) => ({ amount, currency: "USD" });

/** Time passes: the delivering process's hold on the endpoint's owed webhooks runs out. */
const leaseRunsOut = (url: string) =>
  db.update(sandboxWebhookDeliveries).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(sandboxWebhookDeliveries.url, url));
const owed = (url: string) => db.select().from(sandboxWebhookDeliveries).where(eq(sandboxWebhookDeliveries.url, url)).orderBy(sandboxWebhookDeliveries.createdAt);

/** Until the process delivering the endpoint's webhooks has taken each of them (its first try is out). */
async function inFlight(url: string, count: number) {
  for (let tries = 0; tries < 500; tries++) {
    const rows = await owed(url);
    if (rows.length === count && rows.every((r) => r.attempts > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the ${count} webhooks owed to ${url} never went out`);
}

describe("a restarted sandbox (a new instance on the same database)", () => {
  it("captures, refunds and voids what the old process authorized, and replays the old answers without sending anything again", async () => {
    const url = endpoint();
    const before = sandbox(url);
    const [paid, voided, declined] = [order(), order(), order("4000000000000002")];
    const authorized = await before.gw.authorize(paid);
    const toVoid = await before.gw.authorize(voided);
    const decline = await gatewayFailure(before.gw.authorize(declined));
    expect(await before.received()).toHaveLength(3);

    const after = sandbox(url);
    expect(await after.gw.retrieve(authorized.id)).toEqual(authorized);
    expect(await after.gw.capture(authorized.id, usd("80.00"))).toMatchObject({ status: "succeeded", amountReceived: "80.00" });
    const refund = await after.gw.refund(authorized.id, usd("30.00"), "return-1");
    expect(await after.gw.refund(authorized.id, usd("30.00"), "return-1")).toEqual(refund);
    expect(await after.gw.cancel(toVoid.id)).toMatchObject({ status: "canceled" });

    // The old answers, stored: same intent, same decline, and the key still bound to its parameters.
    expect(await after.gw.authorize(paid)).toEqual(authorized);
    expect(await gatewayFailure(after.gw.authorize(declined))).toMatchObject({ kind: "declined", code: "card_declined", intentId: decline.intentId, message: decline.message });
    expect(await gatewayFailure(after.gw.authorize({ ...paid, amount: usd("1.00") }))).toMatchObject({ code: "idempotency_key_in_use" });
    // Each owed webhook once; they may arrive in any order (as with Stripe, which promises none).
    expect((await after.received()).sort()).toEqual(
      [`payment_intent.succeeded ${authorized.id}`, `charge.refunded ${authorized.id}`, `payment_intent.canceled ${toVoid.id}`].sort(),
    );
  });

  it(`PAY-P0-01: the slow card ${SLOW_TEST_CARD} timed out before the restart; the retry after it converges on the one intent`, async () => {
    const before = sandbox(endpoint(), { timeoutMs: 50 });
    const input = order(SLOW_TEST_CARD);
    expect(await gatewayFailure(before.gw.authorize(input))).toMatchObject({ kind: "timeout" });
    const retried = await sandbox(endpoint()).gw.authorize(input);
    expect(retried.status).toBe("requires_capture");
    expect(await db.select().from(sandboxPaymentIntents).where(sql`${sandboxPaymentIntents.metadata} ->> 'order_id' = ${input.orderId}`)).toMatchObject([
      { id: retried.id },
    ]);
  });

  it("PAY-P0-02: the webhooks a dead process still owed are sent by the next sandbox on the endpoint, once", async () => {
    const url = endpoint();
    // The old process dies with its deliveries in flight: they never get an answer.
    const dead = sandbox(url, { deliver: () => new Promise<Response>(() => {}) });
    const intent = await dead.gw.authorize(order());
    await dead.gw.capture(intent.id);
    await inFlight(url, 2);
    expect((await owed(url)).map((r) => r.status)).toEqual(["pending", "pending"]);

    // While the dead process's hold lasts, a new sandbox leaves its webhooks alone.
    const early = sandbox(url);
    expect(await early.received()).toEqual([]);

    await leaseRunsOut(url);
    const restarted = sandbox(url);
    expect((await restarted.received()).sort()).toEqual([`payment_intent.amount_capturable_updated ${intent.id}`, `payment_intent.succeeded ${intent.id}`]);
    expect((await owed(url)).map((r) => r.status)).toEqual(["delivered", "delivered"]);
    const later = sandbox(url);
    expect(await later.received()).toEqual([]);
  });

  it("PAY-P0-02: a sandbox that started while the dead process still held its webhooks sends them when the hold ends", async () => {
    const url = endpoint();
    const dead = sandbox(url, { deliver: () => new Promise<Response>(() => {}), leaseMs: 2_000 });
    const intent = await dead.gw.authorize(order());
    await inFlight(url, 1);
    const restarted = sandbox(url);
    expect(await restarted.received()).toEqual([]);
    for (let tries = 0; tries < 200 && restarted.seen().length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await restarted.received()).toEqual([`payment_intent.amount_capturable_updated ${intent.id}`]);
    expect((await owed(url)).map((r) => r.status)).toEqual(["delivered"]);
  });

  it("in a child process killed by SIGKILL with its webhook in flight: the next process sends the webhook and captures", async () => {
    const requests: { body: string; signature: string | undefined }[] = [];
    let answering = false;
    let arrived: () => void = () => {};
    const firstRequest = new Promise<void>((resolve) => (arrived = resolve));
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        requests.push({ body, signature: req.headers["stripe-signature"] as string | undefined });
        arrived();
        // Before the restart the endpoint never answers, so the delivery is still in flight at the kill.
        if (answering) res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe`;
    const input = order();
    const child = spawn(process.execPath, [...tsxNodeArgs, path.join(import.meta.dirname, "sandbox-restart.fixture.ts"), JSON.stringify({ webhookUrl: url, webhookSecret: SECRET, leaseMs: 60_000, order: input })], {
      env: { ...process.env, DATABASE_URL: databaseUrl(), LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on("line", (l) => l.startsWith("@@ ") && resolve(l.slice(3)));
        child.once("exit", (code) => reject(new Error(`the sandbox process exited (${code}) before it authorized`)));
      });
      expect(line).toMatch(/^AUTHORIZED /);
      const authorized = JSON.parse(line.slice("AUTHORIZED ".length)) as PaymentIntentView;
      await firstRequest;
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
      expect((await owed(url)).map((r) => r.status)).toEqual(["pending"]);

      // The restart, once the dead process's hold has run out.
      answering = true;
      await leaseRunsOut(url);
      const restarted = new SandboxGateway({ db: connection().db, webhookUrl: url, webhookSecret: SECRET, deliveryBackoffMs: 5 });
      await restarted.idle();
      expect((await owed(url)).map((r) => r.status)).toEqual(["delivered"]);
      const sent = requests.map((r) => verified(r.body, r.signature));
      expect(sent.map((e) => e.type)).toEqual(["payment_intent.amount_capturable_updated", "payment_intent.amount_capturable_updated"]);
      expect(new Set(sent.map((e) => e.id)).size).toBe(1);

      expect(await restarted.authorize(input)).toEqual(authorized);
      expect(await restarted.capture(authorized.id)).toMatchObject({ status: "succeeded", amountReceived: "100.00" });
      await restarted.idle();
      expect(requests.map((r) => verified(r.body, r.signature).type).at(-1)).toBe("payment_intent.succeeded");
    } finally {
      child.kill("SIGKILL");
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("answers like a provider that is down, retriable and with nothing done, while its database cannot be reached", async () => {
    const gone = testDb(1);
    await gone.close();
    const gw = new SandboxGateway({ db: gone.db, webhookUrl: endpoint(), webhookSecret: SECRET, deliver: async () => new Response(null, { status: 200 }) });
    for (const call of [gw.authorize(order()), gw.retrieve("pi_sandbox_any"), gw.capture("pi_sandbox_any")]) {
      expect(await gatewayFailure(call)).toMatchObject({ kind: "unavailable", retriable: true });
    }
  });
});

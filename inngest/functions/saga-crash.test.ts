import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fulfillments, orders, outbox, payments, reservations } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { databaseUrl } from "@/server/env";
import { reservationDrift } from "@/server/inventory/reservations";
import { reconcileSagas } from "@/server/orders/reconcile";
import { setFlushNotifier } from "@/server/outbox/flush";
import { authorizeOrderPayment } from "@/server/payments/authorize";
import { captureDuePayments } from "@/server/payments/capture-due";
import { StripeGateway } from "@/server/payments/gateway";
import { StripeStub } from "@/server/payments/gateway/stripe-stub";
import { testBrowser } from "@/server/trpc/testing";

/**
 * Crash tests: the saga runs in a child process (local executor + served functions + the real
 * Stripe client against a stub here) that is killed with SIGKILL at different moments, then
 * restarted. Afterwards, with the backstop crons run once as after any restart, every order
 * must be consistent, no payment captured twice, and no reservation leaked.
 */
const handle = testDb(4);
const db = handle.db;
const stub = new StripeStub();
let gateway: StripeGateway;
let stripeEnv: Record<string, string>;
const address = { name: "Crash Test", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

beforeAll(async () => {
  setFlushNotifier(undefined);
  const port = await stub.start();
  stripeEnv = { STRIPE_SECRET_KEY: "sk_test_crash", STRIPE_API_HOST: "127.0.0.1", STRIPE_API_PORT: String(port), STRIPE_API_PROTOCOL: "http" };
  gateway = new StripeGateway({ secretKey: "sk_test_crash", host: "127.0.0.1", port, protocol: "http", timeoutMs: 3000 });
});
afterAll(async () => {
  setFlushNotifier(null);
  await stub.stop();
  await handle.close();
});

function startSaga(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "saga-crash.fixture.ts")], {
    env: { ...process.env, ...stripeEnv, DATABASE_URL: databaseUrl(), INNGEST_LOCAL_PORT: "18391", LOG_LEVEL: process.env.SAGA_CRASH_LOG ?? "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`saga process exited early (${code})`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (process.env.SAGA_CRASH_LOG) console.warn("[saga]", line.slice(0, 300));
      if (line === "READY") {
        child.removeAllListeners("exit");
        resolve(child);
      }
    });
  });
}

async function kill(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

async function paidOrders(count: number) {
  const product = await createTestProduct(db, { price: "25.00", stock: { EAST: count, CENTRAL: count } });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const guest = testBrowser();
    // Some orders split across two warehouses, so a crash can fall between their fulfillments.
    await guest.caller.cart.add({ sku: product.sku, quantity: i % 3 === 0 ? 2 : 1 });
    const quote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
    const { number } = await guest.caller.checkout.placeOrder({ email: `crash${i}@example.com`, address, shippingMethod: "standard", codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() });
    const [order] = await db.select().from(orders).where(eq(orders.number, number));
    await authorizeOrderPayment(db, gateway, { orderId: order!.id, paymentMethod: "pm_card_visa" });
    ids.push(order!.id);
  }
  return ids;
}

describe("saga crash recovery (real process kills)", () => {
  it("every order ends consistent, no capture twice, no reservation leaked", { timeout: 240_000 }, async () => {
    const orderIds = await paidOrders(12);
    const intents = (await db.select({ intentId: payments.intentId }).from(payments).where(inArray(payments.orderId, orderIds))).map((p) => p.intentId!);

    for (const delayMs of [40, 80, 120, 180, 250, 350, 500, 700]) {
      const saga = await startSaga();
      try {
        await new Promise((r) => setTimeout(r, delayMs));
      } finally {
        await kill(saga);
      }
    }
    const last = await startSaga();
    try {
      // Let the restarted process drain what the crashes left behind.
      await expect
        .poll(async () => (await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, "pending")))[0]!.n, { timeout: 30_000, interval: 250 })
        .toBe(0);
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      await kill(last);
    }

    // After a restart the backstop crons run: reconcile lost saga steps, capture what is due.
    await reconcileSagas(db, gateway, { graceSeconds: 0 });
    await captureDuePayments(db, gateway, "on_confirm", { graceSeconds: 0 });

    const finalOrders = await db.select().from(orders).where(inArray(orders.id, orderIds));
    expect(finalOrders.map((o) => o.status)).toEqual(orderIds.map(() => "confirmed"));
    for (const id of orderIds) {
      const held = await db.select().from(reservations).where(eq(reservations.orderId, id));
      expect(held.every((r) => r.status === "confirmed")).toBe(true);
      const ships = await db.select().from(fulfillments).where(eq(fulfillments.orderId, id));
      expect(ships.map((f) => f.warehouseId).sort()).toEqual([...new Set(held.map((r) => r.warehouseId))].sort());
    }
    for (const intent_id of intents) {
      expect({ intent: intent_id, captures: stub.captures.get(intent_id) ?? 0 }).toEqual({ intent: intent_id, captures: 1 });
      const captureKeys = stub.requests.filter((r) => r.path === `/v1/payment_intents/${intent_id}/capture`).map((r) => r.idempotencyKey);
      expect(new Set(captureKeys)).toEqual(new Set([`capture:${intent_id}`]));
    }
    expect(Array.from(await reservationDrift(db))).toEqual([]);
  });
});

import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { orders, rateLimits as rateLimitsTable } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import { throttledSignIn } from "@/server/auth/throttled-sign-in";
import { env, type Env, type Rate } from "@/server/env";
import { metrics } from "@/server/lib/metrics";
import { setFlushNotifier } from "@/server/outbox/flush";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { CLIENT_ADDRESS_HEADER } from "@/server/lib/client-address";
import { createRateLimits, setRateLimits } from "./instance";
import type { LimiterStore } from "./limiters";

const handle = testDb(4);
beforeAll(() => setFlushNotifier(undefined));
afterEach(() => setRateLimits(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

const plenty: Rate = { points: 1_000_000, durationSeconds: 60 };
function limits(overrides: Partial<Env["rateLimits"]> = {}): Env["rateLimits"] {
  return {
    ...env().rateLimits,
    api: plenty,
    register: plenty,
    orderLookup: plenty,
    placeOrderPerBuyer: plenty,
    placeOrderPerAddress: plenty,
    ...overrides,
  };
}
function install(overrides: Partial<Env["rateLimits"]>, store: LimiterStore = { kind: "memory" }) {
  setRateLimits(createRateLimits(limits(overrides), store));
}

/** The code and message of a failed call, or "ok". */
async function outcome(call: Promise<unknown>): Promise<{ code: string; message?: string }> {
  return call.then(
    () => ({ code: "ok" }),
    (error: unknown) => (error instanceof TRPCError ? { code: error.code, message: error.message } : { code: "other", message: String(error) }),
  );
}

async function limitedCount(limit: string): Promise<number> {
  const metric = await metrics.registry.getSingleMetric("depot_rate_limited_total")?.get();
  return metric?.values.find((v) => v.labels.limit === limit)?.value ?? 0;
}

const address = { name: "Rita Limit", line1: "9 Quota Rd", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

describe("abuse limits per client (GW-P0-02, SE-P2-01)", () => {
  it("puts a ceiling on every procedure per client address: 429 with Retry-After, whatever the browser or procedure, counted in the metrics", async () => {
    install({ api: { points: 5, durationSeconds: 60 } });
    const before = await limitedCount("api");
    const first = testBrowser(null, { address: "203.0.113.10" });
    for (let i = 0; i < 5; i++) expect(await outcome(first.caller.catalog.list({}))).toEqual({ code: "ok" });
    const refused = await outcome(first.caller.catalog.list({ query: "lamp" }));
    expect(refused).toEqual({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/^You are sending requests too quickly\. Please wait \d+ (seconds?|minutes?) and try again\.$/) });
    expect(Number(first.jar.headers["retry-after"])).toBeGreaterThan(0);
    // A fresh cookie jar, another procedure, the same address: still refused.
    const again = testBrowser(null, { address: "203.0.113.10" });
    expect((await outcome(again.caller.catalog.product({ sku: "NO-SUCH" }))).code).toBe("TOO_MANY_REQUESTS");
    expect((await outcome(again.caller.account.me())).code).toBe("TOO_MANY_REQUESTS");
    // One IPv6 subscriber network counts as one client, whichever of its addresses it uses.
    const v6 = [testBrowser(null, { address: "2001:db8:5:6::1" }), testBrowser(null, { address: "2001:db8:5:6:ffff::9" })];
    for (let i = 0; i < 5; i++) await v6[i % 2]!.caller.account.me();
    expect((await outcome(v6[1]!.caller.account.me())).code).toBe("TOO_MANY_REQUESTS");
    // Others are not held back by one client.
    expect(await outcome(testBrowser(null, { address: "203.0.113.11" }).caller.catalog.list({}))).toEqual({ code: "ok" });
    expect(await limitedCount("api")).toBe(before + 4);
  });

  it("limits registrations per address, whatever the emails", async () => {
    install({ register: { points: 3, durationSeconds: 3600 } });
    const from = (a: string) => testBrowser(null, { address: a }).caller;
    for (let i = 0; i < 3; i++) {
      expect(await outcome(from("203.0.113.20").account.register({ name: "Rate Tester", email: `rl-${randomUUID()}@example.com`, password: "long enough password" }))).toEqual({ code: "ok" });
    }
    const fourth = await outcome(from("203.0.113.20").account.register({ name: "Rate Tester", email: `rl-${randomUUID()}@example.com`, password: "long enough password" }));
    expect(fourth).toEqual({ code: "TOO_MANY_REQUESTS", message: expect.stringContaining("Too many accounts were created from your network") });
    expect((await outcome(from("203.0.113.21").account.register({ name: "Rate Tester", email: `rl-${randomUUID()}@example.com`, password: "long enough password" }))).code).toBe("ok");
  });

  it("limits order lookups (sequential numbers) per address, found or not", async () => {
    install({ orderLookup: { points: 4, durationSeconds: 3600 } });
    const guest = testBrowser(null, { address: "203.0.113.30" }).caller;
    for (let n = 0; n < 4; n++) expect((await outcome(guest.orders.lookup({ number: `D9${String(n).padStart(5, "0")}`, email: "nobody@example.com" }))).code).toBe("NOT_FOUND");
    expect((await outcome(guest.orders.lookup({ number: "D900009", email: "nobody@example.com" }))).code).toBe("TOO_MANY_REQUESTS");
  });

  it("limits placing orders per buyer and per address", async () => {
    const product = await createTestProduct(handle.db, { stock: { EAST: 50 } });
    const placeAs = async (browser: ReturnType<typeof testBrowser>) => {
      await browser.caller.cart.add({ sku: product.sku, quantity: 1 });
      const quote = await browser.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
      return outcome(
        browser.caller.checkout.placeOrder({ card: testCard, email: "rl@example.com", address, shippingMethod: "standard", paymentMethod: "cod", codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() }),
      );
    };
    install({ placeOrderPerBuyer: { points: 2, durationSeconds: 600 } });
    const buyer = testBrowser(null, { address: "203.0.113.40" });
    expect([await placeAs(buyer), await placeAs(buyer)].map((o) => o.code)).toEqual(["ok", "ok"]);
    expect(await placeAs(buyer)).toEqual({ code: "TOO_MANY_REQUESTS", message: expect.stringContaining("You have placed many orders in a short time") });

    install({ placeOrderPerAddress: { points: 2, durationSeconds: 3600 } });
    const neighbours = [1, 2, 3].map(() => testBrowser(null, { address: "203.0.113.41" }));
    const results = [];
    for (const n of neighbours) results.push((await placeAs(n)).code);
    expect(results).toEqual(["ok", "ok", "TOO_MANY_REQUESTS"]);
  });

  it("keeps its counters in PostgreSQL, so two app instances share one limit", async () => {
    const second = testDb(2);
    try {
      const prefix = `203.0.${Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 200)}`;
      const instanceA = createRateLimits(limits({ register: { points: 4, durationSeconds: 3600 } }), { kind: "postgres", db: handle.db });
      const instanceB = createRateLimits(limits({ register: { points: 4, durationSeconds: 3600 } }), { kind: "postgres", db: second.db });
      const results: string[] = [];
      for (let i = 0; i < 6; i++) {
        const instance = i % 2 ? instanceB : instanceA;
        results.push(await instance.requests.consume("register", prefix).then(() => "ok", (e: { code?: string }) => e.code ?? "error"));
      }
      expect(results).toEqual(["ok", "ok", "ok", "ok", "RATE_LIMITED", "RATE_LIMITED"]);
      const [row] = await handle.db.select().from(rateLimitsTable).where(eq(rateLimitsTable.key, `rl_register:${prefix}`));
      expect(row?.points).toBeGreaterThanOrEqual(5);
    } finally {
      await second.close();
    }
  });
});

describe("caps on unpaid orders holding stock (WH-P0-02)", () => {
  const placeCardOrder = async (browser: ReturnType<typeof testBrowser>, sku: string) => {
    await browser.caller.cart.add({ sku, quantity: 1 });
    const quote = await browser.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
    return browser.caller.checkout.placeOrder({ card: testCard, email: "unpaid@example.com", address, shippingMethod: "standard", codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() });
  };
  const countOrders = async (sku: string) =>
    (await handle.db.execute<{ n: number }>(sql`select count(distinct order_id)::int as n from order_items where sku = ${sku}`))[0]!.n;

  it("refuses a buyer's order past the cap with nothing written, and takes it again once one is no longer unpaid", async () => {
    const product = await createTestProduct(handle.db, { stock: { EAST: 20 } });
    install({ maxUnpaidOrders: { perBuyer: 2, perAddress: 100 } });
    {
      const buyer = testBrowser();
      const first = await placeCardOrder(buyer, product.sku);
      await placeCardOrder(buyer, product.sku);
      const refused = await outcome(placeCardOrder(buyer, product.sku));
      expect(refused).toEqual({ code: "TOO_MANY_REQUESTS", message: expect.stringContaining("You already have 2 unpaid orders holding stock") });
      expect(Number(buyer.jar.headers["retry-after"])).toBeGreaterThan(60);
      expect(await countOrders(product.sku)).toBe(2);
      await buyer.caller.orders.cancel({ number: first.number });
      expect((await outcome(placeCardOrder(buyer, product.sku))).code).toBe("ok");
    }
  });

  it("holds the per-address cap when many buyers from one address order at the same moment", async () => {
    const product = await createTestProduct(handle.db, { stock: { EAST: 50 } });
    install({ maxUnpaidOrders: { perBuyer: 100, perAddress: 3 } });
    {
      const buyers = Array.from({ length: 10 }, () => testBrowser(null, { address: "192.0.2.77" }));
      for (const b of buyers) await b.caller.cart.add({ sku: product.sku, quantity: 1 });
      const quote = await buyers[0]!.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
      const results = await Promise.all(
        buyers.map((b) =>
          outcome(b.caller.checkout.placeOrder({ card: testCard, email: "crowd@example.com", address, shippingMethod: "standard", codes: [], expectedTotal: quote.total, idempotencyKey: randomUUID() })),
        ),
      );
      expect(results.filter((r) => r.code === "ok")).toHaveLength(3);
      expect(results.filter((r) => r.code === "TOO_MANY_REQUESTS")).toHaveLength(7);
      const placed = await handle.db.select({ placedFrom: orders.placedFrom }).from(orders).where(sql`${orders.id} in (select order_id from order_items where sku = ${product.sku})`);
      expect(placed).toEqual([{ placedFrom: "192.0.2.77" }, { placedFrom: "192.0.2.77" }, { placedFrom: "192.0.2.77" }]);
    }
  });
});

describe("sign-in throttling (GW-P0-02)", () => {
  const signInRequest = (email: string, address: string) =>
    new Request("http://127.0.0.1:3000/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", [CLIENT_ADDRESS_HEADER]: address },
      body: new URLSearchParams({ email, password: "ignored", csrfToken: "x", json: "true" }),
    });
  /** Answers as next-auth's credentials callback does: 200 with the session, 401 for a wrong password. */
  const nextAuthLike = (email: string, password: string) => async () =>
    (await authenticate(handle.db, email, password))
      ? Response.json({ url: "http://127.0.0.1:3000/" }, { status: 200 })
      : Response.json({ url: "http://127.0.0.1:3000/api/auth/error?error=CredentialsSignin" }, { status: 401 });
  const attempt = (email: string, password: string, address: string) => throttledSignIn(signInRequest(email, address), nextAuthLike(email, password));

  it("locks an account after five wrong passwords in a row: the right one is then refused with 429 and a message people understand", async () => {
    install({ signIn: { ...env().rateLimits.signIn, maxFailures: 5, lockoutSeconds: 60 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt("alice@example.com", `wrong-${i}`, "203.0.113.50")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const locked = await attempt("ALICE@example.com", "depot-demo", "203.0.113.51");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(50);
    const body = (await locked.json()) as { url: string; error: string };
    expect(body.error).toBe("Too many wrong passwords for this account. For its safety, sign-in is paused. Please wait 1 minute and try again.");
    expect(new URL(body.url).searchParams.get("error")).toBe(body.error);
  });

  it("doubles the lockout with each further wrong password, and a right password clears the count", async () => {
    install({ signIn: { ...env().rateLimits.signIn, maxFailures: 2, lockoutSeconds: 1, maxLockoutSeconds: 60 } });
    const email = "bob@example.com";
    await attempt(email, "wrong", "203.0.113.60");
    await attempt(email, "wrong", "203.0.113.60");
    expect(Number((await attempt(email, "depot-demo", "203.0.113.60")).headers.get("retry-after"))).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await attempt(email, "wrong", "203.0.113.60")).status).toBe(401);
    expect(Number((await attempt(email, "depot-demo", "203.0.113.60")).headers.get("retry-after"))).toBe(2);
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await attempt(email, "depot-demo", "203.0.113.60")).status).toBe(200);
    // Counting starts again: one wrong password is not a lockout.
    expect((await attempt(email, "wrong", "203.0.113.60")).status).toBe(401);
    expect((await attempt(email, "depot-demo", "203.0.113.60")).status).toBe(200);
  });

  it("stops an address that fails across many accounts (credential stuffing), not the others", async () => {
    install({ signIn: { ...env().rateLimits.signIn, failuresPerAddress: { points: 3, durationSeconds: 3600 } } });
    for (const n of [1, 2, 3]) expect((await attempt(`nobody-${n}@example.com`, "guess", "203.0.113.70")).status).toBe(401);
    const stopped = await attempt("alice@example.com", "depot-demo", "203.0.113.70");
    expect(stopped.status).toBe(429);
    expect(((await stopped.json()) as { error: string }).error).toContain("Too many failed sign-ins from your network");
    expect((await attempt("alice@example.com", "depot-demo", "203.0.113.71")).status).toBe(200);
  });
});

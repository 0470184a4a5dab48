import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { carts } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { setFlushNotifier } from "@/server/outbox/flush";
import { newCustomerSession } from "@/server/trpc/test-sessions";
import { testBrowser, testCard } from "@/server/trpc/testing";
import { deleteAbandonedCarts } from "./cleanup";
import { hashGuestToken } from "./owner";

const handle = testDb(4);
const db = handle.db;
const address = { name: "Ann Lee", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const };

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

describe("guest carts", () => {
  it("keeps an unguessable token in the cookie and only its hash in the database", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 5 } });
    const guest = testBrowser();
    await guest.caller.cart.add({ sku: p.sku, quantity: 2 });
    expect(guest.jar.guestToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(carts).where(eq(carts.guestTokenHash, hashGuestToken(guest.jar.guestToken!)));
    expect(row).toBeDefined();
    const stored = await db.execute(sql`select 1 from carts where guest_token_hash = ${guest.jar.guestToken}`);
    expect(Array.from(stored)).toHaveLength(0);
    expect(await guest.caller.cart.get()).toMatchObject({ itemCount: 2, lines: [{ sku: p.sku, quantity: 2, unitPrice: "10.0000", lineTotal: "20.0000" }] });
  });

  it("merges into the customer's cart on sign-in and forgets the guest cookie", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 50 } });
    const q = await createTestProduct(db, { stock: { EAST: 50 } });
    // Customers of the test's own: what their carts are left holding is nobody else's business.
    const bob = await newCustomerSession(db, "Bob");
    const signedIn = testBrowser(bob);
    await signedIn.caller.cart.add({ sku: p.sku, quantity: 1 });

    const guest = testBrowser();
    await guest.caller.cart.add({ sku: p.sku, quantity: 2 });
    await guest.caller.cart.add({ sku: q.sku, quantity: 1 });
    // The same browser signs in: its cookie comes along with the new session.
    const afterSignIn = testBrowser(bob);
    afterSignIn.jar.guestToken = guest.jar.guestToken;
    const merged = await afterSignIn.caller.cart.get();
    const mine = merged.lines.filter((l) => l.sku === p.sku || l.sku === q.sku).map((l) => [l.sku, l.quantity]);
    expect(mine.sort()).toEqual([[p.sku, 3], [q.sku, 1]].sort());
    expect(afterSignIn.jar.guestToken).toBeNull();
    expect((await guest.caller.cart.get()).lines).toEqual([]);
  });
});

describe("cart edits", () => {
  it("never loses an update from two tabs: a stale absolute edit is refused (NEW-03)", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 50 } });
    const tab1 = testBrowser();
    const first = await tab1.caller.cart.add({ sku: p.sku, quantity: 1 });
    const tab2 = testBrowser();
    tab2.jar.guestToken = tab1.jar.guestToken;
    const seenByBoth = first.version;

    await tab1.caller.cart.setQuantity({ productId: first.lines[0]!.productId, quantity: 4, expectedVersion: seenByBoth });
    const stale = await tab2.caller.cart
      .setQuantity({ productId: first.lines[0]!.productId, quantity: 2, expectedVersion: seenByBoth })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(TRPCError);
    expect(stale).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("changed in another tab") });
    expect((await tab2.caller.cart.get()).lines[0]!.quantity).toBe(4);
  });

  it("counts concurrent adds from two tabs, both of them", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 50 } });
    const tab1 = testBrowser();
    await tab1.caller.cart.add({ sku: p.sku, quantity: 1 });
    const tab2 = testBrowser();
    tab2.jar.guestToken = tab1.jar.guestToken;
    await Promise.all([tab1.caller.cart.add({ sku: p.sku, quantity: 2 }), tab2.caller.cart.add({ sku: p.sku, quantity: 3 })]);
    expect((await tab1.caller.cart.get()).lines[0]!.quantity).toBe(6);
  });

  it("explains quantity limits and stock in words", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 3 }, name: "Tiny Teapot" });
    const guest = testBrowser();
    await expect(guest.caller.cart.add({ sku: p.sku, quantity: 4 })).rejects.toMatchObject({ message: "Only 3 of Tiny Teapot left in stock." });
    const big = await createTestProduct(db, { stock: { EAST: 500 }, name: "Bulk Bag" });
    await expect(guest.caller.cart.add({ sku: big.sku, quantity: 21 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await guest.caller.cart.add({ sku: big.sku, quantity: 20 });
    await expect(guest.caller.cart.add({ sku: big.sku, quantity: 1 })).rejects.toMatchObject({ message: "You can buy at most 20 of Bulk Bag in one order." });
    await expect(guest.caller.cart.add({ sku: "NOPE-NOPE", quantity: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("deletes carts abandoned for 30 days and keeps recent ones (OR-P1-01)", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 5 } });
    const old = testBrowser();
    await old.caller.cart.add({ sku: p.sku, quantity: 1 });
    const recent = testBrowser();
    await recent.caller.cart.add({ sku: p.sku, quantity: 1 });
    await db.update(carts).set({ updatedAt: sql`now() - interval '31 days'` }).where(eq(carts.guestTokenHash, hashGuestToken(old.jar.guestToken!)));
    expect(await deleteAbandonedCarts(db, 30)).toBeGreaterThanOrEqual(1);
    expect((await old.caller.cart.get()).lines).toEqual([]);
    expect((await recent.caller.cart.get()).lines).toHaveLength(1);
  });
});

describe("ownership: nobody reads or changes another's cart or order (OR-P0-02)", () => {
  it("gives each customer and each guest only their own cart, whatever they send", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 50 } });
    const alice = testBrowser(await newCustomerSession(db, "Alice"));
    const bob = testBrowser(await newCustomerSession(db, "Bob"));
    const guest = testBrowser();
    const aliceCart = await alice.caller.cart.add({ sku: p.sku, quantity: 2 });
    const productId = aliceCart.lines.find((l) => l.sku === p.sku)!.productId;

    // Bob and a guest see no trace of Alice's line, and edits by product id touch only their own cart.
    expect((await bob.caller.cart.get()).lines.find((l) => l.sku === p.sku)).toBeUndefined();
    await bob.caller.cart.setQuantity({ productId, quantity: 0, expectedVersion: (await bob.caller.cart.get()).version }).catch(() => undefined);
    await guest.caller.cart.setQuantity({ productId, quantity: 0, expectedVersion: aliceCart.version }).catch(() => undefined);
    expect((await alice.caller.cart.get()).lines.find((l) => l.sku === p.sku)?.quantity).toBe(2);
    // A forged cookie opens nothing.
    const forger = testBrowser();
    forger.jar.guestToken = "A".repeat(43);
    expect((await forger.caller.cart.get()).lines).toEqual([]);
  });

  it("lets only the buyer see an order: customer by account, guest by this browser or number + email", async () => {
    const p = await createTestProduct(db, { stock: { EAST: 50 } });
    const aliceUser = await newCustomerSession(db, "Alice");
    const alice = testBrowser(aliceUser);
    await alice.caller.cart.add({ sku: p.sku, quantity: 1 });
    const aliceQuote = await alice.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
    const aliceOrder = await alice.caller.checkout.placeOrder({
      card: testCard,
      email: "ignored@example.com",
      address,
      shippingMethod: "standard",
      codes: [],
      expectedTotal: aliceQuote.total,
      idempotencyKey: randomUUID(),
    });

    const guest = testBrowser();
    await guest.caller.cart.add({ sku: p.sku, quantity: 1 });
    const guestQuote = await guest.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
    const guestOrder = await guest.caller.checkout.placeOrder({
      card: testCard,
      email: "gina@example.com",
      address,
      shippingMethod: "standard",
      codes: [],
      expectedTotal: guestQuote.total,
      idempotencyKey: randomUUID(),
    });

    expect(await alice.caller.orders.get({ number: aliceOrder.number })).toMatchObject({ email: aliceUser.email });
    expect((await alice.caller.orders.mine()).map((o) => o.number)).toContain(aliceOrder.number);
    expect(await guest.caller.orders.get({ number: guestOrder.number })).toMatchObject({ email: "gina@example.com" });

    const bob = testBrowser(await newCustomerSession(db, "Bob"));
    const stranger = testBrowser();
    const notFound = { code: "NOT_FOUND", message: "We couldn't find that order." };
    await expect(bob.caller.orders.get({ number: aliceOrder.number })).rejects.toMatchObject(notFound);
    await expect(bob.caller.orders.get({ number: guestOrder.number })).rejects.toMatchObject(notFound);
    await expect(guest.caller.orders.get({ number: aliceOrder.number })).rejects.toMatchObject(notFound);
    await expect(stranger.caller.orders.get({ number: guestOrder.number })).rejects.toMatchObject(notFound);
    expect((await bob.caller.orders.mine()).map((o) => o.number)).not.toContain(aliceOrder.number);
    await expect(stranger.caller.orders.lookup({ number: guestOrder.number, email: "someone@example.com" })).rejects.toMatchObject(notFound);
    expect(await stranger.caller.orders.lookup({ number: guestOrder.number, email: "GINA@example.com" })).toMatchObject({ number: guestOrder.number });
  });
});

import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, reviews } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import { DomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { deliveredOrder } from "@/server/returns/testing";
import { newCustomerSession } from "@/server/trpc/test-sessions";
import { testBrowser, testCard } from "@/server/trpc/testing";
import type { SessionUser } from "@/server/vocabulary/session-user";

const handle = testDb(8);
const db = handle.db;
let ops: SessionUser;

beforeAll(async () => {
  setFlushNotifier(undefined);
  ops = (await authenticate(db, "ops@depot.test", "depot-demo")) ?? (await Promise.reject(new Error("seeded ops missing")));
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/** The domain error (code and reason) a call is refused with. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  const domain = error instanceof TRPCError ? error.cause : error;
  expect(domain).toBeInstanceOf(DomainError);
  const d = domain as DomainError;
  return { code: d.code, reason: d.details?.reason };
}

const review = (productId: string, rating = 5) => ({ productId, rating, title: "Sturdy and even heat", body: "Cooks evenly, cleans up fine after a year of use." });

/** Every pending review, page by page (other files add pending reviews to the same queue). */
async function pendingQueue() {
  const caller = testBrowser(ops).caller;
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await caller.reviews.queue({ status: "pending", cursor, limit: 100 });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** A customer of the test's own with one delivered order of one product of its own. */
async function verifiedBuyer(name: string, price = "20.00") {
  const buyer = await newCustomerSession(db, name);
  const { products } = await deliveredOrder(db, { lines: [{ price, quantity: 1 }], buyer });
  return { buyer, product: products[0]!, caller: testBrowser(buyer).caller };
}

describe("review eligibility: only a verified purchase, once per product (issue 14, RV-P1-02, RV-P1-01)", () => {
  it("RV-P1-02: a customer without a delivered order line of the product is refused, and nothing is written", async () => {
    const stranger = await newCustomerSession(db, "Stranger Danger");
    const product = await createTestProduct(db, { stock: { EAST: 5 }, price: "12.00" });
    const caller = testBrowser(stranger).caller;
    expect(await caller.reviews.eligibility({ productId: product.id })).toEqual({ eligible: false, reason: "not_purchased" });
    expect(await refusal(caller.reviews.submit(review(product.id)))).toEqual({ code: "PRECONDITION_FAILED", reason: "review_needs_delivered_purchase" });
    expect(await db.select().from(reviews).where(eq(reviews.productId, product.id))).toHaveLength(0);
  });

  it("RV-P1-02: an order of the product placed but not yet delivered does not count", async () => {
    const buyer = await newCustomerSession(db, "Eager Buyer");
    const product = await createTestProduct(db, { stock: { EAST: 5 }, price: "12.00" });
    const browser = testBrowser(buyer);
    await browser.caller.cart.add({ sku: product.sku, quantity: 1 });
    const quote = await browser.caller.checkout.quote({ shippingMethod: "standard", region: "NJ", codes: [] });
    await browser.caller.checkout.placeOrder({
      card: testCard,
      email: buyer.email,
      address: { name: "Eager Buyer", line1: "1 Broad St", city: "Newark", region: "NJ", postalCode: "07102", country: "US" },
      shippingMethod: "standard",
      paymentMethod: "cod",
      codes: [],
      expectedTotal: quote.total,
      idempotencyKey: randomUUID(),
    });
    expect(await refusal(browser.caller.reviews.submit(review(product.id)))).toEqual({ code: "PRECONDITION_FAILED", reason: "review_needs_delivered_purchase" });
  });

  it("RV-P1-02: a delivered buyer's review is accepted, pending, and verified by the delivered line; RV-P1-01: a second review of the product is refused", async () => {
    const { buyer, product, caller } = await verifiedBuyer("Verified Vera");
    expect(await caller.reviews.eligibility({ productId: product.id })).toMatchObject({ eligible: true });
    const created = await caller.reviews.submit(review(product.id, 4));
    expect(created.status).toBe("pending");
    const [row] = await db.select().from(reviews).where(eq(reviews.id, created.id));
    expect(row).toMatchObject({ customerId: buyer.id, productId: product.id, rating: 4, status: "pending" });

    expect(await refusal(caller.reviews.submit(review(product.id, 1)))).toEqual({ code: "CONFLICT", reason: "already_reviewed" });
    expect(await caller.reviews.eligibility({ productId: product.id })).toEqual({ eligible: false, reason: "already_reviewed" });
    expect(await db.select().from(reviews).where(and(eq(reviews.customerId, buyer.id), eq(reviews.productId, product.id)))).toHaveLength(1);
    // Not shown before moderation.
    expect(await testBrowser().caller.reviews.forProduct({ productId: product.id })).toEqual({ count: 0, averageRating: null, reviews: [], nextCursor: null });
  });

  it("RV-P1-01: two submits of the same buyer at once leave one review; the other is refused as already reviewed", async () => {
    const { buyer, product, caller } = await verifiedBuyer("Double Dora");
    const results = await Promise.allSettled([caller.reviews.submit(review(product.id, 5)), testBrowser(buyer).caller.reviews.submit(review(product.id, 2))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected");
    expect(await refusal(Promise.reject(failed!.reason))).toEqual({ code: "CONFLICT", reason: "already_reviewed" });
    expect(await db.select().from(reviews).where(eq(reviews.productId, product.id))).toHaveLength(1);
  });

  it("the table itself refuses a rating outside 1–5 and a second review of the same product by the same customer", async () => {
    const { buyer, product, caller } = await verifiedBuyer("Schema Sam");
    const { id } = await caller.reviews.submit(review(product.id, 3));
    const [row] = await db.select().from(reviews).where(eq(reviews.id, id));
    const copy = { productId: row!.productId, customerId: buyer.id, orderItemId: row!.orderItemId, title: "t", body: "b" };
    await expect(db.update(reviews).set({ rating: 0 }).where(eq(reviews.id, id))).rejects.toMatchObject({ cause: { constraint_name: "reviews_rating_range" } });
    await expect(db.insert(reviews).values({ ...copy, rating: 4 })).rejects.toMatchObject({ cause: { constraint_name: "reviews_customer_product_uq" } });
  });

  it("refuses a rating outside 1–5 and a control character in the text, with a typed error", async () => {
    const { product, caller } = await verifiedBuyer("Careful Carl");
    await expect(caller.reviews.submit({ ...review(product.id), rating: 6 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.reviews.submit({ ...review(product.id), title: "Great\u001b[31m pan" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.select().from(reviews).where(eq(reviews.productId, product.id))).toHaveLength(0);
  });
});

describe("review moderation: approve publishes, reject hides, a decision is final and audited (issue 14, RV-P1-01)", () => {
  it("RV-P1-01: an approved review shows on the product with its average and count and the verified-purchase mark; the approval is audited", async () => {
    const first = await verifiedBuyer("Ann Approved");
    const { id } = await first.caller.reviews.submit(review(first.product.id, 5));
    const moderator = testBrowser(ops).caller;
    const queued = (await pendingQueue()).find((r) => r.id === id);
    expect(queued).toMatchObject({ sku: first.product.sku, version: 1 });

    const approved = await moderator.reviews.approve({ reviewId: id, expectedVersion: queued!.version });
    expect(approved).toMatchObject({ status: "approved", version: 2 });
    const shown = await testBrowser().caller.reviews.forProduct({ productId: first.product.id });
    expect(shown).toMatchObject({ count: 1, averageRating: 5 });
    expect(shown.reviews[0]).toMatchObject({ id, author: "Ann", verifiedPurchase: true, rating: 5 });

    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, "review.approve")));
    expect(audit).toMatchObject({ actorId: ops.id, targetType: "review", targetLabel: `review of ${first.product.sku}` });
    expect((await pendingQueue()).some((r) => r.id === id)).toBe(false);
  });

  it("RV-P1-01: a rejected review stays hidden with its reason and is audited; a second decision is refused", async () => {
    const { product, caller } = await verifiedBuyer("Rex Rejected");
    const { id } = await caller.reviews.submit(review(product.id, 1));
    const moderator = testBrowser(ops).caller;
    await moderator.reviews.reject({ reviewId: id, expectedVersion: 1, reason: "Mentions another shop's prices" });
    expect(await testBrowser().caller.reviews.forProduct({ productId: product.id })).toEqual({ count: 0, averageRating: null, reviews: [], nextCursor: null });
    const [row] = await db.select().from(reviews).where(eq(reviews.id, id));
    expect(row).toMatchObject({ status: "rejected", rejectionReason: "Mentions another shop's prices", moderatorId: ops.id });

    // Deciding again — even with the version now current — changes nothing and writes no second audit row.
    expect(await refusal(moderator.reviews.approve({ reviewId: id, expectedVersion: 2 }))).toEqual({ code: "CONFLICT", reason: "review_already_decided" });
    expect(await refusal(moderator.reviews.reject({ reviewId: id, expectedVersion: 1, reason: "again" }))).toEqual({ code: "CONFLICT", reason: "review_already_decided" });
    expect((await db.select().from(reviews).where(eq(reviews.id, id)))[0]!.status).toBe("rejected");
    expect(await db.select().from(auditLog).where(eq(auditLog.targetId, id))).toHaveLength(1);
  });

  it("RV-P1-01: two moderators deciding the same pending review at once: exactly one decision wins", async () => {
    const { product, caller } = await verifiedBuyer("Connie Current");
    const { id } = await caller.reviews.submit(review(product.id, 3));
    const moderator = testBrowser(ops).caller;
    const results = await Promise.allSettled([
      moderator.reviews.approve({ reviewId: id, expectedVersion: 1 }),
      moderator.reviews.reject({ reviewId: id, expectedVersion: 1, reason: "Off topic" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.select().from(auditLog).where(eq(auditLog.targetId, id))).toHaveLength(1);
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderItems, reviews } from "@/db/schema";
import { createTestProduct, testDb } from "@/db/testing";
import { setFlushNotifier } from "@/server/outbox/flush";
import { deliveredOrder } from "@/server/returns/testing";
import { demoSession, newCustomerSession } from "@/server/trpc/test-sessions";
import { refusal, testBrowser } from "@/server/trpc/testing";
import type { ReviewStatus } from "@/server/vocabulary/reviews";
import type { SessionUser } from "@/server/vocabulary/session-user";

const handle = testDb(4);
const db = handle.db;
let ops: SessionUser;
/** A delivered order line the seeded reviews point at (the paging does not look at which line verifies a review). */
let orderItemId: string;

beforeAll(async () => {
  setFlushNotifier(undefined);
  ops = await demoSession(db, "ops");
  const { order } = await deliveredOrder(db, { lines: [{ price: "9.00", quantity: 1 }], buyer: await newCustomerSession(db, "Line Owner") });
  orderItemId = (await db.select({ id: orderItems.id }).from(orderItems).where(eq(orderItems.orderId, order.id)))[0]!.id;
});
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

type Seed = { status: ReviewStatus; rating: number; createdAt: string };

/**
 * Reviews of a product of the test's own, each by a customer of its own, at the given instants
 * (equal instants on purpose: paging must neither skip nor repeat reviews written together).
 */
async function seedReviews(seeds: Seed[]) {
  const product = await createTestProduct(db, { stock: { EAST: 1 } });
  const rows = [];
  for (const [i, seed] of seeds.entries()) {
    const author = await newCustomerSession(db, `Reviewer${i} Paging`);
    const [row] = await db
      .insert(reviews)
      .values({ productId: product.id, customerId: author.id, orderItemId, rating: seed.rating, title: `Review ${i}`, body: "Long enough to be a review.", status: seed.status, createdAt: new Date(seed.createdAt) })
      .returning();
    rows.push(row!);
  }
  return { product, rows };
}

/** Instants with ties: three reviews share each microsecond, and neighbouring microseconds share a millisecond. */
const instant = (i: number) => `2026-03-01T10:00:00.${String(100 + Math.floor(i / 3)).padStart(6, "0")}Z`;
const newestFirst = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1);

/** Every page of a product's reviews, following nextCursor to the end. */
async function allPages(productId: string, limit: number) {
  const caller = testBrowser().caller;
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await caller.reviews.forProduct({ productId, cursor, limit });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 50);
  return pages;
}

describe("product page review paging (issue 14, RV-P1-01, RV-P1-02)", () => {
  it("RV-P1-01: pages return every approved review exactly once, newest first with ties broken by id; pending and rejected never show; the average and count are over all approved", async () => {
    const seeds: Seed[] = Array.from({ length: 26 }, (_, i) => ({
      status: i % 5 === 3 ? "pending" : i % 5 === 4 ? "rejected" : "approved",
      rating: (i % 5) + 1,
      createdAt: instant(i),
    }));
    const { product, rows } = await seedReviews(seeds);
    const approved = rows.filter((r) => r.status === "approved").sort(newestFirst);
    expect(approved.length).toBeGreaterThan(10);

    const pages = await allPages(product.id, 4);
    expect(pages).toHaveLength(Math.ceil(approved.length / 4));
    const shown = pages.flatMap((p) => p.reviews);
    expect(shown.map((r) => r.id)).toEqual(approved.map((r) => r.id));
    expect(pages.slice(0, -1).every((p) => p.reviews.length === 4)).toBe(true);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(shown.every((r) => r.verifiedPurchase)).toBe(true);

    const average = Math.round((approved.reduce((sum, r) => sum + r.rating, 0) / approved.length) * 10) / 10;
    for (const page of pages) expect(page).toMatchObject({ count: approved.length, averageRating: average });
  });

  it("RV-P1-01: the first page holds ten reviews by default and says where the next one starts", async () => {
    const { product } = await seedReviews(Array.from({ length: 12 }, (_, i) => ({ status: "approved", rating: 4, createdAt: instant(i) })));
    const first = await testBrowser().caller.reviews.forProduct({ productId: product.id });
    expect(first.reviews).toHaveLength(10);
    expect(first).toMatchObject({ count: 12, averageRating: 4 });
    // A refetch of the infinite query asks for the first page with a null cursor.
    expect(await testBrowser().caller.reviews.forProduct({ productId: product.id, cursor: null })).toEqual(first);
    const second = await testBrowser().caller.reviews.forProduct({ productId: product.id, cursor: first.nextCursor! });
    expect(second.reviews).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses a page size outside 1–50 and a tampered page link with a typed error", async () => {
    const caller = testBrowser().caller;
    const productId = (await createTestProduct(db, { stock: { EAST: 1 } })).id;
    const link = (text: string) => Buffer.from(text, "utf8").toString("base64url");
    expect((await refusal(caller.reviews.forProduct({ productId, limit: 0 }))).code).toBe("BAD_REQUEST");
    expect((await refusal(caller.reviews.forProduct({ productId, limit: 51 }))).code).toBe("BAD_REQUEST");
    expect(await refusal(caller.reviews.forProduct({ productId, cursor: link("2026-13-45T10:00:00.000000Z|00000000-0000-4000-8000-000000000000") }))).toEqual({
      code: "BAD_REQUEST",
      messages: ["That page link is no longer valid. Start from the first page."],
    });
    expect((await refusal(caller.reviews.forProduct({ productId, cursor: link("2026-01-01T10:00:00.000000Z|not-a-uuid") }))).code).toBe("BAD_REQUEST");
    expect((await refusal(caller.reviews.forProduct({ productId, cursor: "x".repeat(201) }))).code).toBe("BAD_REQUEST");
    expect((await refusal(testBrowser(ops).caller.reviews.queue({ limit: 101 }))).code).toBe("BAD_REQUEST");
    expect((await refusal(testBrowser(ops).caller.reviews.queue({ cursor: link("0000-01-01T10:00:00.000000Z|00000000-0000-4000-8000-000000000000") }))).code).toBe("BAD_REQUEST");
  });
});

describe("moderation queue paging (issue 14, RV-P1-01)", () => {
  it("RV-P1-01: the queue pages through every review of a status exactly once, oldest first with ties broken by id", async () => {
    const { product, rows } = await seedReviews(Array.from({ length: 9 }, (_, i) => ({ status: i === 4 ? "approved" : "pending", rating: 3, createdAt: instant(i) })));
    const caller = testBrowser(ops).caller;
    const seen = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await caller.reviews.queue({ status: "pending", cursor, limit: 3 });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 1000);
    const mine = seen.filter((r) => r.sku === product.sku).map((r) => r.id);
    const expected = rows
      .filter((r) => r.status === "pending")
      .sort((a, b) => -newestFirst(a, b))
      .map((r) => r.id);
    expect(mine).toEqual(expected);
    expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
  });
});

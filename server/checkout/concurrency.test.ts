import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { orderItems, promotionRedemptions, promotions } from "@/db/schema";
import { createTestProduct, stockInvariants, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { addToCart, viewCart } from "@/server/cart/cart";
import type { CartOwner } from "@/server/cart/owner";
import { env } from "@/server/env";
import { isDomainError } from "@/server/lib/errors";
import { setFlushNotifier } from "@/server/outbox/flush";
import { reservationDrift } from "@/server/inventory/reservations";
import { placeOrder } from "./place-order";
import { priceCart } from "./quote";
import { expectStockConsistent as expectProductStockConsistent } from "@/server/inventory/testing";

/**
 * Concurrency on real connections: every client has its own connection from one of many
 * pools, so the database sees the races exactly as production would.
 */
const handle = testDb(4);
const db = handle.db;
const address = { name: "Race Runner", line1: "9 Track Rd", line2: undefined, city: "Newark", region: "NJ", postalCode: "07102", country: "US" as const, phone: undefined };
let pools: DbHandle[] = [];

beforeAll(() => {
  setFlushNotifier(undefined);
  pools = Array.from({ length: 20 }, () => createDb(env().databaseUrl!, { max: 10 }));
});
afterAll(async () => {
  setFlushNotifier(null);
  await Promise.all(pools.map((p) => p.close()));
  await handle.close();
});

type Outcome = "ordered" | string;

/** One shopper: put one unit in a fresh cart, price it, place the order. */
async function buyOne(pool: DbHandle, sku: string, codes: string[] = []): Promise<Outcome> {
  const owner: CartOwner = { kind: "guest", tokenHash: randomBytes(32).toString("hex") };
  try {
    await transaction((tx) => addToCart(tx, owner, { sku, quantity: 1 }), pool.db);
    const priced = await priceCart(pool.db, await viewCart(pool.db, owner), { codes, shippingMethod: "standard", region: "NJ" });
    await placeOrder(
      pool.db,
      { owner, customerId: null, actor: "guest", address: null },
      { email: "race@example.com", address, shippingMethod: "standard", paymentMethod: "card", codes, expectedTotal: priced.quote.total, idempotencyKey: randomUUID() },
      { ttlMinutes: 30, maxUnpaidOrders: { perBuyer: 3, perAddress: 10 } },
    );
    return "ordered";
  } catch (error) {
    if (isDomainError(error)) return String(error.details?.reason ?? error.code);
    throw error;
  }
}

/** Runs `clients` shoppers at once, each making `attempts` tries in a row. */
async function race(clients: number, attempts: number, sku: string, codes: string[] = []) {
  const outcomes = await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const pool = pools[i % pools.length]!;
      const mine: Outcome[] = [];
      for (let a = 0; a < attempts; a++) mine.push(await buyOne(pool, sku, codes));
      return mine;
    }),
  );
  return outcomes.flat();
}

/** Samples the product's stock while a race runs: reserved must never pass on_hand. */
function watchStock(productId: string) {
  const seen = { samples: 0, violations: 0, maxReserved: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const [row] = await db.execute<{ violations: number; reserved: number }>(sql`
        select count(*) filter (where reserved > on_hand or reserved < 0 or on_hand < 0)::int as violations,
               coalesce(sum(reserved), 0)::int as reserved
        from inventory_levels where product_id = ${productId}`);
      seen.samples += 1;
      seen.violations += row!.violations;
      seen.maxReserved = Math.max(seen.maxReserved, row!.reserved);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return seen;
    },
  };
}

async function unitsOrdered(productId: string) {
  const [row] = await db.select({ units: sql<number>`coalesce(sum(${orderItems.quantity}), 0)::int` }).from(orderItems).where(eq(orderItems.productId, productId));
  return row!.units;
}

async function expectStockConsistent(productId: string) {
  await expectProductStockConsistent(db, productId);
  // Scoped to this product: other test files may leave drift on theirs (the ops tests make some on purpose).
  expect(Array.from(await reservationDrift(db)).filter((d) => d.product_id === productId)).toEqual([]);
}

describe("no overselling under concurrency (OR-P0-03, WH-P0-01, WH-P0-03)", () => {
  it("200 clients × 5 attempts on 100 units sell exactly 100", { timeout: 240_000 }, async () => {
    const product = await createTestProduct(db, { stock: { EAST: 40, CENTRAL: 30, WEST: 30 } });
    const watch = watchStock(product.id);
    const outcomes = await race(200, 5, product.sku);
    const seen = await watch.stop();

    expect(outcomes).toHaveLength(1000);
    expect(outcomes.filter((o) => o === "ordered")).toHaveLength(100);
    expect(new Set(outcomes.filter((o) => o !== "ordered"))).toEqual(new Set(["out_of_stock"]));
    expect(await unitsOrdered(product.id)).toBe(100);
    expect(seen.samples).toBeGreaterThan(0);
    expect(seen.violations).toBe(0);
    expect(seen.maxReserved).toBeLessThanOrEqual(100);
    const levels = await stockInvariants(db, product.id);
    expect(levels.reduce((t, l) => t + l.reserved, 0)).toBe(100);
    await expectStockConsistent(product.id);
  });

  it("50 concurrent orders for 10 in stock: exactly 10 orders, nothing left, never negative", { timeout: 120_000 }, async () => {
    const product = await createTestProduct(db, { stock: { EAST: 10 } });
    const watch = watchStock(product.id);
    const outcomes = await race(50, 1, product.sku);
    const seen = await watch.stop();

    expect(outcomes.filter((o) => o === "ordered")).toHaveLength(10);
    expect(await unitsOrdered(product.id)).toBe(10);
    const [level] = await stockInvariants(db, product.id);
    expect(level!.on_hand - level!.reserved).toBe(0);
    expect(seen.violations).toBe(0);
    await expectStockConsistent(product.id);
  });
});

describe("promotion usage under concurrency (PM-P0-01)", () => {
  it("a code with 10 uses left is redeemed exactly 10 times by 100 concurrent checkouts", { timeout: 120_000 }, async () => {
    const product = await createTestProduct(db, { price: "50.00", stock: { EAST: 500 } });
    const code = `RACE${randomBytes(3).toString("hex").toUpperCase()}`;
    const [promo] = await db
      .insert(promotions)
      .values({ code, kind: "fixed", value: "5.00", usageLimit: 25, usedCount: 15, description: "race" })
      .returning();

    const outcomes = await race(100, 1, product.sku, [code]);

    expect(outcomes.filter((o) => o === "ordered")).toHaveLength(10);
    expect(outcomes.filter((o) => o !== "ordered").every((o) => o === "promotion_exhausted")).toBe(true);
    const [after] = await db.select().from(promotions).where(eq(promotions.id, promo!.id));
    expect(after!.usedCount).toBe(25);
    expect(await db.select().from(promotionRedemptions).where(eq(promotionRedemptions.promotionId, promo!.id))).toHaveLength(10);
    // Failed checkouts released their stock: only the 10 orders hold any.
    expect(await unitsOrdered(product.id)).toBe(10);
    await expectStockConsistent(product.id);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { createTestProduct, testDb } from "@/db/testing";
import { transaction } from "@/db/transaction";
import { testBrowser } from "@/server/trpc/testing";
import { changePrice, priceHistory } from "./prices";

const handle = testDb(2);
const db = handle.db;
afterAll(() => handle.close());
const { caller } = testBrowser();

describe("catalog", () => {
  it("searches active products by words in name, SKU or description, a page at a time", async () => {
    const page = await caller.catalog.list({ query: "skillet", page: 1, pageSize: 12 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((p) => /skillet/i.test(`${p.name} ${p.sku} ${p.description}`))).toBe(true);

    const first = await caller.catalog.list({ page: 1, pageSize: 10 });
    const second = await caller.catalog.list({ page: 2, pageSize: 10 });
    expect(first.total).toBeGreaterThanOrEqual(58);
    expect(first.pageCount).toBe(Math.ceil(first.total / 10));
    expect(new Set([...first.items, ...second.items].map((p) => p.sku)).size).toBe(20);
    expect((await caller.catalog.list({ query: "zzzz-no-such-thing" })).items).toEqual([]);
  });

  it("hides inactive products and shows price and availability", async () => {
    await expect(caller.catalog.product({ sku: "APP-SCARF-WOOL-GRY" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const p = await createTestProduct(db, { price: "12.34", stock: { EAST: 3, WEST: 4 } });
    expect(await caller.catalog.product({ sku: p.sku.toLowerCase() })).toMatchObject({ sku: p.sku, price: "12.3400", currency: "USD", available: 7 });
  });
});

describe("price history (PR-P1-01)", () => {
  it("closes the current price and opens a new one; the past is never overwritten", async () => {
    const p = await createTestProduct(db, { price: "10.00", stock: { EAST: 1 } });
    await transaction((tx) => changePrice(tx, { productId: p.id, currency: "USD", amount: "12.50" }), db);
    await transaction((tx) => changePrice(tx, { productId: p.id, currency: "USD", amount: "11.00" }), db);
    const history = await priceHistory(db, p.id, "USD");
    expect(history.map((h) => h.amount)).toEqual(["10.0000", "12.5000", "11.0000"]);
    expect(history.slice(0, 2).every((h) => h.effectiveTo !== null)).toBe(true);
    expect(history[2]!.effectiveTo).toBeNull();
    expect((await caller.catalog.product({ sku: p.sku })).price).toBe("11.0000");
  });

  it("keeps one current price under concurrent changes", async () => {
    const p = await createTestProduct(db, { price: "10.00", stock: { EAST: 1 } });
    await Promise.all(["20.00", "21.00", "22.00", "23.00"].map((a) => transaction((tx) => changePrice(tx, { productId: p.id, currency: "USD", amount: a }), db)));
    const history = await priceHistory(db, p.id, "USD");
    expect(history).toHaveLength(5);
    expect(history.filter((h) => h.effectiveTo === null)).toHaveLength(1);
  });
});

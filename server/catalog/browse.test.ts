import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestProduct, testDb } from "@/db/testing";
import { refusal, testBrowser } from "@/server/trpc/testing";

/** Browsing the catalog (issue 14): typo-tolerant search, a category filter, sorts, in stock only. */

const handle = testDb(2);
afterAll(() => handle.close());
const { caller } = testBrowser();

/** A category of this file's own, so the seeded products and other tests' products stay out. */
const category = `browse-${randomUUID().slice(0, 8)}`;
const names = { lamp: "Amber desk lamp", brush: "Cedar hair brush", zither: "Zither starter kit" };

beforeAll(async () => {
  // Made one after the other, so "newest" is the zither; the brush has no stock.
  await createTestProduct(handle.db, { category, name: names.lamp, price: "40.00", stock: { EAST: 2 } });
  await createTestProduct(handle.db, { category, name: names.brush, price: "9.50", stock: {} });
  await createTestProduct(handle.db, { category, name: names.zither, price: "120.00", stock: { WEST: 1 } });
});

const namesOf = (page: { items: { name: string }[] }) => page.items.map((p) => p.name);

describe("catalog browsing (issue 14)", () => {
  it("finds the skillet when the search misspells it, and still ranks exact words first", async () => {
    const typo = await caller.catalog.list({ query: "skilet" });
    expect(typo.items.map((p) => p.sku)).toContain("KIT-SKILLET-CI-10");
    expect(namesOf(await caller.catalog.list({ query: "zitehr", category }))).toEqual([]);
    expect(namesOf(await caller.catalog.list({ query: "zithr", category }))).toEqual([names.zither]);

    const exact = await caller.catalog.list({ query: "skillet", pageSize: 48 });
    expect(exact.items[0]!.sku).toBe("KIT-SKILLET-CI-10");
  });

  it("ranks a product with the exact word above one with a near spelling, whatever their names' order", async () => {
    const ranking = `ranking-${randomUUID().slice(0, 8)}`; // not a word of the search: the category is in the search text
    await createTestProduct(handle.db, { category: ranking, name: "Antique lanttern", stock: { EAST: 1 } });
    await createTestProduct(handle.db, { category: ranking, name: "Brass lantern", stock: { EAST: 1 } });
    expect(namesOf(await caller.catalog.list({ query: "lantern", category: ranking }))).toEqual(["Brass lantern", "Antique lanttern"]);
  });

  it("filters by category", async () => {
    const page = await caller.catalog.list({ category, pageSize: 48 });
    expect(page.total).toBe(3);
    expect(namesOf(page)).toEqual([names.lamp, names.brush, names.zither]);
    expect(namesOf(await caller.catalog.list({ category: category.toUpperCase() }))).toHaveLength(3);
    expect((await caller.catalog.list({ category: "kitchen", pageSize: 48 })).items.every((p) => p.category === "kitchen")).toBe(true);
  });

  it("sorts by price either way, by newest and by name", async () => {
    expect(namesOf(await caller.catalog.list({ category, sort: "price-asc" }))).toEqual([names.brush, names.lamp, names.zither]);
    expect(namesOf(await caller.catalog.list({ category, sort: "price-desc" }))).toEqual([names.zither, names.lamp, names.brush]);
    expect(namesOf(await caller.catalog.list({ category, sort: "newest" }))).toEqual([names.zither, names.brush, names.lamp]);
    expect(namesOf(await caller.catalog.list({ category, sort: "name" }))).toEqual([names.lamp, names.brush, names.zither]);
  });

  it("shows only products in stock when asked", async () => {
    const page = await caller.catalog.list({ category, inStock: true });
    expect(namesOf(page)).toEqual([names.lamp, names.zither]);
    expect(page.total).toBe(2);
  });

  it("refuses bad filters with a typed error a person can read", async () => {
    expect(await refusal(caller.catalog.list({ sort: "cheapest" as never }))).toEqual({
      code: "BAD_REQUEST",
      messages: ["Sort by one of: relevance, price-asc, price-desc, newest, name"],
    });
    expect(await refusal(caller.catalog.list({ category: "home & garden" }))).toEqual({
      code: "BAD_REQUEST",
      messages: ["A category is a word of up to 40 letters, digits or dashes"],
    });
    expect((await refusal(caller.catalog.list({ inStock: "yes" as never }))).code).toBe("BAD_REQUEST");
  });
});

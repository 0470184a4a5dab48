import { expect, test, type Page } from "@playwright/test";
import { open } from "./helpers";

// Browsing the catalog (issue 14): read-only, over the seeded products.
const SKILLET = "Pre-Seasoned Cast Iron Skillet, 10-inch";
const OUT_OF_STOCK_JEANS = "Slim Selvedge Jeans";

/** The prices of the listed product cards, in the order shown. */
async function listedPrices(page: Page): Promise<number[]> {
  const cards = await page.getByRole("main").getByRole("listitem").allTextContents();
  return cards.map((text) => Number(/\$([\d,]+\.\d{2})/.exec(text)![1]!.replaceAll(",", "")));
}

test("a misspelt search still finds the skillet", async ({ page }) => {
  await open(page, "/products");
  await page.getByLabel("Search products").fill("skilet");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL((url) => url.searchParams.get("q") === "skilet");
  await expect(page.getByRole("listitem").filter({ hasText: SKILLET })).toBeVisible();
});

test("category, sort and in-stock-only filter the list and make a link of it", async ({ page }) => {
  await open(page, "/products?category=apparel");
  await expect(page.getByRole("listitem").filter({ hasText: OUT_OF_STOCK_JEANS })).toBeVisible();

  await page.getByLabel("Sort by").selectOption({ label: "Price: high to low" });
  await page.getByLabel("In stock only").check();
  await expect(page.getByLabel("Category")).toHaveValue("apparel");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL((url) => url.searchParams.get("sort") === "price-desc" && url.searchParams.get("instock") === "1" && url.searchParams.get("category") === "apparel");

  await expect(page.getByRole("listitem").filter({ hasText: OUT_OF_STOCK_JEANS })).toHaveCount(0);
  const prices = await listedPrices(page);
  expect(prices.length).toBeGreaterThan(1);
  expect(prices).toEqual([...prices].sort((a, b) => b - a));

  await page.reload();
  await expect(page.getByLabel("In stock only")).toBeChecked();
  await expect(page.getByLabel("Sort by")).toHaveValue("price-desc");
});

test("a bad filter in a link is named and left out, not an error page", async ({ page }) => {
  await open(page, "/products?sort=cheapest");
  await expect(page.getByRole("alert").filter({ hasText: "Some filters were left out" })).toContainText("Sort by one of");
  await expect(page.getByRole("main").getByRole("listitem").first()).toBeVisible();
});

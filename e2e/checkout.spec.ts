import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { open, signIn } from "./helpers";

// Seeded products with plenty of stock (each test buys one unit) and one with none anywhere.
const SKILLET = "Pre-Seasoned Cast Iron Skillet, 10-inch"; // $39.99
const FRENCH_PRESS = "Borosilicate French Press, 1 L"; // $34.99
const HEADLAMP_SKU = "OUT-HEADLAMP-300";
const OUT_OF_STOCK_SKU = "APP-JEANS-IND-32";

async function search(page: Page, query: string) {
  await page.getByLabel("Search products").fill(query);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL((url) => url.pathname === "/products" && url.searchParams.get("q") === query);
  await page.waitForLoadState("networkidle");
}

async function addToCart(page: Page) {
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Added to your cart")).toBeVisible();
}

/** Empties the cart of this browser (a signed-in customer's cart survives between tests). */
async function emptyCart(page: Page) {
  await open(page, "/cart");
  const remove = page.getByRole("button", { name: /^Remove / });
  await expect(page.getByText("Your cart is empty.").or(remove.first())).toBeVisible();
  while ((await remove.count()) > 0) {
    const before = await remove.count();
    await remove.first().click();
    await expect(remove).toHaveCount(before - 1);
  }
}

async function fillAddress(page: Page, a: { name: string; street: string; city: string; state: string; zip: string }) {
  await page.getByLabel("Full name").fill(a.name);
  await page.getByLabel("Street address").fill(a.street);
  await page.getByLabel("City").fill(a.city);
  await page.getByLabel("State").selectOption(a.state);
  await page.getByLabel("ZIP code").fill(a.zip);
}

async function applyCode(page: Page, code: string) {
  await page.getByLabel("Promotion code").fill(code);
  await page.getByRole("button", { name: "Apply" }).click();
}

/** Places the order paying cash on delivery (the card journeys are in payments.spec.ts). */
async function placeOrder(page: Page): Promise<string> {
  await page.getByLabel("Cash on delivery").check();
  await page.getByRole("button", { name: "Place order" }).click();
  await page.waitForURL(/\/orders\/D\d{6,}$/);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(/^Thank you! Your order D\d{6,} is placed\.$/);
  return /D\d{6,}/.exec((await heading.textContent()) ?? "")![0];
}

test("a guest searches, buys two products with WELCOME10 and looks the order up", async ({ page }) => {
  const email = `guest-${randomUUID().slice(0, 8)}@example.com`;

  await open(page, "/products");
  await expect(page.getByRole("heading", { name: "All products" })).toBeVisible();
  await search(page, "skillet");
  await page.getByRole("link", { name: SKILLET }).click();
  await expect(page.getByRole("heading", { level: 1, name: SKILLET })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await addToCart(page);

  await open(page, "/products");
  await search(page, "french press");
  await page.getByRole("link", { name: FRENCH_PRESS }).click();
  await expect(page.getByRole("heading", { level: 1, name: FRENCH_PRESS })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await addToCart(page);
  await expect(page.getByRole("link", { name: /^Cart/ })).toContainText("2");

  await page.getByRole("link", { name: "View cart" }).click();
  await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Cart items" }).getByRole("listitem")).toHaveCount(2);
  await page.getByRole("link", { name: "Checkout" }).click();
  await page.waitForURL("**/checkout");
  await page.waitForLoadState("networkidle");

  await page.getByLabel("Email").fill(email);
  await fillAddress(page, { name: "Grace Guest", street: "1 Market Street", city: "Newark", state: "NJ", zip: "07102" });
  await applyCode(page, "WELCOME10");
  // 10% of $74.98, rounded to cents.
  const discount = page.getByTestId("discount");
  await expect(discount).toContainText("WELCOME10");
  await expect(discount).toContainText("−$7.50");
  await expect(page.getByRole("list", { name: "Applied codes" })).toContainText("WELCOME10");
  await page.screenshot({ path: "/tmp/checkout.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "/tmp/checkout-mobile.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  const number = await placeOrder(page);
  await expect(page.getByTestId("discount")).toContainText("−$7.50");
  // The cash-on-delivery cron may already have confirmed it; either way it says how it is paid.
  await expect(page.getByText("Pay on delivery")).toBeVisible();
  await expect(page.getByText(SKILLET)).toBeVisible();
  await expect(page.getByText("Newark, NJ 07102")).toBeVisible();
  await page.screenshot({ path: "/tmp/confirmation.png", fullPage: true });
  // The order emptied the cart.
  await expect(page.getByRole("link", { name: /^Cart/ })).toContainText("0");

  await open(page, "/orders/lookup");
  await page.getByLabel("Order number").fill(number);
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByRole("button", { name: "Find order" }).click();
  await expect(page.getByText("We couldn't find that order.")).toBeVisible();

  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByRole("button", { name: "Find order" }).click();
  await expect(page.getByRole("heading", { name: `Order ${number}` })).toBeVisible();
  await expect(page.getByTestId("discount")).toContainText("−$7.50");
  await expect(page.getByText(FRENCH_PRESS)).toBeVisible();
});

test("a product without stock shows Out of stock and cannot be added", async ({ page }) => {
  await open(page, "/products?q=jeans");
  const card = page.getByRole("listitem").filter({ hasText: "Slim Selvedge Jeans" });
  await expect(card).toContainText("Out of stock");

  await open(page, `/products/${OUT_OF_STOCK_SKU}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Slim Selvedge Jeans");
  await expect(page.getByRole("button", { name: "Out of stock" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Add to cart" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Cart/ })).toContainText("0");
});

test("an unknown product SKU shows a not-found page", async ({ page }) => {
  await open(page, "/products/NOT-A-REAL-SKU");
  await expect(page.getByRole("heading", { name: "We couldn't find that product" })).toBeVisible();
});

test("unknown and expired promotion codes are explained and not applied", async ({ page }) => {
  await open(page, `/products/${HEADLAMP_SKU}`);
  await addToCart(page);
  await open(page, "/checkout");

  await applyCode(page, "NOPE123");
  await expect(page.getByText("Code NOPE123 doesn't exist. Check the spelling.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Applied codes" })).toHaveCount(0);

  await applyCode(page, "SUMMER20");
  await expect(page.getByText("Code SUMMER20 has expired.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Applied codes" })).toHaveCount(0);
  await expect(page.getByTestId("discount")).toHaveCount(0);

  // A good code still applies afterwards and clears the message.
  await applyCode(page, "FREESHIP");
  await expect(page.getByRole("list", { name: "Applied codes" })).toContainText("FREESHIP");
  await expect(page.getByText("Code SUMMER20 has expired.")).toHaveCount(0);
});

test("a signed-in customer places an order and finds it under My orders", async ({ page }) => {
  await signIn(page, "alice@example.com");
  await page.waitForURL((url) => url.pathname === "/");
  await emptyCart(page);

  await open(page, `/products/${HEADLAMP_SKU}`);
  await addToCart(page);
  await open(page, "/checkout");
  await expect(page.getByLabel("Email")).toHaveValue("alice@example.com");
  await expect(page.getByLabel("Email")).not.toBeEditable();
  await fillAddress(page, { name: "Alice Carter", street: "200 E Randolph St", city: "Chicago", state: "IL", zip: "60601" });
  await page.getByLabel(/^Express/).check();
  const number = await placeOrder(page);

  await page.getByRole("link", { name: "My orders" }).click();
  await page.waitForURL("**/account/orders");
  const row = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: `Order ${number}` }) });
  await expect(row).toContainText(/Placed|Confirmed/);
  await row.getByText(/^Status history/).click();
  await expect(row.getByText("Order placed")).toBeVisible();
  await row.getByRole("link", { name: `Order ${number}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(number);
});

test("My orders asks visitors to sign in first", async ({ page }) => {
  await page.goto("/account/orders");
  await page.waitForURL(/\/signin\?callbackUrl=%2Faccount%2Forders|\/signin\?callbackUrl=\/account\/orders/);
});

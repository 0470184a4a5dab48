import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { fillSandboxCard, open, signIn } from "./helpers";

// Seeded products, each used by one test only. Newark, NJ ships from EAST.
const SPEAKER_SKU = "ELC-SPEAKER-BT-BLK"; // stocked only in EAST, 134 units
const TREKKING_POLES_SKU = "OUT-TREKPOLE-PR"; // stocked only in EAST, 8 units: the page shows how many can be added
const CANDLE_SKU = "HOM-CANDLE-CEDAR"; // plenty in every warehouse

const NEWARK = { name: "Grace Guest", street: "1 Market Street", city: "Newark", state: "NJ", zip: "07102" };

/** What the product page offers to add: min(available, 20), so the exact count for a product with fewer. */
async function addableUnits(page: Page, sku: string): Promise<number> {
  await open(page, `/products/${sku}`);
  const hint = page.getByText(/^You can add up to \d+\.$/);
  await expect(hint).toBeVisible();
  return Number(/\d+/.exec((await hint.textContent()) ?? "")![0]);
}

async function addToCart(page: Page, sku: string) {
  await open(page, `/products/${sku}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Added to your cart")).toBeVisible();
}

async function fillCheckout(page: Page) {
  await open(page, "/checkout");
  await page.getByLabel("Email").fill(`guest-${randomUUID().slice(0, 8)}@example.com`);
  await page.getByLabel("Full name").fill(NEWARK.name);
  await page.getByLabel("Street address").fill(NEWARK.street);
  await page.getByLabel("City").fill(NEWARK.city);
  await page.getByLabel("State").selectOption(NEWARK.state);
  await page.getByLabel("ZIP code").fill(NEWARK.zip);
}

async function payByCard(page: Page, card: string) {
  await page.getByRole("radio", { name: "Card", exact: true }).check();
  await fillSandboxCard(page, card);
}

/** Places the order and returns its number from the order page it lands on. */
async function placeOrder(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Place order" }).click();
  await page.waitForURL(/\/orders\/D\d{6,}$/);
  const number = /D\d{6,}$/.exec(new URL(page.url()).pathname)![0];
  await expect(page.getByRole("heading", { level: 1 })).toContainText(number);
  return number;
}

test("a guest pays by card: the order is confirmed, the card captured and the warehouse sees it", async ({ page, browser }) => {
  await addToCart(page, SPEAKER_SKU);
  await fillCheckout(page);

  // Card is the default; an empty card number never reaches the server.
  await expect(page.getByRole("radio", { name: "Card", exact: true })).toBeChecked();
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByText("Enter your card number.", { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/checkout$/);

  // Choosing a test card fills the fields.
  const sandbox = page.getByRole("region", { name: "Test cards (payment sandbox)" });
  await sandbox.getByRole("button", { name: /4242 4242 4242 4242/ }).click();
  await expect(page.getByLabel("Card number")).toHaveValue("4242 4242 4242 4242");
  await expect(page.getByLabel("Expiry")).toHaveValue("12 / 34");
  await page.getByText("Test cards (payment sandbox)").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "/tmp/checkout-payment.png", fullPage: true });
  await payByCard(page, "4242 4242 4242 4242");

  const number = await placeOrder(page);
  await expect(page.getByText("Confirmed", { exact: true }).first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Payment captured")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Thank you! Your order ${number} is placed.`);
  await expect(page.getByText(/^Payment failed/)).toHaveCount(0);
  await page.screenshot({ path: "/tmp/order-card.png", fullPage: true });

  // The EAST warehouse manager finds the order's fulfillment in the staffPage.
  const staff = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const staffPage = await staff.newPage();
    await signIn(staffPage, "manager.east@depot.test");
    await staffPage.waitForURL("**/console");
    await staffPage.getByRole("navigation").first().getByRole("link", { name: "Fulfillments", exact: true }).click();
    await staffPage.waitForURL("**/console/fulfillments");
    await expect(staffPage.getByRole("heading", { level: 1, name: "Fulfillments" })).toBeVisible();
    const row = staffPage.getByRole("row").filter({ has: staffPage.getByRole("rowheader", { name: number, exact: true }) });
    await expect(row).toBeVisible();
    await expect(row).toContainText("EAST");
    await staffPage.screenshot({ path: "/tmp/console-fulfillments.png", fullPage: true });
  } finally {
    await staff.close();
  }
});

test("a declined card keeps the order pending and its stock held, until the customer cancels it (issue 12 item 2)", async ({ page }) => {
  const before = await addableUnits(page, TREKKING_POLES_SKU);
  expect(before).toBeGreaterThan(1);
  await addToCart(page, TREKKING_POLES_SKU);
  await fillCheckout(page);
  await payByCard(page, "4000 0000 0000 0002");
  const number = await placeOrder(page);

  const failure = page.getByRole("alert").filter({ hasText: "Payment failed" });
  await expect(failure).toContainText("Payment failed: Your card was declined. Nothing was charged, and your items are still reserved");
  await expect(page.getByRole("button", { name: "Try another card" })).toBeVisible();
  await expect(page.getByText("Cancelled", { exact: true })).toHaveCount(0);
  await expect(page.getByText("Payment captured")).toHaveCount(0);
  await page.screenshot({ path: "/tmp/order-declined.png", fullPage: true });
  expect(await addableUnits(page, TREKKING_POLES_SKU)).toBe(before - 1);

  // Only the customer's cancel (or the reservation's expiry) ends it, and gives the stock back.
  await open(page, `/orders/${number}`);
  await page.getByRole("button", { name: "Cancel order" }).click();
  await page.getByRole("button", { name: "Yes, cancel order" }).click();
  await expect(page.getByText("Cancelled", { exact: true }).first()).toBeVisible({ timeout: 20_000 });
  expect(await addableUnits(page, TREKKING_POLES_SKU)).toBe(before);
});

test("cash on delivery is confirmed without a card", async ({ page }) => {
  test.setTimeout(120_000);
  await addToCart(page, CANDLE_SKU);
  await fillCheckout(page);
  await page.getByRole("radio", { name: "Cash on delivery" }).check();
  await expect(page.getByLabel("Card number")).toHaveCount(0);
  const number = await placeOrder(page);

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Thank you! Your order ${number} is placed.`);
  await expect(page.getByText("Pay on delivery")).toBeVisible();
  // A job confirms cash-on-delivery orders every minute; the page follows on its own.
  await expect(page.getByText("Confirmed", { exact: true }).first()).toBeVisible({ timeout: 75_000 });
  await expect(page.getByText("Pay on delivery")).toBeVisible();
});

test("a customer cancels inside the window: the card is refunded and the stock comes back", async ({ page }) => {
  const before = await addableUnits(page, TREKKING_POLES_SKU);
  await addToCart(page, TREKKING_POLES_SKU);
  await fillCheckout(page);
  await payByCard(page, "4242 4242 4242 4242");
  const number = await placeOrder(page);
  await expect(page.getByText("Payment captured")).toBeVisible({ timeout: 20_000 });
  expect(await addableUnits(page, TREKKING_POLES_SKU)).toBe(before - 1);
  await open(page, `/orders/${number}`);

  await page.getByRole("button", { name: "Cancel order" }).click();
  await page.getByRole("button", { name: "Yes, cancel order" }).click();
  await expect(page.getByText("Cancelled", { exact: true }).first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Payment refunded")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
  expect(await addableUnits(page, TREKKING_POLES_SKU)).toBe(before);
});

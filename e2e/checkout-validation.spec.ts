import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { open, signIn } from "./helpers";

// Issue 12: item 4 (checkout validation in one round, with focus and a summary) and the part of
// item 5 that makes sign-in return where the customer was and prefills a returning customer's address.
const HEADLAMP_SKU = "OUT-HEADLAMP-300"; // plenty of stock; each order here buys one
const MOBILE = { width: 390, height: 844 };

test.use({ viewport: MOBILE, hasTouch: true });

async function addHeadlampToCart(page: Page) {
  await open(page, `/products/${HEADLAMP_SKU}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Added to your cart")).toBeVisible();
}

async function placeCashOnDeliveryOrder(page: Page) {
  await page.getByLabel("Cash on delivery").check();
  await page.getByRole("button", { name: "Place order" }).click();
  await page.waitForURL(/\/orders\/D\d{6,}$/);
}

test("issue 12 item 4 (CS-P1-02, SE-P2-02): one submit of a short form on a phone shows every invalid field, a summary at the top, and focus on the first", async ({ page }) => {
  await addHeadlampToCart(page);
  await open(page, "/checkout");
  let placeOrderCalls = 0;
  page.on("request", (request) => {
    if (request.url().includes("checkout.placeOrder")) placeOrderCalls += 1;
  });

  await page.getByLabel("Full name").fill("B");
  await page.getByLabel("Street address").fill("x");
  await page.getByLabel("City").fill("N");
  await page.getByLabel("ZIP code").fill("123");
  await page.getByLabel("Phone").fill("call me");
  await page.getByRole("button", { name: "Place order" }).click();

  const summary = page.getByRole("alert", { name: "8 details need your attention" });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("link")).toHaveText([
    "Email: Enter your email address",
    "Full name: Enter the recipient's full name (at least 2 letters)",
    "Street address: Enter the house or building number and street (e.g. 12 Main St), or a PO Box",
    "City: Enter the city's full name (at least 2 letters)",
    "State: Choose a US state",
    "ZIP code: Enter a 5-digit ZIP code (or ZIP+4)",
    "Phone: Enter a phone number with digits only",
    "Card: Enter your card number.",
  ]);
  // Every field says what is wrong with it, for screen readers too.
  const fields: [string, RegExp][] = [
    ["Email", /Enter your email address/],
    ["Full name", /at least 2 letters/],
    ["Street address", /house or building number/],
    ["City", /at least 2 letters/],
    ["State", /Choose a US state/],
    ["ZIP code", /5-digit ZIP code/],
    ["Phone", /digits only/],
    ["Card number", /Enter your card number/],
  ];
  for (const [label, description] of fields) {
    const field = page.getByLabel(label, { exact: label !== "Phone" });
    await expect(field, label).toHaveAttribute("aria-invalid", "true");
    await expect(field, label).toHaveAccessibleDescription(description);
  }
  // Focus is on the first invalid field, and the summary sits above it, in view at the top.
  await expect(page.getByLabel("Email")).toBeFocused();
  const summaryBox = (await summary.boundingBox())!;
  const emailBox = (await page.getByLabel("Email").boundingBox())!;
  expect(summaryBox.y).toBeGreaterThanOrEqual(0);
  expect(summaryBox.y).toBeLessThan(emailBox.y);
  expect(emailBox.y + emailBox.height).toBeLessThanOrEqual(MOBILE.height);
  // One round: all of that came from the page, nothing was sent to place the order.
  expect(placeOrderCalls).toBe(0);

  // Each link of the summary takes the customer to its field.
  await summary.getByRole("link", { name: /^Street address:/ }).click();
  await expect(page.getByLabel("Street address")).toBeFocused();
  await summary.getByRole("link", { name: /^ZIP code:/ }).click();
  await expect(page.getByLabel("ZIP code")).toBeFocused();

  // Corrected (a PO Box is a real street line), the second submit places the order.
  await page.getByLabel("Email").fill(`short-${randomUUID().slice(0, 8)}@example.com`);
  await page.getByLabel("Full name").fill("Bo Li");
  await page.getByLabel("Street address").fill("PO Box 12");
  await page.getByLabel("City").fill("Newark");
  await page.getByLabel("State").selectOption("NJ");
  await page.getByLabel("ZIP code").fill("07102");
  await page.getByLabel("Phone").fill("973 555 0100");
  await page.getByLabel("Cash on delivery").check();
  await expect(summary).toHaveCount(0);
  await page.getByRole("button", { name: "Place order" }).click();
  await page.waitForURL(/\/orders\/D\d{6,}$/);
  expect(placeOrderCalls).toBe(1);
});

test("issue 12 item 5: a signed-in customer who has ordered before finds their name and last address filled in", async ({ page }) => {
  const email = `prefill-${randomUUID().slice(0, 8)}@example.com`;
  await open(page, "/register");
  await page.getByLabel("Name").fill("Priya Prefill");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("prefill-password-2026");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  // Before any order: the account's name, nothing else.
  await addHeadlampToCart(page);
  await open(page, "/checkout");
  await expect(page.getByLabel("Full name")).toHaveValue("Priya Prefill");
  await expect(page.getByLabel("Street address")).toHaveValue("");
  await page.getByLabel("Full name").fill("Priya P. Prefill");
  await page.getByLabel("Street address").fill("200 E Randolph St");
  await page.getByLabel("Address line 2").fill("Suite 5");
  await page.getByLabel("City").fill("Chicago");
  await page.getByLabel("State").selectOption("IL");
  await page.getByLabel("ZIP code").fill("60601");
  await page.getByLabel("Phone").fill("312 555 0100");
  await placeCashOnDeliveryOrder(page);

  // The next checkout starts from that order's address.
  await addHeadlampToCart(page);
  await open(page, "/checkout");
  await expect(page.getByText("Filled in from your last order.")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Priya P. Prefill");
  await expect(page.getByLabel("Street address")).toHaveValue("200 E Randolph St");
  await expect(page.getByLabel("Address line 2")).toHaveValue("Suite 5");
  await expect(page.getByLabel("City")).toHaveValue("Chicago");
  await expect(page.getByLabel("State")).toHaveValue("IL");
  await expect(page.getByLabel("ZIP code")).toHaveValue("60601");
  await expect(page.getByLabel("Phone")).toHaveValue("312 555 0100");
  await placeCashOnDeliveryOrder(page);
});

test("issue 12 item 5: signing in from a product page returns to that product page", async ({ page }) => {
  await open(page, `/products/${HEADLAMP_SKU}`);
  await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
  await page.waitForURL(/\/signin\?callbackUrl=/);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill("depot-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === `/products/${HEADLAMP_SKU}`);
  await expect(page.getByRole("banner").getByText("Alice")).toBeVisible();
});

test("issue 12 item 5: a callback URL that would leave Depot is never followed after sign-in", async ({ page, baseURL }) => {
  // "/\t/evil.example": a browser drops the tab and reads //evil.example, another site.
  for (const evil of ["/\t/evil.example", "//evil.example", "https://evil.example", "/\\evil.example"]) {
    await page.context().clearCookies();
    await signIn(page, "alice@example.com", undefined, `/signin?callbackUrl=${encodeURIComponent(evil)}`);
    await page.waitForURL((url) => url.origin === new URL(baseURL!).origin && url.pathname === "/");
  }
});

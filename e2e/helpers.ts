import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "depot-demo";

/** Signs in through the real form; waits for the page to be interactive first. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, path = "/signin") {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function expectSignedInAs(page: Page, name: string) {
  await expect(page.getByText(name).first()).toBeVisible();
}

/** Opens a page and waits until client components are hydrated, so clicks land. */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}

/** A signed-in staff member in a browser of their own; pickers and packers get a handheld-sized screen. */
export async function staffPage(browser: Browser, email: string, handheld = false): Promise<Page> {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    ...(handheld ? { viewport: { width: 390, height: 844 }, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  await signIn(page, email);
  // Pickers and packers land on their own work (My picklists, the pack station), others on the overview.
  await page.waitForURL(/\/console(\/pick|\/pack)?$/);
  return page;
}

/** Types a scan the way a keyboard-wedge scanner does: the code, then Enter. */
export async function scan(page: Page, label: string, code: string) {
  const field = page.getByLabel(label, { exact: true });
  await expect(field).toBeEnabled();
  await field.fill(code);
  await field.press("Enter");
}

/** The sandbox card form: a test card number, a future expiry and a security code (or those given). */
export async function fillSandboxCard(page: Page, number: string, { expiry = "12 / 34", cvc = "123" }: { expiry?: string; cvc?: string } = {}) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry").fill(expiry);
  await page.getByLabel("Security code").fill(cvc);
}

/** A guest order from Newark, NJ (the EAST warehouse is nearest), by card (4242) or cash on delivery; returns its number. */
export async function placeGuestOrder(
  page: Page,
  skus: string[],
  payment: "card" | "cod",
  name = "Wanda Warehouse",
  email = `guest-${randomUUID().slice(0, 8)}@example.com`,
): Promise<string> {
  for (const sku of skus) {
    await open(page, `/products/${sku}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByText("Added to your cart")).toBeVisible();
  }
  await open(page, "/checkout");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Street address").fill("1 Market Street");
  await page.getByLabel("City").fill("Newark");
  await page.getByLabel("State").selectOption("NJ");
  await page.getByLabel("ZIP code").fill("07102");
  if (payment === "card") {
    await page.getByRole("radio", { name: "Card", exact: true }).check();
    await fillSandboxCard(page, "4242 4242 4242 4242");
  } else {
    await page.getByRole("radio", { name: "Cash on delivery" }).check();
  }
  await page.getByRole("button", { name: "Place order" }).click();
  await page.waitForURL(/\/orders\/D\d{6,}$/);
  return /D\d{6,}$/.exec(new URL(page.url()).pathname)![0];
}

/** A guest card order (see placeGuestOrder); returns its number once confirmed. */
export async function placeCardOrder(page: Page, skus: string[]): Promise<string> {
  const number = await placeGuestOrder(page, skus, "card");
  await expect(page.getByText("Confirmed", { exact: true }).first()).toBeVisible({ timeout: 20_000 });
  return number;
}

/** The picker opens My picklists and starts the given picklist, landing on its pick walk. */
export async function startPicklist(picker: Page, picklistNumber: string) {
  await open(picker, "/console/pick");
  await picker.getByRole("listitem", { name: picklistNumber, exact: true }).getByRole("button", { name: "Start" }).click();
  await picker.waitForURL(/\/console\/pick\/[0-9a-f-]{36}$/);
}

/**
 * On the manager's board: releases a wave of one-order picklists and returns the open picklist
 * holding the order (its row, with the picker chooser) and its number.
 */
export async function releaseWaveFor(manager: Page, orderNumber: string) {
  await open(manager, "/console/board");
  await manager.getByLabel("Orders per picklist").fill("1");
  await manager.getByLabel("Picklists at most").fill("200");
  await manager.getByRole("button", { name: "Release wave" }).click();
  await expect(manager.getByText(/^Wave W\d+ released$/)).toBeVisible();
  const row = manager.getByRole("listitem").filter({ hasText: orderNumber }).filter({ has: manager.getByRole("combobox") });
  await expect(row).toHaveCount(1);
  const picklistNumber = /P\d+/.exec((await row.getAttribute("aria-label")) ?? "")![0];
  return { row, picklistNumber };
}

/** Hands a picklist row of the board to a picker, by name. */
export async function assignPicklist(row: Locator, pickerName: string) {
  await row.getByRole("combobox").selectOption({ label: pickerName });
  await expect(row.getByRole("combobox")).toHaveValue(/.+/);
}

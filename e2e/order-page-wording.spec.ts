import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { e2eDatabase } from "./db";
import { open, placeCardOrder, placeGuestOrder, signIn } from "./helpers";

// Issue 12, item 5: what the order page says, in the viewer's own locale and time zone.
// Seeded products no other spec uses, with plenty of stock.
const LIP_BALM_SKU = "BTY-LIPBALM-4PK";
const VASE_SKU = "HOM-VASE-CER-WHT";

/** A reader in Tokyo whose browser speaks German: every date must be in that zone and language. */
const viewer = { locale: "de-DE", timezoneId: "Asia/Tokyo" } as const;
const inViewersZone = (date: Date) => new Intl.DateTimeFormat(viewer.locale, { dateStyle: "medium", timeStyle: "short", timeZone: viewer.timezoneId }).format(date);

/** A browser of that reader, which records every console error (a hydration mismatch among them) and every 404. */
async function viewerContext(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, ...viewer });
  const problems: string[] = [];
  context.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error on ${message.page()?.url() ?? "?"}: ${message.text()}`);
  });
  context.on("weberror", (error) => problems.push(`uncaught error: ${error.error().message}`));
  context.on("response", (response) => {
    if (response.status() === 404) problems.push(`404 ${response.url()}`);
  });
  return { context, page: await context.newPage(), problems };
}

async function createdAt(number: string): Promise<Date> {
  const sql = e2eDatabase();
  try {
    const [row] = await sql<{ created_at: Date }[]>`select created_at from orders where number = ${number}`;
    return row!.created_at;
  } finally {
    await sql.end();
  }
}

test("issue 12 item 5, OR-P1-04: a cash-on-delivery order says Pay on delivery in the viewer's zone, shows its cancel deadline, and once cancelled claims no confirmation", async ({ browser }) => {
  const { context, page, problems } = await viewerContext(browser);
  const number = await placeGuestOrder(page, [LIP_BALM_SKU], "cod", "Wanda Wording");
  // Loaded afresh, so the server renders it first and the browser hydrates it.
  await open(page, `/orders/${number}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(number);

  await expect(page.getByText("Pay on delivery", { exact: true })).toBeVisible();
  await expect(page.getByText("Awaiting payment")).toHaveCount(0);
  const placed = await createdAt(number);
  const placedText = page.getByText(/^Placed /);
  await expect(placedText).toHaveText(`Placed ${inViewersZone(placed)}`);
  await expect(placedText.locator("time")).toHaveAttribute("datetime", placed.toISOString());

  // The deadline sits beside the button: the end of the 60-minute window, in the viewer's zone.
  const cancel = page.getByRole("button", { name: "Cancel order" });
  const deadline = page.getByText(/^You can cancel until /);
  await expect(deadline).toHaveText(`You can cancel until ${inViewersZone(new Date(placed.getTime() + 60 * 60_000))}.`);
  await expect(cancel.locator("xpath=..")).toContainText("You can cancel until");

  await cancel.click();
  await page.getByRole("button", { name: "Yes, cancel order" }).click();
  await expect(page.getByText("Cancelled", { exact: true }).first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
  await expect(page.getByText("You can cancel until")).toHaveCount(0);
  await expect(page.getByText("Confirmation sent")).toHaveCount(0);
  await open(page, `/orders/${number}`);
  await expect(page.getByText("Cancelled", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Confirmation sent")).toHaveCount(0);
  await expect(page.getByText("Pay on delivery")).toHaveCount(0);

  expect(problems).toEqual([]);
  await context.close();
});

test("issue 12 item 5: the payment history of a captured, then refunded, card order lists the authorization, the capture and the refund", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page, problems } = await viewerContext(browser);
  const number = await placeCardOrder(page, [VASE_SKU]);
  await expect(page.getByText("Payment captured")).toBeVisible({ timeout: 20_000 });
  await page.getByRole("button", { name: "Cancel order" }).click();
  await page.getByRole("button", { name: "Yes, cancel order" }).click();
  await expect(page.getByText("Payment refunded")).toBeVisible({ timeout: 20_000 });

  await open(page, `/orders/${number}`);
  const history = page.getByRole("list", { name: "Payment history" });
  await expect(history.getByRole("listitem")).toHaveCount(3);
  await expect(history.getByRole("listitem").nth(0)).toContainText("Authorized");
  await expect(history.getByRole("listitem").nth(1)).toContainText("Captured");
  await expect(history.getByRole("listitem").nth(2)).toContainText("Refunded");
  // Each step with its time, in the viewer's zone.
  const when = history.locator("time").first();
  await expect(when).toHaveText(inViewersZone(new Date((await when.getAttribute("datetime"))!)));

  // The console shows its dates in the same reader's zone (no more UTC-only figures).
  const staff = await viewerContext(browser);
  await signIn(staff.page, "ops@depot.test");
  await staff.page.waitForURL("**/console");
  await open(staff.page, `/console/orders/${number}`);
  await expect(staff.page.getByText(`placed ${inViewersZone(await createdAt(number))}`)).toBeVisible();
  // A page the server renders with its dates: the browser swaps in the reader's zone after hydrating.
  await open(staff.page, "/console/fulfillments");
  const created = staff.page.getByRole("row").filter({ hasText: number }).locator("time");
  await expect(created).toHaveText(inViewersZone(new Date((await created.getAttribute("datetime"))!)));

  expect(problems).toEqual([]);
  expect(staff.problems).toEqual([]);
  await staff.context.close();
  await context.close();
});

test("issue 12 item 5: every page links the favicon, and /favicon.ico is served", async ({ browser, request }) => {
  const { context, page, problems } = await viewerContext(browser);
  const icons = async () => page.locator('head link[rel="icon"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
  for (const path of ["/", "/products", "/signin"]) {
    await open(page, path);
    expect(await icons(), path).toEqual(expect.arrayContaining([expect.stringMatching(/\/favicon\.ico(\?|$)/), expect.stringMatching(/\/icon\.svg/)]));
  }
  await signIn(page, "ops@depot.test");
  await page.waitForURL("**/console");
  await page.waitForLoadState("networkidle");
  expect(await icons(), "/console").toEqual(expect.arrayContaining([expect.stringMatching(/\/favicon\.ico(\?|$)/)]));

  for (const href of await icons()) {
    const response = await request.get(href);
    expect(response.status(), href).toBe(200);
    expect(response.headers()["content-type"], href).toMatch(/^image\//);
  }
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  expect(problems).toEqual([]);
  await context.close();
});

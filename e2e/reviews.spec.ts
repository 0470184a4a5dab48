import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { e2eDatabase } from "./db";
import { open, staffPage } from "./helpers";

/**
 * Reviews with verified purchase (issue 14): only customers who received the product may
 * review it (RV-P1-02), every review waits in the console's moderation queue where ops approve
 * or reject it with a reason (RV-P1-01), and the product page then shows the approved review
 * with the verified-purchase mark and the average, never the rejected one.
 */

/** A product of this spec only, stocked in a bin of its own in EAST (Newark ships from there). */
async function createProduct(): Promise<{ id: string; sku: string }> {
  const sql = e2eDatabase();
  try {
    const sku = `RV-${randomUUID().slice(0, 8).toUpperCase()}`;
    const name = `Review test kettle ${sku}`;
    const zone = `R${randomUUID().slice(0, 5).toUpperCase()}`;
    await sql`
      with site as (select id from warehouses where code = 'EAST'),
      loc as (
        insert into warehouse_locations (warehouse_id, zone, aisle, shelf, bin, code, walk_sequence)
        select id, ${zone}, 1, 1, 1, ${`${zone}-01-1-01`}, 980001 from site returning id, warehouse_id
      ),
      p as (insert into products (sku, name, category, weight_grams, description) values (${sku}, ${name}, 'kitchen', 900, 'e2e reviews') returning id),
      price as (insert into product_prices (product_id, currency, amount, effective_from) select id, 'USD', '24.00', now() - interval '1 day' from p),
      level as (insert into inventory_levels (warehouse_id, product_id, on_hand, location_id) select loc.warehouse_id, p.id, 20, loc.id from loc, p)
      insert into inventory_ledger (warehouse_id, product_id, on_hand_delta, reserved_delta, reason) select loc.warehouse_id, p.id, 20, 0, 'test_stock' from loc, p`;
    const [row] = await sql<{ id: string }[]>`select id from products where sku = ${sku}`;
    return { id: row!.id, sku };
  } finally {
    await sql.end();
  }
}

/**
 * The carrier's last mile, skipped: the order placed through the checkout is marked delivered
 * in the database (the warehouse journey walks pick, pack, ship and delivery in warehouse.spec).
 */
async function markDelivered(orderNumber: string) {
  const sql = e2eDatabase();
  try {
    const moved = await sql`update orders set status = 'delivered', updated_at = now() where number = ${orderNumber} returning id`;
    expect(moved).toHaveLength(1);
  } finally {
    await sql.end();
  }
}

/** A new customer in a browser of their own, registered through the real form and signed in. */
async function newCustomer(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await open(page, "/register");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(`review-${randomUUID().slice(0, 8)}@example.com`);
  await page.getByLabel("Password").fill("review-password-2026");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  return page;
}

/** A cash-on-delivery order of the product to Newark, placed through the checkout; returns its number. */
async function orderProduct(page: Page, sku: string): Promise<string> {
  await open(page, `/products/${sku}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Added to your cart")).toBeVisible();
  await open(page, "/checkout");
  await page.getByLabel("Street address").fill("1 Market Street");
  await page.getByLabel("City").fill("Newark");
  await page.getByLabel("State").selectOption("NJ");
  await page.getByLabel("ZIP code").fill("07102");
  await page.getByLabel("Cash on delivery").check();
  await page.getByRole("button", { name: "Place order" }).click();
  await page.waitForURL(/\/orders\/D\d{6,}$/);
  return /D\d{6,}$/.exec(new URL(page.url()).pathname)![0];
}

async function writeReview(page: Page, sku: string, review: { rating: number; title: string; body: string }) {
  await open(page, `/products/${sku}`);
  const form = page.getByRole("form", { name: "Review this product" });
  await form.getByLabel("Rating").selectOption(String(review.rating));
  await form.getByLabel("Title").fill(review.title);
  await form.getByLabel("Your review").fill(review.body);
  await form.getByRole("button", { name: "Submit review" }).click();
  await expect(page.getByText("Thank you: your review is published once our team has checked it.")).toBeVisible();
}

test("issue 14 RV-P1-02, RV-P1-01: verified buyers review, a buyer without a delivered order is refused, ops approve one and reject one, the product page shows the approved one", async ({ browser }) => {
  const product = await createProduct();
  const praise = { rating: 5, title: "Boils fast, pours clean", body: "Two litres boil in under four minutes and the spout never drips." };
  const rant = { rating: 1, title: "Buy it cheaper elsewhere", body: "Another shop sells this kettle for less, go there instead." };

  // RV-P1-02: an order placed but not delivered is no verified purchase — no form, the reason instead, and the API refuses too.
  const eager = await newCustomer(browser, "Eddie Eager");
  await orderProduct(eager, product.sku);
  await open(eager, `/products/${product.sku}`);
  await expect(eager.getByText("Only customers who received this product can review it: review it once your order of it is delivered.")).toBeVisible();
  await expect(eager.getByRole("form", { name: "Review this product" })).toHaveCount(0);
  const refused = await eager.evaluate(async (input) => {
    const response = await fetch("/api/trpc/reviews.submit", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: input }) });
    return { status: response.status, body: (await response.json()) as { error: { json: { message: string; data: { code: string } } } } };
  }, { productId: product.id, ...praise });
  expect(refused.status).toBe(412);
  expect(refused.body.error.json).toMatchObject({
    message: "Only customers who received this product can review it: review it once your order of it is delivered.",
    data: { code: "PRECONDITION_FAILED" },
  });

  // Two customers whose orders of the product were delivered write a review each.
  const vera = await newCustomer(browser, "Vera Verified");
  await markDelivered(await orderProduct(vera, product.sku));
  await writeReview(vera, product.sku, praise);
  const rex = await newCustomer(browser, "Rex Ranter");
  await markDelivered(await orderProduct(rex, product.sku));
  await writeReview(rex, product.sku, rant);
  // Nothing is published before moderation.
  await open(vera, `/products/${product.sku}`);
  await expect(vera.getByText("You have already reviewed this product: there is one review per customer and product.")).toBeVisible();
  await expect(vera.getByText("No reviews yet.")).toBeVisible();

  // RV-P1-01: ops reject one with a reason and approve the other in the console's queue.
  const ops = await staffPage(browser, "ops@depot.test");
  await open(ops, "/console/reviews");
  const rantRow = ops.getByRole("row").filter({ hasText: rant.title });
  await expect(rantRow).toContainText(product.sku);
  await rantRow.getByLabel("Reason to reject").fill("Points customers to another shop");
  await rantRow.getByRole("button", { name: "Reject" }).click();
  await expect(rantRow).toHaveCount(0);
  const praiseRow = ops.getByRole("row").filter({ hasText: praise.title });
  await praiseRow.getByRole("button", { name: "Approve" }).click();
  await expect(praiseRow).toHaveCount(0);
  await ops.getByLabel("Status").selectOption({ label: "Rejected" });
  await expect(ops.getByRole("row").filter({ hasText: rant.title })).toContainText(product.sku);

  // The product page shows the approved review with the verified mark and the average; the rejected one nowhere.
  const visitor = await browser.newPage({ baseURL: test.info().project.use.baseURL });
  await open(visitor, `/products/${product.sku}`);
  const reviews = visitor.getByRole("list", { name: "Customer reviews" });
  await expect(reviews.getByRole("listitem")).toHaveCount(1);
  const shown = reviews.getByRole("listitem", { name: praise.title });
  await expect(shown).toContainText(praise.body);
  await expect(shown).toContainText("Verified purchase");
  await expect(shown).toContainText("Vera");
  await expect(visitor.getByText("5.0 out of 5 · 1 review")).toBeVisible();
  await expect(visitor.getByText(rant.title)).toHaveCount(0);
});

import { expect, test, type Browser, type Page } from "@playwright/test";
import { e2eDatabase } from "./db";
import { open, placeGuestOrder, signIn } from "./helpers";

// Seeded products stocked only in EAST, used by this spec only.
const RUNNERS = "FTW-RUNNER-BLK-9"; // 69 units
const TSHIRT = "APP-TSHIRT-BLK-M"; // 20 units: the product page shows exactly how many can be added

/** A guest's cash-on-delivery order of one unit; returns its number. */
async function codOrder(browser: Browser, sku: string): Promise<string> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    return await placeGuestOrder(await context.newPage(), [sku], "cod", "Olive Ops-Test");
  } finally {
    await context.close();
  }
}

async function addableUnits(page: Page, sku: string): Promise<number> {
  await open(page, `/products/${sku}`);
  const hint = page.getByText(/^You can add up to \d+\.$/);
  await expect(hint).toBeVisible();
  return Number(/\d+/.exec((await hint.textContent()) ?? "")![0]);
}

/** reserved = the live reservations' sum, for every warehouse of the product. */
async function stockIsRight(sql: ReturnType<typeof e2eDatabase>, sku: string) {
  const rows = await sql<{ reserved: number; live: number }[]>`
    select il.reserved, coalesce((select sum(r.quantity) from reservations r
      where r.warehouse_id = il.warehouse_id and r.product_id = il.product_id and r.status in ('active', 'confirmed')), 0)::int as live
    from inventory_levels il join products p on p.id = il.product_id where p.sku = ${sku}`;
  for (const row of rows) expect(row.reserved).toBe(row.live);
}

test("ops replay failed compensations singly and in bulk (a double replay counts once) and release a stuck reservation", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const sql = e2eDatabase();
  try {
    // Three orders the saga cancelled but whose stock release kept failing: the failed
    // compensations ops find in the DLQ. Order A's release still fails at first.
    const [a, b, c] = [await codOrder(browser, RUNNERS), await codOrder(browser, RUNNERS), await codOrder(browser, RUNNERS)];
    const numbers = [a!, b!, c!];
    await sql`update orders set status = 'cancelled', updated_at = now() where number in ${sql(numbers)}`;
    await sql`insert into failed_compensations (operation, order_id, metadata, attempts, next_attempt_at, last_error)
      select 'release_reservations', id, '{"source": "e2e"}'::jsonb, 7, now() + interval '1 day', 'reservation release kept failing'
      from orders where number in ${sql(numbers)}`;
    const [first] = await sql<{ id: string }[]>`select id from orders where number = ${a!}`;
    const orderA = first!.id;
    await sql.unsafe(`
      create or replace function e2e_block_release() returns trigger language plpgsql as $$
      begin
        if new.order_id = '${orderA}' and new.status <> old.status then raise exception 'reservation release blocked by the e2e test'; end if;
        return new;
      end $$;
      create trigger e2e_block_release before update on reservations for each row execute function e2e_block_release();`);

    await signIn(page, "ops@depot.test");
    await page.waitForURL("**/console");
    await open(page, "/console/compensations");
    const row = (number: string) => page.getByTestId("compensation-row").filter({ hasText: number });
    for (const number of numbers) await expect(row(number)).toBeVisible();

    // A single replay that fails again is shown with its error.
    await row(a!).getByRole("button", { name: /^Replay / }).click();
    const results = page.getByRole("list", { name: "Replay result per compensation" });
    await expect(results).toContainText("Failed again", { timeout: 30_000 });
    await row(a!).getByRole("link", { name: /^Details of / }).click();
    await expect(page.getByRole("list", { name: "Attempts, newest first" })).toContainText("reservation release blocked by the e2e test");

    // The cause is fixed; the same replay now succeeds.
    await sql.unsafe("drop trigger e2e_block_release on reservations; drop function e2e_block_release()");
    await page.getByRole("button", { name: "Replay this compensation" }).click();
    await expect(page.getByText("Resolved").first()).toBeVisible({ timeout: 30_000 });

    // Bulk replay of the other two, clicked twice in a row: each is replayed once.
    await open(page, "/console/compensations");
    await row(b!).getByRole("checkbox").check();
    await row(c!).getByRole("checkbox").check();
    await page.getByRole("button", { name: "Replay selected (2)" }).dblclick();
    await expect(results.getByText("Resolved")).toHaveCount(2, { timeout: 30_000 });
    const attempts = await sql<{ number: string; replays: number; releases: number }[]>`
      select o.number,
        (select count(*) from compensation_attempts ca where ca.compensation_id = fc.id and ca.trigger = 'replay')::int as replays,
        (select count(*) from inventory_ledger l where l.reference_id = o.id::text and l.reason = 'reservation_released')::int as releases
      from failed_compensations fc join orders o on o.id = fc.order_id where o.number in ${sql([b!, c!])}`;
    expect(attempts.map((r) => ({ replays: r.replays, releases: r.releases }))).toEqual([
      { replays: 1, releases: 1 },
      { replays: 1, releases: 1 },
    ]);
    await stockIsRight(sql, RUNNERS);

    // A stuck reservation: an order cancelled while its stock stayed held.
    const shopper = await browser.newPage({ baseURL: test.info().project.use.baseURL });
    const before = await addableUnits(shopper, TSHIRT);
    const d = await codOrder(browser, TSHIRT);
    expect(await addableUnits(shopper, TSHIRT)).toBe(before - 1);
    await sql`update orders set status = 'cancelled', updated_at = now() - interval '1 hour' where number = ${d}`;

    await open(page, "/console/reservations");
    const stuck = page.getByTestId("stuck-reservation").filter({ hasText: d });
    await expect(stuck).toContainText(TSHIRT);
    await page.getByLabel("Reason", { exact: true }).fill("order cancelled, its release was lost");
    await stuck.getByRole("button", { name: /^Release/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: `Release 1 × ${TSHIRT}` }).click();
    await expect(stuck).toHaveCount(0);
    expect(await addableUnits(shopper, TSHIRT)).toBe(before);
    await stockIsRight(sql, TSHIRT);

    // Both repairs are in the audit log.
    await open(page, "/console/audit");
    await page.getByLabel("Search the audit log").fill("release was lost");
    await page.getByLabel("Search the audit log").press("Enter");
    await expect(page.getByText("order cancelled, its release was lost")).toBeVisible();
    await page.screenshot({ path: "/tmp/console-audit.png", fullPage: true });
  } finally {
    await sql.end();
  }
});

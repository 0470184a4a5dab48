import { expect, test } from "@playwright/test";
import { assignPicklist, open, placeCardOrder, releaseWaveFor, scan, staffPage, startPicklist } from "./helpers";

// Seeded in EAST (bin B-01-1-04, nearest to Newark) and WEST only; no other spec buys it.
const SKILLET = { sku: "KIT-SKILLET-CI-10", bin: "B-01-1-04" };

test("a short pick's missing units ship from another warehouse: the east manager moves them to WEST, whose next wave picks them, the customer is not refunded, and the audit log shows the release and the move by name (issue 12 item 9)", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const number = await placeCardOrder(page, [SKILLET.sku]);

  const east = await staffPage(browser, "manager.east@depot.test");
  const { row, picklistNumber } = await releaseWaveFor(east, number);
  const wave = /W\d+/.exec((await east.getByText(/^Wave W\d+ released$/).textContent()) ?? "")![0];
  await assignPicklist(row, "Pete Picker");

  // The skillet is not on its shelf.
  const picker = await staffPage(browser, "picker.east@depot.test", true);
  await startPicklist(picker, picklistNumber);
  await scan(picker, "Scan bin", SKILLET.bin);
  await picker.getByRole("button", { name: "Short pick" }).click();
  await picker.getByLabel("Units found").fill("0");
  await picker.getByLabel("Reason").selectOption({ label: "Not in the bin" });
  await picker.getByRole("button", { name: "Report short pick" }).click();
  await expect(picker.getByRole("heading", { name: `Picklist ${picklistNumber} done — take the cart to packing` })).toBeVisible();

  // The manager ships it from WEST instead, the only other warehouse that has it.
  await east.reload();
  await east.waitForLoadState("networkidle");
  const short = east.getByRole("listitem").filter({ hasText: `${number}: 1 × ${SKILLET.sku}` });
  await expect(short.getByLabel(`Warehouse to ship ${number} ${SKILLET.sku} from`)).toHaveValue(/.+/);
  await expect(short.getByRole("option")).toHaveText([/^WEST · [\d,]+ free · [\d,]+ km/]);
  await east.screenshot({ path: "/tmp/console-short-pick-move.png", fullPage: true });
  await short.getByRole("button", { name: "Ship 1 from WEST" }).click();
  await expect(short).toHaveCount(0);

  // WEST's next wave carries the order.
  await releaseWaveFor(await staffPage(browser, "manager.west@depot.test"), number);

  // The customer paid for a skillet that still ships: nothing is refunded or shown as cancelled.
  await page.reload();
  await page.waitForLoadState("networkidle");
  await expect(page.getByText(/refund/i)).toHaveCount(0);
  await expect(page.getByText(/couldn't be shipped/i)).toHaveCount(0);

  // Issue 12 item 9: ops find the release and the settlement in the audit log, by the names people use.
  const ops = await staffPage(browser, "ops@depot.test");
  const entries = ops.getByRole("list", { name: "Audit entries" });
  const search = async (q: string) => {
    await open(ops, "/console/audit");
    await ops.getByLabel("Search the audit log").fill(q);
    await ops.getByLabel("Search the audit log").press("Enter");
    await ops.waitForLoadState("networkidle");
  };
  await search(wave);
  const release = entries.getByRole("listitem", { name: "wave.release by manager.east@depot.test" });
  await expect(release).toHaveCount(1); // the list has been filtered (other journeys release waves too)
  await expect(release).toContainText(`wave ${wave} at EAST`);
  await search(picklistNumber);
  const moved = entries.getByRole("listitem", { name: "short_pick.move by manager.east@depot.test" });
  await expect(moved).toHaveCount(1);
  await expect(moved).toContainText(`picklist ${picklistNumber} · ${SKILLET.sku}`);
  await expect(moved.getByRole("link", { name: number })).toHaveAttribute("href", `/console/orders/${number}`);
  await expect(moved).toContainText("1 missing unit(s) moved to WEST");
  await expect(entries.getByRole("listitem", { name: "picklist.assign by manager.east@depot.test" })).toContainText(`picklist ${picklistNumber}`);
  await expect(entries.getByRole("listitem", { name: "pick.short by picker.east@depot.test" })).toBeVisible();
  // Targets read as people know them: no bare UUID anywhere in the entries' text.
  expect(await entries.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  await ops.screenshot({ path: "/tmp/console-audit-short-pick.png", fullPage: true });
});

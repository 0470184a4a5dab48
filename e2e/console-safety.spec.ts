import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./db";
import { assignPicklist, open, placeCardOrder, releaseWaveFor, scan, staffPage, startPicklist } from "./helpers";
import { eastBin, pickAndPack } from "./warehouse-flow";

// Seeded products stocked in EAST (Newark ships from there), no QC check, that no other spec buys.
const CUTBOARD = "KIT-CUTBOARD-WAL";
const TEE = "APP-TSHIRT-WHT-L";
const BLOCKS = "TOY-BLOCKS-WOOD-50";

async function productName(sku: string): Promise<string> {
  const sql = e2eDatabase();
  try {
    const [row] = await sql<{ name: string }[]>`select name from products where sku = ${sku}`;
    return row!.name;
  } finally {
    await sql.end();
  }
}

/** Opens the confirmation with `open`, checks what it says, then leaves it by the way out and by Escape: nothing happens. */
async function expectConfirmation(page: Page, openIt: () => Promise<void>, says: (string | RegExp)[], dismiss: string) {
  const dialog = page.getByRole("dialog");
  await openIt();
  await expect(dialog).toBeVisible();
  for (const text of [...says, "This cannot be undone."]) await expect(dialog).toContainText(text);
  await expect(dialog.getByRole("button", { name: dismiss })).toBeFocused();
  await dialog.getByRole("button", { name: dismiss }).click();
  await expect(dialog).toBeHidden();
  await openIt();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await openIt();
  return dialog;
}

test("issue 12 item 10: cancelling a picklist and cancelling short-picked units ask first with what happens; going back changes nothing, confirming does it", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const number = await placeCardOrder(page, [CUTBOARD]);
  const manager = await staffPage(browser, "manager.east@depot.test");
  const first = await releaseWaveFor(manager, number);

  const cancelButton = first.row.getByRole("button", { name: `Cancel ${first.picklistNumber}` });
  const dialog = await expectConfirmation(manager, () => cancelButton.click(), [`Cancel picklist ${first.picklistNumber}?`, number, "The orders themselves are not cancelled."], "Keep the picklist");
  // Still there after going back twice.
  await expect(first.row).toHaveCount(1);
  await dialog.getByRole("button", { name: `Cancel picklist ${first.picklistNumber}` }).click();
  await expect(first.row).toHaveCount(0);

  // The order waits for the next wave; this time the board is missing from its bin.
  const second = await releaseWaveFor(manager, number);
  await assignPicklist(second.row, "Pete Picker");
  const picker = await staffPage(browser, "picker.east@depot.test", true);
  await startPicklist(picker, second.picklistNumber);
  await scan(picker, "Scan bin", await eastBin(CUTBOARD));
  await picker.getByRole("button", { name: "Short pick" }).click();
  await picker.getByLabel("Units found").fill("0");
  await picker.getByLabel("Reason").selectOption({ label: "Not in the bin" });
  await picker.getByRole("button", { name: "Report short pick" }).click();
  await expect(picker.getByRole("heading", { name: `Picklist ${second.picklistNumber} done — take the cart to packing` })).toBeVisible();

  await manager.reload();
  await manager.waitForLoadState("networkidle");
  const short = manager.getByRole("listitem").filter({ hasText: `${number}: 1 × ${CUTBOARD}` });
  const units = await expectConfirmation(
    manager,
    () => short.getByRole("button", { name: "Cancel 1 and refund" }).click(),
    [`Cancel 1 × ${CUTBOARD} of order ${number}?`, new RegExp(`Cancel 1 × ${CUTBOARD} and refund \\$[\\d,]+\\.\\d{2} to the customer's card`)],
    "Keep the units",
  );
  await manager.screenshot({ path: "/tmp/console-confirm-cancel-units.png" });
  await expect(short).toHaveCount(1);
  await units.getByRole("button", { name: /^Cancel 1 and refund \$[\d,]+\.\d{2}$/ }).click();
  await expect(short).toHaveCount(0);
});

test("issue 12 items 10 and 11: cancelling an order and discarding a compensation ask first; the SKU ledger links the order, says why stock moved and keeps a running balance", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const number = await placeCardOrder(page, [TEE]);
  const ops = await staffPage(browser, "ops@depot.test");
  await open(ops, `/console/orders/${number}`);
  await ops.getByLabel("Reason", { exact: true }).fill("customer phoned to cancel");
  const dialog = await expectConfirmation(
    ops,
    () => ops.getByRole("button", { name: "Cancel order" }).click(),
    [`Cancel order ${number}?`, `Cancel order ${number}: release the stock held for its 1 unit, cancel 1 fulfillment, and `, /\$[\d,]+\.\d{2} card/],
    "Keep the order",
  );
  await expect(ops.getByText(`Order ${number} cancelled`)).toHaveCount(0);
  await dialog.getByRole("button", { name: `Cancel order ${number}` }).click();
  await expect(ops.getByText(`Order ${number} cancelled:`)).toBeVisible();

  // The ledger: the reservation and its release link to the order; the balance after each row.
  await open(ops, `/console/inventory/${TEE}`);
  const ledger = ops.getByRole("table", { name: /Ledger of/ });
  const reserved = ledger.getByRole("row").filter({ hasText: "Reserved for an order" }).filter({ hasText: number });
  await expect(reserved.getByRole("link", { name: number })).toHaveAttribute("href", `/console/orders/${number}`);
  await expect(ledger.getByRole("row").filter({ hasText: "Reservation released" }).filter({ hasText: number })).toHaveCount(1);
  await expect(ledger.getByRole("columnheader", { name: "On hand after" })).toBeVisible();
  const east = ops.locator("dt", { hasText: /^EAST/ }).locator("..").getByText(/^\d+ on hand · \d+ reserved/);
  const [onHand, held] = /^(\d+) on hand · (\d+) reserved/.exec((await east.textContent()) ?? "")!.slice(1);
  const newestEast = ledger.getByRole("row").filter({ hasText: "EAST" }).first();
  await expect(newestEast.getByRole("cell").nth(6)).toHaveText(onHand!);
  await expect(newestEast.getByRole("cell").nth(7)).toHaveText(held!);
  await ops.screenshot({ path: "/tmp/console-sku-ledger.png", fullPage: true });

  // A compensation that kept failing for this order; discarding it asks first.
  const sql = e2eDatabase();
  let id: string;
  try {
    const [row] = await sql<{ id: string }[]>`insert into failed_compensations (operation, order_id, metadata, attempts, next_attempt_at, last_error, status)
      select 'refund', id, '{"source": "e2e"}'::jsonb, 5, now() + interval '1 day', 'refund kept failing', 'exhausted' from orders where number = ${number} returning id`;
    id = row!.id;
  } finally {
    await sql.end();
  }
  await open(ops, `/console/compensations/${id}`);
  await ops.getByLabel("Reason for discarding").fill("refunded by hand at the bank");
  const discard = await expectConfirmation(
    ops,
    () => ops.getByRole("button", { name: "Discard", exact: true }).click(),
    [`for order ${number}`, "failed 5 times", "never retried again", "refunded by hand at the bank"],
    "Keep retrying it",
  );
  await expect(ops.getByText(/^Discarded by/)).toHaveCount(0);
  await discard.getByRole("button", { name: "Discard for good" }).click();
  await expect(ops.getByText(/^Discarded by ops@depot\.test/)).toBeVisible();
});

test("issue 12 item 11: the returns desk's counts follow each action, and a damaged item goes back on the shelf only through an override with its reason", async ({ page, browser }) => {
  test.setTimeout(300_000);
  const number = await placeCardOrder(page, [BLOCKS]);
  const { manager, packer, tracking } = await pickAndPack(browser, number, BLOCKS);
  await open(packer, "/console/shipping");
  await scan(packer, "Scan a parcel to hand it to the carrier", tracking);
  await open(manager, "/console/shipping");
  await manager.getByRole("group", { name: `Simulate carrier for ${number}` }).getByRole("button", { name: "Carrier: delivered" }).click();
  await expect(manager.getByTestId("shipped-row").filter({ hasText: number })).toContainText("Delivered");

  await page.reload();
  await expect(page.getByText("Delivered", { exact: true }).first()).toBeVisible();
  const blocksName = await productName(BLOCKS);
  await page.getByLabel(`Return quantity for ${blocksName}`).selectOption("1");
  await page.getByLabel(`Reason for ${blocksName}`).selectOption({ label: "Arrived damaged" });
  await page.getByRole("button", { name: "Request return" }).click();
  const returnRow = page.getByRole("list", { name: "Your returns" }).getByRole("listitem").first();
  await expect(returnRow).toContainText("Requested");
  const returnNumber = /R\d+/.exec((await returnRow.textContent()) ?? "")![0];

  const ops = await staffPage(browser, "ops@depot.test");
  await open(ops, "/console/returns");
  const status = ops.getByLabel("Status", { exact: true });
  const count = async (label: string) => Number(/\((\d+)\)/.exec((await status.locator("option", { hasText: label }).textContent()) ?? "")![1]);
  const requested = await count("Requested");
  const approved = await count("Approved");
  const refunded = await count("Refunded");
  await ops.getByRole("button", { name: `Open return ${returnNumber}` }).click();
  await ops.getByRole("button", { name: "Approve" }).click();
  // The counts follow without a reload (the list polls only every 10 s).
  await expect(status.locator("option", { hasText: "Requested" })).toHaveText(`Requested (${requested - 1})`, { timeout: 5_000 });
  await expect(status.locator("option", { hasText: "Approved" })).toHaveText(`Approved (${approved + 1})`, { timeout: 5_000 });

  // Inspected as damaged: restocking it is an explicit override with its reason.
  await ops.getByLabel(`Condition for ${BLOCKS}`).selectOption({ label: "Damaged" });
  await ops.getByLabel(`Restock ${BLOCKS} as sellable anyway (override)`).check();
  await ops.getByRole("button", { name: "Receive and refund" }).click();
  await expect(ops.getByText("Say why, in at least 5 characters")).toBeVisible();
  await expect(ops.getByRole("dialog")).toBeHidden();
  await ops.getByLabel(`Why ${BLOCKS} goes back on the shelf although it is damaged`).fill("box scuffed at one corner; blocks sealed");
  const receive = await expectConfirmation(
    ops,
    () => ops.getByRole("button", { name: "Receive and refund" }).click(),
    [`Receive return ${returnNumber}?`, /Refund \$[\d,]+\.\d{2} to the customer's card/, `Back on the shelf in EAST: 1 × ${BLOCKS} (damaged, overridden)`],
    "Go back",
  );
  // Gone back twice: still approved, waiting for its inspection.
  await expect(ops.getByRole("form", { name: `Inspect return ${returnNumber}` })).toBeAttached();
  await receive.getByRole("button", { name: /^Receive and refund \$[\d,]+\.\d{2}$/ }).click();
  await expect(ops.getByText("Override: box scuffed at one corner; blocks sealed")).toBeVisible();
  // Refunded and restocked in the background: once the return shows it, the desk's count follows
  // at once, not at the list's next 10-second poll.
  await expect(ops.getByText(/^Restocked /)).toBeVisible({ timeout: 30_000 });
  await expect(ops.getByRole("heading", { name: `Return ${returnNumber}`, exact: true }).locator("..").getByText("Refunded", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(status.locator("option", { hasText: "Refunded" })).toHaveText(`Refunded (${refunded + 1})`, { timeout: 1_500 });
  await ops.screenshot({ path: "/tmp/console-return-override.png", fullPage: true });
});

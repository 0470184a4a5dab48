import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./db";
import { assignPicklist, open, placeCardOrder, releaseWaveFor, staffPage, startPicklist } from "./helpers";

/**
 * Handhelds with a keyboard-wedge scanner on a slow, patchy network (issue 12 items 6–8): every
 * Enter-terminated code is one scan, queued while a request is in flight, answered in order;
 * scans made without network wait on the device and replay once with their scan ids.
 */

type Product = { sku: string; bin: string };

/** Two products of this spec only, each in a bin of its own in EAST (Newark ships from there), 100 g a unit. */
async function createProducts(): Promise<[Product, Product]> {
  const sql = e2eDatabase();
  try {
    const zone = `H${randomUUID().slice(0, 5).toUpperCase()}`;
    const made: Product[] = [];
    for (const bin of [1, 2]) {
      const sku = `HH-${randomUUID().slice(0, 8).toUpperCase()}`;
      const code = `${zone}-01-1-0${bin}`;
      await sql`
        with site as (select id from warehouses where code = 'EAST'),
        loc as (
          insert into warehouse_locations (warehouse_id, zone, aisle, shelf, bin, code, walk_sequence)
          select id, ${zone}, 1, 1, ${bin}, ${code}, ${990_000 + bin} from site returning id, warehouse_id
        ),
        p as (insert into products (sku, name, category, weight_grams, description) values (${sku}, ${`Handheld test ${sku}`}, 'kitchen', 100, 'e2e handheld scans') returning id),
        price as (insert into product_prices (product_id, currency, amount, effective_from) select id, 'USD', '12.00', now() - interval '1 day' from p),
        level as (insert into inventory_levels (warehouse_id, product_id, on_hand, location_id) select loc.warehouse_id, p.id, 50, loc.id from loc, p)
        insert into inventory_ledger (warehouse_id, product_id, on_hand_delta, reserved_delta, reason) select loc.warehouse_id, p.id, 50, 0, 'test_stock' from loc, p`;
      made.push({ sku, bin: code });
    }
    return made as [Product, Product];
  } finally {
    await sql.end();
  }
}

async function packedUnits(orderNumber: string): Promise<Record<string, number>> {
  const sql = e2eDatabase();
  try {
    const rows = await sql<{ sku: string; packed: number }[]>`
      select p.sku, fi.packed_quantity as packed from fulfillment_items fi
      join fulfillments f on f.id = fi.fulfillment_id join orders o on o.id = f.order_id join products p on p.id = fi.product_id
      where o.number = ${orderNumber}`;
    return Object.fromEntries(rows.map((r) => [r.sku, r.packed]));
  } finally {
    await sql.end();
  }
}

/** 700 ms more on every tRPC request, like a handheld at the far end of the warehouse Wi-Fi. */
async function slowNetwork(page: Page) {
  await page.route("**/api/trpc/**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.fallback();
  });
}

/** A keyboard-wedge scanner: the code in a few milliseconds, then Enter, into whatever has the focus. */
async function wedge(page: Page, code: string) {
  await page.keyboard.type(code, { delay: 2 });
  await page.keyboard.press("Enter");
}

/** Records every tone the page plays (frequency of each Web Audio oscillator started). */
async function recordTones(page: Page) {
  await page.addInitScript(() => {
    const played: number[] = [];
    (window as unknown as { __tones: number[] }).__tones = played;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode["start"]>) {
      played.push(this.frequency.value);
      return start.apply(this, args);
    };
  });
}
const tones = (page: Page) => page.evaluate(() => [...(window as unknown as { __tones: number[] }).__tones]);

const scanLines = (page: Page) => page.getByTestId("scan-line");

test("wedge-speed scans under 700 ms latency are each counted once and in order on the pick walk and the pack station; offline scans wait on the device and replay once; focus comes back after Print label (issue 12 items 6, 7, 8)", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const [pan, lid] = await createProducts();
  const number = await placeCardOrder(page, [pan.sku, pan.sku, pan.sku, lid.sku, lid.sku]);

  const manager = await staffPage(browser, "manager.east@depot.test");
  const { row, picklistNumber } = await releaseWaveFor(manager, number);
  await assignPicklist(row, "Pete Picker");

  // The picker walks it: bin then item at once, on a slow network (sign-in landing: foundation.spec.ts).
  const picker = await staffPage(browser, "picker.east@depot.test", true);
  await startPicklist(picker, picklistNumber);
  await slowNetwork(picker);
  await expect(picker.getByLabel("Scan bin", { exact: true })).toBeFocused();
  await wedge(picker, pan.bin);
  await wedge(picker, pan.sku); // while the bin is still being checked
  await expect(picker.getByLabel("Quantity")).toHaveValue("3");
  await expect(scanLines(picker)).toHaveText([new RegExp(`^${pan.sku}.*is right`), new RegExp(`^${pan.bin}.*Bin ${pan.bin} is right`)]);
  await picker.getByRole("button", { name: "Confirm pick" }).click();
  // Focus is back in the scan field for the next line.
  await expect(picker.getByLabel("Scan bin", { exact: true })).toBeFocused();
  await wedge(picker, lid.bin);
  await wedge(picker, lid.sku);
  await expect(picker.getByLabel("Quantity")).toHaveValue("2");
  await picker.getByLabel("Quantity").press("Enter");
  await expect(picker.getByRole("heading", { name: `Picklist ${picklistNumber} done — take the cart to packing` })).toBeVisible();
  await expect(picker.locator('[data-testid="scan-line"][data-status="refused"]')).toHaveCount(0);

  // The packer scans the order and its items 0–500 ms apart, each request 700 ms.
  const packer = await staffPage(browser, "packer.east@depot.test", true);
  await recordTones(packer);
  await open(packer, "/console/pack");
  await slowNetwork(packer);
  await expect(packer.getByLabel("Scan order", { exact: true })).toBeFocused();
  await wedge(packer, number);
  await wedge(packer, pan.sku);
  await packer.waitForTimeout(300);
  await wedge(packer, pan.sku);
  await expect(packer.getByLabel(/^Scan (order|item)$/)).toHaveValue("");
  const done = scanLines(packer).and(packer.locator('[data-status="accepted"]'));
  await expect(done).toHaveCount(3);

  // The third pan's answer is lost on the way back: the handheld sends it again, the server counts it once.
  let lost = 0;
  await packer.route("**/api/trpc/**", async (route) => {
    if (lost === 0 && route.request().url().includes("packing.scan")) {
      lost += 1;
      await route.fetch();
      await route.abort("connectionreset");
    } else await route.fallback();
  });
  await wedge(packer, pan.sku);
  await expect(packer.getByText(`${pan.sku}: 3 of 3 packed (counted once)`).first()).toBeVisible({ timeout: 20_000 });
  await expect(done).toHaveCount(4);
  // Newest first: every scan answered for itself, none glued to another.
  await expect(scanLines(packer)).toHaveText([
    new RegExp(`^${pan.sku}.*3 of 3 packed`),
    new RegExp(`^${pan.sku}.*2 of 3 packed`),
    new RegExp(`^${pan.sku}.*1 of 3 packed`),
    new RegExp(`^${number}.*Order ${number} is open`),
  ]);
  expect(lost).toBe(1);
  expect(await packedUnits(number)).toMatchObject({ [pan.sku]: 3, [lid.sku]: 0 });
  expect(await tones(packer)).toContain(1320);

  // No Wi-Fi in this aisle: the lids and one extra lid wait on the device.
  await packer.context().setOffline(true);
  await wedge(packer, lid.sku);
  await wedge(packer, lid.sku);
  await wedge(packer, lid.sku);
  await expect(packer.getByTestId("scan-queue-status")).toHaveText(/^Offline — 3 scans waiting/);
  // Only the page comes back after a reload, not the API: the scans are still there (IndexedDB).
  await packer.route("**/api/trpc/**", (route) => route.abort("internetdisconnected"));
  await packer.context().setOffline(false);
  await packer.reload();
  await expect(packer.getByTestId("scan-queue-status")).toHaveText(/^Offline — 3 scans waiting/, { timeout: 20_000 });
  expect(await packedUnits(number)).toMatchObject({ [lid.sku]: 0 });

  // The network is back: replayed in order, counted once, the extra lid refused on its own line.
  await packer.unrouteAll({ behavior: "wait" });
  await slowNetwork(packer);
  await packer.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(packer.getByTestId("scan-queue-status")).toHaveText("", { timeout: 20_000 });
  const refused = scanLines(packer).and(packer.locator('[data-status="refused"]'));
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText(`All 2 of ${lid.sku} are packed already`);
  await expect(scanLines(packer).and(packer.locator('[data-status="accepted"]'))).toHaveText([new RegExp(`2 of 2 packed`), new RegExp(`1 of 2 packed`)]);
  expect(await packedUnits(number)).toMatchObject({ [pan.sku]: 3, [lid.sku]: 2 });
  expect(await tones(packer)).toContain(220);

  // Muted: the next answers are silent, and the switch holds after a reload.
  await packer.getByRole("button", { name: "Mute sound" }).click();
  await expect(packer.getByRole("button", { name: "Mute sound" })).toHaveAttribute("aria-pressed", "true");
  const heard = (await tones(packer)).length;

  // Weigh and close; after Print label the next scan goes to the scan field, not the link again.
  const hint = packer.getByText(/^Expected [\d,]+ g with this box/);
  await expect(hint).toBeVisible();
  const expected = Number(/Expected ([\d,]+) g/.exec((await hint.textContent()) ?? "")![1]!.replaceAll(",", ""));
  await packer.getByLabel("Weight (g)").fill(String(expected));
  await packer.getByRole("button", { name: "Close box and print label" }).click();
  const popup = packer.waitForEvent("popup");
  await packer.getByRole("link", { name: "Print label" }).click();
  await (await popup).close();
  await expect(packer.getByLabel("Scan order", { exact: true })).toBeFocused();
  await wedge(packer, "D000000");
  await expect(refused.first()).toContainText("D000000");
  expect(packer.context().pages()).toHaveLength(1);
  expect((await tones(packer)).length).toBe(heard);
  await packer.reload();
  await expect(packer.getByRole("button", { name: "Mute sound" })).toHaveAttribute("aria-pressed", "true");
});

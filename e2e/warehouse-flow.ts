import { expect, type Browser } from "@playwright/test";
import { e2eDatabase } from "./db";
import { assignPicklist, open, releaseWaveFor, scan, staffPage, startPicklist } from "./helpers";

/** The EAST bin a seeded product is picked from. */
export async function eastBin(sku: string): Promise<string> {
  const sql = e2eDatabase();
  try {
    const [row] = await sql<{ code: string }[]>`select l.code from inventory_levels il join products p on p.id = il.product_id
      join warehouses w on w.id = il.warehouse_id join warehouse_locations l on l.id = il.location_id where p.sku = ${sku} and w.code = 'EAST'`;
    return row!.code;
  } finally {
    await sql.end();
  }
}

/**
 * A one-line EAST order through the warehouse as staff do it: the manager releases a wave and
 * hands the picklist to Pete, who picks it by scans; Paula packs it at the weight the box expects
 * and closes it with its label. Returns the manager's and packer's pages and the tracking number.
 */
export async function pickAndPack(browser: Browser, orderNumber: string, sku: string) {
  const manager = await staffPage(browser, "manager.east@depot.test");
  const { row, picklistNumber } = await releaseWaveFor(manager, orderNumber);
  await assignPicklist(row, "Pete Picker");
  const picker = await staffPage(browser, "picker.east@depot.test", true);
  await startPicklist(picker, picklistNumber);
  await scan(picker, "Scan bin", await eastBin(sku));
  await scan(picker, "Scan item", sku);
  await picker.getByRole("button", { name: "Confirm pick" }).click();
  await expect(picker.getByRole("heading", { name: `Picklist ${picklistNumber} done — take the cart to packing` })).toBeVisible();

  const packer = await staffPage(browser, "packer.east@depot.test", true);
  await open(packer, "/console/pack");
  await scan(packer, "Scan order", orderNumber);
  await scan(packer, "Scan item", sku);
  const hint = packer.getByText(/^Expected [\d,]+ g with this box/);
  await expect(hint).toBeVisible();
  const expected = Number(/Expected ([\d,]+) g/.exec((await hint.textContent()) ?? "")![1]!.replaceAll(",", ""));
  await packer.getByLabel("Weight (g)").fill(String(expected));
  await packer.getByRole("button", { name: "Close box and print label" }).click();
  const tracking = (await packer.getByTestId("tracking-number").textContent())!.trim();
  return { manager, packer, tracking };
}

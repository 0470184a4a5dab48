import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { tsxNodeArgs } from "../scripts/lib/tsx-args";
import { e2eDatabase } from "./db";
import { open, placeGuestOrder, scan } from "./helpers";
import { inbox } from "./inbox";
import { pickAndPack } from "./warehouse-flow";

// A seeded product stocked in EAST (Newark ships from there), no QC check, that no other spec buys.
const FRAME = "HOM-FRAME-8X10-OAK";

/** The outbox events the two mails came from: the order placed, and its shipment moving to shipped. */
async function mailedEvents(orderNumber: string): Promise<{ id: string; name: string }[]> {
  const sql = e2eDatabase();
  try {
    return await sql<{ id: string; name: string }[]>`select id, name from outbox
      where payload ->> 'orderId' = (select id::text from orders where number = ${orderNumber})
        and (name = 'order/placed' or (name = 'shipment/status-changed' and payload ->> 'to' = 'shipped'))
      order by position`;
  } finally {
    await sql.end();
  }
}

type Run = { functionId: string; status: string; output?: { outcome?: string } };

/** Delivers the outbox events once more through the app's /api/inngest (e2e/redeliver-events.ts); the runs that started. */
async function deliverAgain(outboxIds: string[]): Promise<Run[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [...tsxNodeArgs, path.join(import.meta.dirname, "redeliver-events.ts"), ...outboxIds], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn" },
    timeout: 90_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Run[];
}

test("issue 14: a guest is mailed 'order placed' with the total and 'shipped' with the tracking number, over real SMTP; the same events delivered again send no second mail", async ({ page, browser }) => {
  test.setTimeout(300_000);
  const email = `mail-journey-${randomUUID().slice(0, 8)}@example.com`;
  const number = await placeGuestOrder(page, [FRAME], "card", "Mae Mailer", email);
  await expect(page.getByText("Confirmed", { exact: true }).first()).toBeVisible({ timeout: 20_000 });
  const total = (await page.locator('div:has(> dt:text-is("Total")) > dd').first().textContent())!.trim();
  expect(total).toMatch(/^\$\d+\.\d{2}$/);

  const placed = await inbox.waitFor({ to: email, subject: `Order ${number} placed` });
  expect(placed.subject).toBe(`Order ${number} placed: ${total}`);
  expect(placed.text).toContain(total);
  expect(placed.html).toContain(total);
  expect(placed.html).toContain(`/orders/${number}`);

  // The staff flow: a wave, the pick by scans, packing with its label, the hand-over to the carrier.
  const { packer, tracking } = await pickAndPack(browser, number, FRAME);
  expect(tracking).toMatch(/^DS\d{16}$/);
  expect(await inbox.count({ to: email, subject: `Order ${number} shipped` })).toBe(0);
  await open(packer, "/console/shipping");
  await scan(packer, "Scan a parcel to hand it to the carrier", tracking);
  await expect(packer.getByTestId("shipped-row").filter({ hasText: number })).toContainText(tracking);

  const shipped = await inbox.waitFor({ to: email, subject: `Order ${number} shipped` });
  expect(shipped.subject).toContain(tracking);
  expect(shipped.text).toContain(tracking);
  expect(shipped.html).toContain(tracking);
  expect(shipped.html).toContain(`/orders/${number}`);

  // Both events once more, as an at-least-once bus may deliver them: each mail function runs to
  // its end, finds its mail already sent, and nothing more reaches the SMTP server.
  const events = await mailedEvents(number);
  expect(events.map((e) => e.name)).toEqual(["order/placed", "shipment/status-changed"]);
  const runs = await deliverAgain(events.map((e) => e.id));
  expect(await inbox.count({ to: email, subject: `Order ${number} placed` })).toBe(1);
  expect(await inbox.count({ to: email, subject: `Order ${number} shipped` })).toBe(1);
  const mailRuns = runs.filter((r) => r.functionId.startsWith("depot-mail-")).map((r) => [r.functionId, r.status, r.output?.outcome]);
  expect(mailRuns.sort()).toEqual([
    ["depot-mail-order-placed", "completed", "already_sent"],
    ["depot-mail-shipped", "completed", "already_sent"],
  ]);
});

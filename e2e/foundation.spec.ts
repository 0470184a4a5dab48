import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { newSigningKey, signatureHeader } from "../inngest/local-executor/signing";
import { e2eSigningKey } from "./db";
import { expectSignedInAs, signIn } from "./helpers";

// Pickers and packers land on their own work, not the overview (issue 12 item 8).
const staff = [
  { email: "admin@depot.test", name: "Ada Admin", sections: ["Overview", "Warehouses", "Board", "Pick", "Pack", "Shipping", "Fulfillments", "Outbox", "Orders", "Returns", "Compensations", "Reservations", "Inventory", "Audit log"] },
  { email: "ops@depot.test", name: "Oscar Ops", sections: ["Overview", "Warehouses", "Shipping", "Fulfillments", "Outbox", "Orders", "Returns", "Compensations", "Reservations", "Inventory", "Audit log"] },
  { email: "manager.east@depot.test", name: "Maya Manager", sections: ["Overview", "Warehouses", "Board", "Pick", "Pack", "Shipping", "Fulfillments"] },
  { email: "picker.east@depot.test", name: "Pete Picker", sections: ["Warehouses", "Pick", "Fulfillments"], landing: "/console/pick", heading: "My picklists" },
  { email: "packer.east@depot.test", name: "Paula Packer", sections: ["Warehouses", "Pack", "Shipping", "Fulfillments"], landing: "/console/pack", heading: "Pack station" },
];
const allSections = ["Overview", "Warehouses", "Board", "Pick", "Pack", "Shipping", "Fulfillments", "Outbox", "Orders", "Returns", "Compensations", "Reservations", "Inventory", "Audit log"];

test("the storefront serves its home page", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Everything you need");
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});

for (const member of staff) {
  test(`${member.email} signs in, lands on the work of the role and sees only its console sections`, async ({ page }) => {
    await signIn(page, member.email);
    await page.waitForURL((url) => url.pathname === (member.landing ?? "/console"));
    await expect(page.getByRole("heading", { level: 1, name: member.heading ?? `Hello, ${member.name}` })).toBeVisible();
    const nav = page.getByRole("navigation").first();
    for (const section of allSections) {
      const link = nav.getByRole("link", { name: section, exact: true });
      if (member.sections.includes(section)) await expect(link).toBeVisible();
      else await expect(link).toHaveCount(0);
    }
  });
}

test("a customer signs in to the shop and is refused the console", async ({ page }) => {
  await signIn(page, "alice@example.com");
  await page.waitForURL((url) => url.pathname === "/");
  await expectSignedInAs(page, "Alice Carter");
  await expect(page.getByRole("link", { name: "Staff console" })).toHaveCount(0);
  await page.goto("/console");
  await expect(page.getByRole("heading", { name: "Staff only" })).toBeVisible();
  await page.goto("/console/outbox");
  await expect(page.getByRole("heading", { name: "Staff only" })).toBeVisible();
});

test("a picker opening the outbox page directly is refused", async ({ page }) => {
  await signIn(page, "picker.east@depot.test");
  await page.waitForURL("**/console/pick");
  await page.goto("/console/outbox");
  await expect(page.getByText("Error 403")).toBeVisible();
  await expect(page.getByText("Pending")).toHaveCount(0);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await signIn(page, "ops@depot.test", "not-the-password");
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("the console asks visitors to sign in and returns them there", async ({ page }) => {
  await page.goto("/console");
  await page.waitForURL(/\/signin\?callbackUrl=/);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill("manager.east@depot.test");
  await page.getByLabel("Password").fill("depot-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/console");
  await expect(page.getByRole("heading", { name: "Hello, Maya Manager" })).toBeVisible();
});

test("a new customer registers, is signed in, and the outbox relays the event through the executor", async ({ page, request }) => {
  const email = `e2e-${randomUUID().slice(0, 8)}@example.com`;
  await page.goto("/register");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Name").fill("Erin Endtoend");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 10 characters for your password")).toBeVisible();

  await page.getByLabel("Password").fill("a-good-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expectSignedInAs(page, "Erin Endtoend");

  // customer/registered went outbox → relay → Inngest (local executor) → welcome consumer.
  await expect
    .poll(async () => {
      const text = await (await request.get("/api/metrics")).text();
      const pending = Number(/^depot_outbox_pending\{[^}]*\} (\d+)/m.exec(text)?.[1]);
      const sent = Number(/^depot_outbox_sent_last_hour\{[^}]*\} (\d+)/m.exec(text)?.[1]);
      return pending === 0 && sent >= 1;
    }, { timeout: 20_000 })
    .toBe(true);

  await page.getByRole("link", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("registering an email that exists explains what to do", async ({ page }) => {
  await page.goto("/register");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Name").fill("Alice Again");
  await page.getByLabel("Email").fill("alice@example.com");
  await page.getByLabel("Password").fill("a-good-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
});

test("health and metrics endpoints answer; the metrics only on loopback without METRICS_TOKEN (004 P1-3, OBS-P2-01)", async ({ request }) => {
  expect((await request.get("/api/health/live")).status()).toBe(200);
  const ready = await request.get("/api/health/ready");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ ready: true, checks: { database: { ok: true }, migrations: { ok: true, pending: [] } } });
  // This runner reaches the server on 127.0.0.1, like a scraper beside the app; a forged client
  // address header is overwritten by the server with the socket's.
  const metrics = await request.get("/api/metrics", { headers: { "x-depot-client-address": "203.0.113.7" } });
  expect(metrics.status()).toBe(200);
  expect(metrics.headers()["content-type"]).toContain("text/plain");
  const text = await metrics.text();
  expect(text).toContain("depot_http_requests_total");
  expect(text).toContain("depot_outbox_oldest_pending_age_seconds");

  // The same server reached on one of this machine's other addresses is not loopback, whatever
  // X-Forwarded-For or the client address header claim. (The bearer-token mode is tested in
  // server/http/metrics-access.test.ts.)
  const outside = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === "IPv4");
  test.skip(!outside, "this machine has no non-loopback IPv4 address to call from");
  const port = new URL(test.info().project.use.baseURL!).port;
  const remote = await request.get(`http://${outside!.address}:${port}/api/metrics`, {
    headers: { "x-forwarded-for": "127.0.0.1", "x-depot-client-address": "127.0.0.1" },
  });
  expect(remote.status()).toBe(403);
  expect(await remote.text()).not.toContain("depot_");
});

/** Every function defined in inngest/functions, plus the onFailure handler the SDK serves beside each that has one. */
function servedFunctionCount(): number {
  const dir = path.resolve(import.meta.dirname, "../inngest/functions");
  let count = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.includes(".test."))) {
    const source = readFileSync(path.join(dir, file), "utf8");
    const defined = source.match(/inngest\.createFunction\(/g)?.length ?? 0;
    count += defined + (defined > 0 && /\bonFailure:/.test(source) ? 1 : 0);
  }
  return count;
}

test("the Inngest endpoint of the production build answers only calls signed with the signing key (issue 11)", async ({ request }) => {
  const run = JSON.stringify({ event: { name: "payment/status-changed", data: {} }, events: [], steps: {}, ctx: { run_id: "forged", attempt: 0, stack: { stack: [], current: 0 } } });
  const unsigned = [
    await request.post("/api/inngest?fnId=depot-order-confirm-on-payment&stepId=step", { data: run, headers: { "content-type": "application/json" } }),
    await request.get("/api/inngest"),
    await request.put("/api/inngest"),
    await request.get("/api/inngest", { headers: { "x-inngest-signature": signatureHeader("", newSigningKey(), new Date()) } }),
  ];
  expect(unsigned.map((r) => r.status())).toEqual([401, 401, 401, 401]);
  const signed = await request.get("/api/inngest", { headers: { "x-inngest-signature": signatureHeader("", e2eSigningKey(), new Date()) } });
  expect(signed.status()).toBe(200);
  expect(await signed.json()).toMatchObject({ function_count: servedFunctionCount(), mode: "cloud", authentication_succeeded: true });
});

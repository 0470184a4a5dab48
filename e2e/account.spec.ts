import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { expectSignedInAs, open } from "./helpers";

/** Issue 14: a customer's account: profile, address book feeding checkout, consent history, data export. A customer of its own. */

const HEADLAMP_SKU = "OUT-HEADLAMP-300";

async function register(page: Page, name: string, email: string) {
  await open(page, "/register");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("account-e2e-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

test("issue 14: a customer edits their profile, saves a default address that prefills checkout, changes consent and sees its history, and downloads their data", async ({ page }) => {
  const email = `account-${randomUUID().slice(0, 8)}@example.com`;
  await register(page, "Ada Account", email);

  // Profile (CS-P0-01, CS-P0-03): saved trimmed, the phone normalised; the header follows the new name.
  await page.getByRole("link", { name: "My account" }).click();
  await page.waitForURL("**/account/profile");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Name").fill("  Ada   Lovelace ");
  await page.getByLabel("Phone (optional)").fill("(973) 555-0100");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Your profile is saved.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Ada Lovelace");
  await expect(page.getByLabel("Phone (optional)")).toHaveValue("+19735550100");
  await expectSignedInAs(page, "Ada Lovelace");
  // Markup is refused with a sentence, nothing saved.
  await page.getByLabel("Name").fill("<b>Ada</b>");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("The name can't contain < or >.")).toBeVisible();

  // Address book: the first address becomes the default, and checkout starts from it.
  await open(page, "/account/addresses");
  await page.getByRole("button", { name: "Add an address" }).click();
  await expect(page.getByLabel("Full name")).toHaveValue("Ada Lovelace");
  await page.getByLabel("Street address").fill("200 E Randolph St");
  await page.getByLabel("City").fill("Chicago");
  await page.getByLabel("State").selectOption("IL");
  await page.getByLabel("ZIP code").fill("60601");
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByText("Default shipping address")).toBeVisible();
  await expect(page.getByText("200 E Randolph St")).toBeVisible();

  await open(page, `/products/${HEADLAMP_SKU}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Added to your cart")).toBeVisible();
  await open(page, "/checkout");
  await expect(page.getByText("Filled in from your default address.")).toBeVisible();
  await expect(page.getByLabel("Street address")).toHaveValue("200 E Randolph St");
  await expect(page.getByLabel("City")).toHaveValue("Chicago");
  await expect(page.getByLabel("State")).toHaveValue("IL");
  // Still editable.
  await page.getByLabel("Address line 2").fill("Suite 5");
  await expect(page.getByLabel("Address line 2")).toHaveValue("Suite 5");

  // Consent (CS-P1-03): every change is a version in the history shown.
  await open(page, "/account/preferences");
  await expect(page.getByText("You haven't made a choice yet")).toBeVisible();
  await page.getByLabel("Send me offers and news by email").check();
  await page.getByLabel("Newsletter frequency").selectOption("weekly");
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByText("Your preferences are saved.")).toBeVisible();
  await page.getByLabel("Send me offers and news by email").uncheck();
  await page.getByRole("button", { name: "Save preferences" }).click();
  const history = page.getByRole("table");
  await expect(history.getByRole("row")).toHaveCount(3);
  await expect(history.getByRole("row").nth(1)).toContainText(/^2.*No.*No.*Weekly.*You · Your account page$/);
  await expect(history.getByRole("row").nth(2)).toContainText(/^1.*Yes.*No.*Weekly.*You · Your account page$/);

  // Data export: a JSON file of their own data.
  await open(page, "/account/privacy");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download my data" }).click()]);
  expect(download.suggestedFilename()).toBe("depot-my-data.json");
  const data = JSON.parse(await readFile((await download.path())!, "utf8")) as {
    profile: { name: string; email: string; phone: string };
    addresses: { isDefault: boolean; address: { line1: string } }[];
    consentHistory: { version: number; marketingEmail: boolean }[];
    orders: unknown[];
  };
  expect(data.profile).toMatchObject({ name: "Ada Lovelace", email, phone: "+19735550100" });
  expect(data.addresses).toMatchObject([{ isDefault: true, address: { line1: "200 E Randolph St" } }]);
  expect(data.consentHistory.map((v) => [v.version, v.marketingEmail])).toEqual([
    [2, false],
    [1, true],
  ]);
  expect(data.orders).toEqual([]);
});

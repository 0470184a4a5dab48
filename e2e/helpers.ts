import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "depot-demo";

/** Signs in through the real form; waits for the page to be interactive first. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, path = "/signin") {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function expectSignedInAs(page: Page, name: string) {
  await expect(page.getByText(name).first()).toBeVisible();
}

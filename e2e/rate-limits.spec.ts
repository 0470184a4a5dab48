import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { e2eDatabase } from "./db";
import { expectSignedInAs, signIn } from "./helpers";

test("five wrong passwords lock the account: the right one is then refused with 429 and a message saying how long (GW-P0-02)", async ({ page }) => {
  const email = `locked-${randomUUID().slice(0, 8)}@example.com`;
  await page.goto("/register");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Name").fill("Lou Lockout");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("the-right-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expectSignedInAs(page, "Lou Lockout");
  await page.context().clearCookies();

  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong-guess-${i}`);
    await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
  }
  const answer = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
  await signIn(page, email, "the-right-long-password");
  const response = await answer;
  expect(response.status()).toBe(429);
  expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
  await expect(page.getByText(/^Too many wrong passwords for this account\. For its safety, sign-in is paused\. Please wait (1 minute|\d+ seconds) and try again\.$/)).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);

  // The counts and the lock live in PostgreSQL (rate_limits), shared by every app instance, not in
  // one process's memory: the production build's limiter reaches its Drizzle store.
  const sql = e2eDatabase();
  try {
    const keys = await sql<{ key: string }[]>`select key from rate_limits where key like ${`%:${email}`}`;
    expect(keys.map((k) => k.key).sort()).toEqual([`rl_signin_fail_account:${email}`, `rl_signin_lock_account:${email}`]);
  } finally {
    await sql.end();
  }
});

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { accountTokens, outbox, users } from "@/db/schema";
import { testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import { refreshSessionToken } from "@/server/auth/session-token";
import { env } from "@/server/env";
import { setFlushNotifier } from "@/server/outbox/flush";
import { createRateLimits, setRateLimits } from "@/server/rate-limits";
import { refusal, testBrowser } from "@/server/trpc/testing";
import { accountLinkToken } from "./account-links";
import { latestLinkToken, registeredCustomer, TEST_PASSWORD } from "./account-testing";

const handle = testDb(4);
const db = handle.db;

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

/** The production defaults of the reset limits (the harness relaxes per-address limits: all its traffic comes from one machine). */
function installLimits() {
  setRateLimits(createRateLimits({ ...env().rateLimits, passwordResetPerAddress: { points: 10, durationSeconds: 3600 }, passwordResetPerAccount: { points: 3, durationSeconds: 3600 } }, { kind: "memory" }));
}
afterEach(() => setRateLimits(undefined));

const NEW_PASSWORD = "a-brand-new-password";
const resetLink = async (email: string, userId: string) => {
  expect(await testBrowser().caller.account.requestPasswordReset({ email })).toEqual({ sent: true });
  return (await latestLinkToken(db, userId, "password-reset"))!;
};

describe("password reset by emailed, single-use, expiring link (issue 14)", () => {
  it("answers the same whether or not the email has an account, and emits the event only for an account", async () => {
    const rita = await registeredCustomer();
    const unknown = `nobody-${randomUUID().slice(0, 8)}@example.com`;
    const before = await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.name, "customer/password-reset-requested"));
    expect(await testBrowser().caller.account.requestPasswordReset({ email: unknown })).toEqual({ sent: true });
    expect(await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.name, "customer/password-reset-requested"))).toHaveLength(before.length);
    const link = await resetLink(rita.email.toUpperCase(), rita.id);
    const [token] = await db.select().from(accountTokens).where(eq(accountTokens.userId, rita.id));
    expect(link.payload).toEqual({ userId: rita.id, email: rita.email, name: rita.name, tokenId: token!.id, expiresAt: token!.expiresAt.toISOString() });
    // About an hour (PASSWORD_RESET_TTL_MINUTES), nothing secret in the row or the event.
    expect(token!.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(token!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    expect(JSON.stringify(link.payload)).not.toContain(link.token.split(".")[1]);
  });

  it("sets the new password once: a used link is refused, and the old password no longer signs in", async () => {
    const rita = await registeredCustomer();
    const { token } = await resetLink(rita.email, rita.id);
    await testBrowser().caller.account.resetPassword({ token, newPassword: NEW_PASSWORD });
    expect(await authenticate(db, rita.email, NEW_PASSWORD)).toMatchObject({ id: rita.id });
    expect(await authenticate(db, rita.email, TEST_PASSWORD)).toBeNull();
    expect(await refusal(testBrowser().caller.account.resetPassword({ token, newPassword: "yet-another-password" }))).toEqual({
      code: "PRECONDITION_FAILED",
      messages: ['This link has already been used. Ask for a new one with "Forgot password?" on the sign-in page.'],
    });
    expect(await authenticate(db, rita.email, NEW_PASSWORD)).toMatchObject({ id: rita.id });
  });

  it("two clicks on one link at once set a password once", async () => {
    const rita = await registeredCustomer();
    const { token } = await resetLink(rita.email, rita.id);
    const outcomes = await Promise.all(
      ["first-new-password", "second-new-password"].map((newPassword) =>
        testBrowser().caller.account.resetPassword({ token, newPassword }).then(() => "ok", (e: { code?: string }) => e.code),
      ),
    );
    expect(outcomes.sort()).toEqual(["PRECONDITION_FAILED", "ok"]);
  });

  it("refuses an expired link", async () => {
    const rita = await registeredCustomer();
    const { token, payload } = await resetLink(rita.email, rita.id);
    await db.update(accountTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accountTokens.id, String(payload.tokenId)));
    expect(await refusal(testBrowser().caller.account.resetPassword({ token, newPassword: NEW_PASSWORD }))).toEqual({
      code: "PRECONDITION_FAILED",
      messages: ['This link has expired. Ask for a new one with "Forgot password?" on the sign-in page.'],
    });
    expect(await authenticate(db, rita.email, TEST_PASSWORD)).toMatchObject({ id: rita.id });
  });

  it("refuses a forged link, a link of another purpose and an earlier link replaced by a newer one", async () => {
    const rita = await registeredCustomer();
    const first = await resetLink(rita.email, rita.id);
    const second = await resetLink(rita.email, rita.id);
    const reset = (token: string) => refusal(testBrowser().caller.account.resetPassword({ token, newPassword: NEW_PASSWORD }));
    const invalid = { code: "BAD_REQUEST", messages: ['This link is not valid. Ask for a new one with "Forgot password?" on the sign-in page.'] };
    expect(await reset(`${randomUUID()}.${second.token.split(".")[1]}`)).toEqual(invalid);
    expect(await reset(`${String(second.payload.tokenId)}.${"A".repeat(43)}`)).toEqual(invalid);
    expect(await reset(accountLinkToken("email-change", String(second.payload.tokenId)))).toEqual(invalid);
    // Well signed, but for a token id that was never issued.
    expect(await reset(accountLinkToken("password-reset", randomUUID()))).toEqual(invalid);
    expect(await reset(first.token)).toEqual({
      code: "PRECONDITION_FAILED",
      messages: ['This link was replaced by a newer one or is no longer valid. Ask for a new one with "Forgot password?" on the sign-in page.'],
    });
    expect(await authenticate(db, rita.email, TEST_PASSWORD)).toMatchObject({ id: rita.id });
    await testBrowser().caller.account.resetPassword({ token: second.token, newPassword: NEW_PASSWORD });
  });

  it("is rate limited per email, with the same answer for an email without an account", async () => {
    installLimits();
    const email = `limit-${randomUUID().slice(0, 8)}@example.com`;
    for (let i = 0; i < 3; i++) await testBrowser().caller.account.requestPasswordReset({ email });
    const limited = await refusal(testBrowser().caller.account.requestPasswordReset({ email }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.messages[0]).toMatch(/^Too many password reset requests for this email\. Please wait/);
  });

  it("is rate limited per client address", async () => {
    installLimits();
    const browser = testBrowser();
    for (let i = 0; i < 10; i++) await browser.caller.account.requestPasswordReset({ email: `addr-${i}-${randomUUID().slice(0, 8)}@example.com` });
    expect((await refusal(browser.caller.account.requestPasswordReset({ email: "one-more@example.com" }))).code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("password change, and sessions ending after it (issue 14)", () => {
  it("needs the current password; a changed password ends the other sessions and unused reset links", async () => {
    const rita = await registeredCustomer();
    const c = testBrowser(rita).caller;
    const signedIn = await refreshSessionToken(db, {}, rita);
    expect(signedIn).toMatchObject({ user: { id: rita.id }, sessionVersion: 1 });
    expect(await refreshSessionToken(db, signedIn)).toMatchObject({ user: { id: rita.id } });
    const pending = await resetLink(rita.email, rita.id);

    expect(await refusal(c.account.changePassword({ currentPassword: "not-my-password", newPassword: NEW_PASSWORD }))).toEqual({
      code: "BAD_REQUEST",
      messages: ["Your current password is not right."],
    });
    expect(await refreshSessionToken(db, signedIn)).toMatchObject({ user: { id: rita.id } });

    await c.account.changePassword({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(await authenticate(db, rita.email, NEW_PASSWORD)).toMatchObject({ id: rita.id });
    const after = await refreshSessionToken(db, signedIn);
    expect(after.user).toBeUndefined();
    expect(await refreshSessionToken(db, {}, rita)).toMatchObject({ user: { id: rita.id }, sessionVersion: 2 });
    expect((await refusal(testBrowser().caller.account.resetPassword({ token: pending.token, newPassword: "sneaky-password" }))).code).toBe("PRECONDITION_FAILED");
  });

  it("a session shows the profile's new name at once", async () => {
    const rita = await registeredCustomer();
    const signedIn = await refreshSessionToken(db, {}, rita);
    await db.update(users).set({ name: "Rita Renamed" }).where(eq(users.id, rita.id));
    expect((await refreshSessionToken(db, signedIn)).user?.name).toBe("Rita Renamed");
  });
});

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountTokens, users } from "@/db/schema";
import { testDb } from "@/db/testing";
import { authenticate } from "@/server/auth/authenticate";
import { setFlushNotifier } from "@/server/outbox/flush";
import { refusal, testBrowser } from "@/server/trpc/testing";
import { accountLinkToken } from "./account-links";
import { latestLinkToken, registeredCustomer, TEST_PASSWORD } from "./account-testing";

const handle = testDb(12);
const db = handle.db;

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

const row = async (id: string) => (await db.select().from(users).where(eq(users.id, id)))[0]!;

describe("profile edits with optimistic locking (CS-P0-01, issue 14)", () => {
  it("CS-P0-01: of two editors of one loaded form, the second is refused with 'changed elsewhere, reload' and nothing of its form is written", async () => {
    const rita = await registeredCustomer();
    const tabA = testBrowser(rita).caller;
    const tabB = testBrowser(rita).caller;
    const loaded = await tabA.account.profile();
    expect(await tabB.account.profile()).toEqual(loaded);

    const saved = await tabA.account.updateProfile({ expectedVersion: loaded.version, name: "Rita A", email: rita.email, phone: "973 555 0100" });
    expect(saved).toMatchObject({ name: "Rita A", phone: "+19735550100", version: loaded.version + 1 });

    const stale = await refusal(tabB.account.updateProfile({ expectedVersion: loaded.version, name: "Rita B", email: "rita-b@example.com", phone: "312 555 0199" }));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.messages[0]).toMatch(/changed elsewhere .* Reload the page/);
    expect(await row(rita.id)).toMatchObject({ name: "Rita A", email: rita.email, phone: "+19735550100", version: loaded.version + 1 });
    expect(await db.select().from(accountTokens).where(eq(accountTokens.userId, rita.id))).toEqual([]);
  });

  it("CS-P0-01: of ten concurrent saves of the same loaded form exactly one wins, the rest are CONFLICT, and the row holds the winner's whole form", async () => {
    const rita = await registeredCustomer();
    const { version } = await testBrowser(rita).caller.account.profile();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        testBrowser(rita)
          .caller.account.updateProfile({ expectedVersion: version, name: `Editor ${i}`, email: rita.email, phone: `+1 973 555 01${String(i).padStart(2, "0")}` })
          .then(() => i, (e: { code?: string }) => e.code ?? "other"),
      ),
    );
    const winners = outcomes.filter((o) => typeof o === "number");
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((o) => o === "CONFLICT")).toHaveLength(9);
    const i = winners[0] as number;
    expect(await row(rita.id)).toMatchObject({ name: `Editor ${i}`, phone: `+1973555010${i}`, version: version + 1 });
  });
});

describe("sanitised, validated profile input (CS-P0-03, issue 14)", () => {
  it("CS-P0-03: trims and collapses spaces, normalises the phone to E.164, lower-cases the email", async () => {
    const rita = await registeredCustomer();
    const c = testBrowser(rita).caller;
    const { version } = await c.account.profile();
    const saved = await c.account.updateProfile({ expectedVersion: version, name: "  Rita   van  Test ", email: `  ${rita.email.toUpperCase()} `, phone: "(973) 555-0100" });
    expect(saved).toMatchObject({ name: "Rita van Test", email: rita.email, phone: "+19735550100", pendingEmail: null });
    expect((await c.account.updateProfile({ expectedVersion: saved.version, name: "Rita", email: rita.email, phone: "+44 20 7946 0958" })).phone).toBe("+442079460958");
    expect((await c.account.updateProfile({ expectedVersion: saved.version + 1, name: "Rita", email: rita.email, phone: "" })).phone).toBeNull();
  });

  it("CS-P0-03: refuses markup, line breaks, invisible characters, control characters, overlong and malformed values with a sentence, writing nothing", async () => {
    const rita = await registeredCustomer();
    const c = testBrowser(rita).caller;
    const { version } = await c.account.profile();
    const before = await row(rita.id);
    const save = (patch: Record<string, string>) => refusal(c.account.updateProfile({ expectedVersion: version, name: "Rita", email: rita.email, phone: "", ...patch }));
    expect(await save({ name: '<script>alert("x")</script>' })).toEqual({ code: "BAD_REQUEST", messages: ["The name can't contain < or >."] });
    expect(await save({ name: "Rita\nTester" })).toEqual({ code: "BAD_REQUEST", messages: ["The name contains a line break or an invisible character. Type it on one line."] });
    expect(await save({ name: "Rita\u202eretseT" })).toEqual({ code: "BAD_REQUEST", messages: ["The name contains a line break or an invisible character. Type it on one line."] });
    expect((await save({ name: "Rita\u0007" })).code).toBe("BAD_REQUEST");
    expect(await save({ name: "x".repeat(101) })).toEqual({ code: "BAD_REQUEST", messages: ["Your name is too long (at most 100 characters)"] });
    expect(await save({ name: "   " })).toEqual({ code: "BAD_REQUEST", messages: ["Enter your name"] });
    expect(await save({ name: "12345" })).toEqual({ code: "BAD_REQUEST", messages: ["Your name needs at least one letter"] });
    expect(await save({ email: "rita@example.com<script>" })).toEqual({ code: "BAD_REQUEST", messages: ["Enter a valid email address"] });
    expect(await save({ email: `${"r".repeat(250)}@example.com` })).toEqual({ code: "BAD_REQUEST", messages: ["That email address is too long"] });
    const badPhone = { code: "BAD_REQUEST", messages: ["Enter a US phone number of 10 digits, or an international number starting with +"] };
    expect(await save({ phone: "555-CALL-NOW" })).toEqual(badPhone);
    expect(await save({ phone: "12345" })).toEqual(badPhone);
    expect(await save({ phone: "+1 973 555 01" })).toEqual(badPhone);
    expect(await row(rita.id)).toEqual(before);
  });

  it("CS-P0-03: registration takes the same sanitised name", async () => {
    const refused = await refusal(testBrowser().caller.account.register({ name: "<b>Bold</b>", email: "bold-name@example.com", password: TEST_PASSWORD }));
    expect(refused).toEqual({ code: "BAD_REQUEST", messages: ["The name can't contain < or >."] });
  });
});

describe("changing the email needs the emailed confirmation (issue 14)", () => {
  it("keeps the old email until the link is used, once; the new one then signs in", async () => {
    const rita = await registeredCustomer();
    const c = testBrowser(rita).caller;
    const newEmail = `new-${rita.email}`;
    const { version } = await c.account.profile();
    const saved = await c.account.updateProfile({ expectedVersion: version, name: rita.name, email: newEmail.toUpperCase(), phone: "" });
    expect(saved).toMatchObject({ email: rita.email, pendingEmail: newEmail });
    expect((await row(rita.id)).email).toBe(rita.email);

    const link = await latestLinkToken(db, rita.id, "email-change");
    expect(link?.payload).toMatchObject({ userId: rita.id, email: newEmail, name: rita.name });
    // A password-reset signature on the same token id is not an email-change link.
    const otherPurpose = accountLinkToken("password-reset", String(link!.payload.tokenId));
    expect((await refusal(testBrowser().caller.account.confirmEmailChange({ token: otherPurpose }))).code).toBe("BAD_REQUEST");

    expect(await testBrowser().caller.account.confirmEmailChange({ token: link!.token })).toEqual({ email: newEmail });
    expect(await row(rita.id)).toMatchObject({ email: newEmail, version: version + 2 });
    expect(await c.account.profile()).toMatchObject({ email: newEmail, pendingEmail: null });
    expect(await authenticate(db, newEmail, TEST_PASSWORD)).toMatchObject({ id: rita.id });
    expect(await authenticate(db, rita.email, TEST_PASSWORD)).toBeNull();

    const again = await refusal(testBrowser().caller.account.confirmEmailChange({ token: link!.token }));
    expect(again).toEqual({ code: "PRECONDITION_FAILED", messages: ["This link has already been used. Change your email on your profile again to get a new one."] });
  });

  it("refuses an email another account has, with a clear message, and writes nothing", async () => {
    const rita = await registeredCustomer();
    const c = testBrowser(rita).caller;
    const before = await row(rita.id);
    const taken = await refusal(c.account.updateProfile({ expectedVersion: before.version, name: "Rita Renamed", email: "ALICE@example.com", phone: "" }));
    expect(taken).toEqual({ code: "CONFLICT", messages: ["An account with this email already exists. Use another address."] });
    expect(await row(rita.id)).toEqual(before);
    expect(await latestLinkToken(db, rita.id, "email-change")).toBeNull();
  });

  it("refuses the confirmation when the address was taken by another account in the meantime", async () => {
    const rita = await registeredCustomer();
    const c = testBrowser(rita).caller;
    const wanted = `wanted-${rita.email}`;
    await c.account.updateProfile({ expectedVersion: (await c.account.profile()).version, name: rita.name, email: wanted, phone: "" });
    const link = await latestLinkToken(db, rita.id, "email-change");
    await testBrowser().caller.account.register({ name: "Quick Taker", email: wanted, password: TEST_PASSWORD });
    expect(await refusal(testBrowser().caller.account.confirmEmailChange({ token: link!.token }))).toEqual({
      code: "CONFLICT",
      messages: ["An account with this email already exists. Use another address."],
    });
    expect((await row(rita.id)).email).toBe(rita.email);
  });
});

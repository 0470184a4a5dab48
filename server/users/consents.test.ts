import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentVersions } from "@/db/schema";
import { testDb } from "@/db/testing";
import { setFlushNotifier } from "@/server/outbox/flush";
import { refusal, testBrowser } from "@/server/trpc/testing";
import { registeredCustomer } from "./account-testing";

const handle = testDb(12);
const db = handle.db;

beforeAll(() => setFlushNotifier(undefined));
afterAll(async () => {
  setFlushNotifier(null);
  await handle.close();
});

const yes = { marketingEmail: true, marketingSms: false, newsletterFrequency: "weekly" } as const;

describe("marketing consent with a versioned history (CS-P1-03, issue 14)", () => {
  it("CS-P1-03: starts with no consent; every change is a new version saying who, when, what and from where; the current state is the latest", async () => {
    const rita = await registeredCustomer();
    const c = testBrowser(rita).caller;
    expect(await c.consents.get()).toEqual({ current: { marketingEmail: false, marketingSms: false, newsletterFrequency: "monthly", version: 0 }, history: [] });

    const startedAt = Date.now();
    const first = await c.consents.update({ expectedVersion: 0, choices: yes });
    const second = await c.consents.update({ expectedVersion: first.current.version, choices: { ...yes, marketingSms: true, newsletterFrequency: "monthly" } });
    const third = await c.consents.update({ expectedVersion: second.current.version, choices: { marketingEmail: false, marketingSms: true, newsletterFrequency: "monthly" } });

    expect(third.current).toEqual({ marketingEmail: false, marketingSms: true, newsletterFrequency: "monthly", version: 3 });
    expect(third.history.map(({ createdAt: _, ...v }) => v)).toEqual([
      { version: 3, marketingEmail: false, marketingSms: true, newsletterFrequency: "monthly", actorId: rita.id, actorRole: "customer", source: "account-page" },
      { version: 2, marketingEmail: true, marketingSms: true, newsletterFrequency: "monthly", actorId: rita.id, actorRole: "customer", source: "account-page" },
      { version: 1, marketingEmail: true, marketingSms: false, newsletterFrequency: "weekly", actorId: rita.id, actorRole: "customer", source: "account-page" },
    ]);
    for (const v of third.history) expect(v.createdAt.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(await c.consents.get()).toEqual(third);
  });

  it("CS-P1-03: saving the same choices again adds no version; a stale form is refused and adds none", async () => {
    const rita = await registeredCustomer();
    const c = testBrowser(rita).caller;
    const first = await c.consents.update({ expectedVersion: 0, choices: yes });
    expect((await c.consents.update({ expectedVersion: 1, choices: yes })).history).toHaveLength(1);
    const stale = await refusal(c.consents.update({ expectedVersion: 0, choices: { ...yes, marketingEmail: false } }));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.messages[0]).toMatch(/changed elsewhere .* Reload/);
    expect(await c.consents.get()).toEqual(first);
  });

  it("CS-P1-03: concurrent changes each become their own version, numbered without gaps or duplicates", async () => {
    const rita = await registeredCustomer();
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const c = testBrowser(rita).caller;
        // Each change is read-then-saved as a person would: a stale read is refused, then retried on the fresh state.
        for (;;) {
          const { current } = await c.consents.get();
          const saved = await c.consents.update({ expectedVersion: current.version, choices: { ...yes, marketingSms: i % 2 === 0, newsletterFrequency: current.newsletterFrequency === "weekly" ? "monthly" : "weekly" } }).catch((e: { code?: string }) => {
            if (e.code !== "CONFLICT") throw e;
            return null;
          });
          if (saved) return;
        }
      }),
    );
    const versions = await db.select({ version: consentVersions.version }).from(consentVersions).where(eq(consentVersions.userId, rita.id)).orderBy(consentVersions.version);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("CS-P1-03: the history is append-only: the database refuses to change or remove a version", async () => {
    const rita = await registeredCustomer();
    await testBrowser(rita).caller.consents.update({ expectedVersion: 0, choices: yes });
    const refused = { cause: { message: expect.stringMatching(/^consent_versions is append-only/) } };
    await expect(db.execute(sql`update consent_versions set marketing_email = false where user_id = ${rita.id}`)).rejects.toMatchObject(refused);
    await expect(db.execute(sql`delete from consent_versions where user_id = ${rita.id}`)).rejects.toMatchObject(refused);
    expect(await db.select().from(consentVersions).where(eq(consentVersions.userId, rita.id))).toMatchObject([{ marketingEmail: true }]);
  });
});
